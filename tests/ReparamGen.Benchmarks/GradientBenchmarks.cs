using BenchmarkDotNet.Attributes;
using ReparamGen.Benchmarks.Cases;

namespace ReparamGen.Benchmarks;

/// <summary>Generated <c>WithGradient</c> against hand-written derivatives and a dual-number struct.</summary>
[MemoryDiagnoser]
public class GradientBenchmarks<TCase>
    where TCase : struct, ICase
{
    private Workload<TCase> single = null!;
    private Workload<TCase> batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        single = new Workload<TCase>(4096);
        batch = new Workload<TCase>(1_000_000);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4096)]
    [BenchmarkCategory("Single")]
    public double SingleHandWritten() => single.SingleHandWritten();

    [Benchmark(OperationsPerInvoke = 4096)]
    [BenchmarkCategory("Single")]
    public double SingleGenerated() => single.SingleGenerated();

    [Benchmark(OperationsPerInvoke = 4096)]
    [BenchmarkCategory("Single")]
    public double SingleDual() => single.SingleDual();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    [BenchmarkCategory("Batch")]
    public void BatchHandWritten() => batch.BatchHandWritten();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    [BenchmarkCategory("Batch")]
    public void BatchGenerated() => batch.BatchGenerated();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    [BenchmarkCategory("Batch")]
    public void BatchDual() => batch.BatchDual();
}
