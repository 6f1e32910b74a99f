using System;
using BenchmarkDotNet.Attributes;
using ReparamGen.Distributions;

namespace ReparamGen.Benchmarks;

/// <summary>
/// Philox batch fills, nanoseconds per element (OperationsPerInvoke = the batch length), against
/// <see cref="StandardNoise"/> drawing from a seeded <see cref="Random"/> one value at a time.
/// </summary>
[MemoryDiagnoser]
public class PhiloxBenchmarks
{
    private const int N = 65_536;
    private readonly double[] values = new double[N];
    private readonly float[] singles = new float[N];
    private readonly Philox philox = new(2011);
    private readonly Random random = new(2011);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillUniform() => philox.FillUniform(values);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillUniformSingle() => philox.FillUniform(singles);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillNormal() => philox.FillNormal(values);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillNormalSingle() => philox.FillNormal(singles);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillExponential() => philox.FillExponential(values);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillGumbel() => philox.FillGumbel(values);

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public void StandardNoiseNormalFromRandom() => StandardNoise.Normal(random, values);

    [Benchmark(OperationsPerInvoke = N)]
    public void StandardNoiseUniformFromRandom() => StandardNoise.Uniform(random, values);
}
