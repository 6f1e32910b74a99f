using BenchmarkDotNet.Attributes;
using ReparamGen.Benchmarks.Cases;

namespace ReparamGen.Benchmarks;

/// <summary>
/// The library's generated batch overloads (SIMD lanes) against a hand-written scalar loop of the same derivative
/// (<see cref="HandWritten"/>, the baseline), and against a loop over the library's scalar generated gradient (what the
/// batch overload was before it ran in lanes). 10⁶ elements, times per element.
/// </summary>
[MemoryDiagnoser]
public class SimdBatchBenchmarks<TCase>
    where TCase : struct, ICase, ILibraryCase
{
    private Workload<TCase> batch = null!;

    [GlobalSetup]
    public void Setup() => batch = new Workload<TCase>(1_000_000);

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000_000)]
    public void HandWrittenLoop() => batch.BatchHandWritten();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public void LibraryScalarLoop()
    {
        for (var i = 0; i < batch.A.Length; i++)
        {
            (batch.Value[i], batch.D1[i], batch.D2[i]) = TCase.LibraryScalar(batch.A[i], batch.B[i], batch.Noise[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public void LibrarySimdBatch() => TCase.LibraryBatch(batch.A, batch.B, batch.Noise, batch.Value, batch.D1, batch.D2);
}
