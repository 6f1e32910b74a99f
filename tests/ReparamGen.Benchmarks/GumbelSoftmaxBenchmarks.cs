using System;
using BenchmarkDotNet.Attributes;

namespace ReparamGen.Benchmarks;

/// <summary>
/// Batch Gumbel-Softmax forward + backward to the logits, nanoseconds per element (OperationsPerInvoke = N·K), τ = 0.5:
/// the fused route (noise drawn from <see cref="Philox"/> inside the forward kernel, backward from the sample alone)
/// against the noise-buffer route (<see cref="GumbelNoise.FillGumbel(Random, Span{double})"/> from a seeded
/// <see cref="Random"/>, then the batch forms that take the noise). The same workload as
/// tools/bench/side_by_side.sh's <c>gumbel</c> group. N·K is 2¹⁸ rounded down to a multiple of K and the figure divides by 2¹⁸
/// (0.02 % low at most).
/// </summary>
[MemoryDiagnoser]
public class GumbelSoftmaxBenchmarks
{
    private const int Elements = 1 << 18;
    private const double Temperature = 0.5;

    private readonly Philox philox = new(4);
    private readonly Random random = new(4);
    private double[] logits = Array.Empty<double>();
    private double[] upstream = Array.Empty<double>();
    private double[] gumbel = Array.Empty<double>();
    private double[] sample = Array.Empty<double>();
    private double[] grad = Array.Empty<double>();
    private float[] logitsF = Array.Empty<float>();
    private float[] upstreamF = Array.Empty<float>();
    private float[] sampleF = Array.Empty<float>();
    private float[] gradF = Array.Empty<float>();

    [Params(10, 100)]
    public int K { get; set; }

    private int N => Elements / K * K;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        logits = new double[N];
        upstream = new double[N];
        for (var i = 0; i < N; i++)
        {
            logits[i] = (2 * rng.NextDouble()) - 1;
            upstream[i] = rng.NextDouble() - 0.5;
        }

        gumbel = new double[N];
        sample = new double[N];
        grad = new double[N];
        logitsF = Array.ConvertAll(logits, v => (float)v);
        upstreamF = Array.ConvertAll(upstream, v => (float)v);
        sampleF = new float[N];
        gradF = new float[N];
    }

    [Benchmark(OperationsPerInvoke = Elements)]
    public void FusedDouble()
    {
        Relaxation.GumbelSoftmaxBatch(logits, K, Temperature, philox, sample);
        Relaxation.GumbelSoftmaxBackwardBatch(sample, K, Temperature, upstream, grad);
    }

    [Benchmark(OperationsPerInvoke = Elements)]
    public void FusedSingle()
    {
        Relaxation.GumbelSoftmaxBatch(logitsF, K, (float)Temperature, philox, sampleF);
        Relaxation.GumbelSoftmaxBackwardBatch(sampleF, K, (float)Temperature, upstreamF, gradF);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Elements)]
    public void NoiseBufferDouble()
    {
        GumbelNoise.FillGumbel(random, gumbel);
        Relaxation.GumbelSoftmaxBatch(logits, K, Temperature, gumbel, sample);
        var gradTemperature = 0.0;
        Relaxation.GumbelSoftmaxBackwardBatch(logits, K, Temperature, gumbel, sample, upstream, grad, ref gradTemperature);
    }
}
