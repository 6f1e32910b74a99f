using System;
using System.Diagnostics;
using System.Globalization;
using ReparamGen.Benchmarks.Cases;

namespace ReparamGen.Benchmarks;

/// <summary>
/// A fast Stopwatch run printing one JSON line per case and variant: the median of repeated timings,
/// in nanoseconds per element, and the allocation of the timed calls. For trends; BenchmarkDotNet for claims.
/// </summary>
public static class QuickMode
{
    public static void Run(int repetitions)
    {
        Measure<NormalCase>(repetitions);
        Measure<LogNormalCase>(repetitions);
        Measure<KumaraswamyCase>(repetitions);
        Measure<WeibullCase>(repetitions);
        Measure<CompositeCase>(repetitions);
        MeasurePhilox(repetitions);
    }

    // The same fills as PhiloxBenchmarks, 1e6 elements per call.
    private static void MeasurePhilox(int repetitions)
    {
        var values = new double[1_000_000];
        var singles = new float[values.Length];
        var philox = new Philox(2011);
        var random = new Random(2011);
        Print("Philox", "fill", "uniform-double", Time(() => philox.FillUniform(values), values.Length, repetitions));
        Print("Philox", "fill", "uniform-float", Time(() => philox.FillUniform(singles), values.Length, repetitions));
        Print("Philox", "fill", "normal-double", Time(() => philox.FillNormal(values), values.Length, repetitions));
        Print("Philox", "fill", "normal-float", Time(() => philox.FillNormal(singles), values.Length, repetitions));
        Print("Philox", "fill", "exponential-double", Time(() => philox.FillExponential(values), values.Length, repetitions));
        Print("Philox", "fill", "gumbel-double", Time(() => philox.FillGumbel(values), values.Length, repetitions));
        Print("StandardNoise", "fill", "normal-double-from-Random", Time(() => Distributions.StandardNoise.Normal(random, values), values.Length, repetitions));
    }

    private static void Measure<TCase>(int repetitions)
        where TCase : struct, ICase
    {
        var single = new Workload<TCase>(4096);
        var batch = new Workload<TCase>(1_000_000);
        var sink = 0.0;
        Print(TCase.Name, "single", "hand-written", Time(() => sink += single.SingleHandWritten(), single.A.Length, repetitions * 50));
        Print(TCase.Name, "single", "generated", Time(() => sink += single.SingleGenerated(), single.A.Length, repetitions * 50));
        Print(TCase.Name, "single", "dual-number", Time(() => sink += single.SingleDual(), single.A.Length, repetitions * 50));
        Print(TCase.Name, "batch", "hand-written", Time(batch.BatchHandWritten, batch.A.Length, repetitions));
        Print(TCase.Name, "batch", "generated", Time(batch.BatchGenerated, batch.A.Length, repetitions));
        Print(TCase.Name, "batch", "dual-number", Time(batch.BatchDual, batch.A.Length, repetitions));
        GC.KeepAlive(sink);
    }

    private static (double NsPerElement, long AllocatedBytes) Time(Action action, int elements, int repetitions)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var samples = new double[repetitions];
        var allocated = 0L;
        for (var i = 0; i < repetitions; i++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            action();
            var elapsed = Stopwatch.GetElapsedTime(start);
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
            samples[i] = elapsed.TotalMilliseconds * 1e6 / elements;
        }

        Array.Sort(samples);
        return (samples[repetitions / 2], allocated / repetitions);
    }

    private static void Print(string name, string mode, string variant, (double NsPerElement, long AllocatedBytes) result)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"case\":\"{name}\",\"mode\":\"{mode}\",\"variant\":\"{variant}\",\"ns_per_element\":{result.NsPerElement:F3},\"allocated_bytes_per_call\":{result.AllocatedBytes}}}"));
}
