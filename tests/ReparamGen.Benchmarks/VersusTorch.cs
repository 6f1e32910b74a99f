using System;
using System.Diagnostics;
using System.Globalization;
using ReparamGen.Distributions;

namespace ReparamGen.Benchmarks;

/// <summary>
/// The C# side of the side-by-side comparison with PyTorch: the same three batch operations
/// that tools/bench/torch_samplers.py and torch_gumbel_softmax.py time, one JSON line each, with the
/// median and the minimum nanoseconds per element over the repeats. Run both with tools/bench/side_by_side.sh.
/// </summary>
public static class VersusTorch
{
    /// <summary>Runs every case, or those whose group ("normal", "gamma", "gumbel") is in <paramref name="only"/>.</summary>
    public static void Run(int repeats, string? only = null)
    {
        bool Wanted(string group) => only is null || only.Contains(group, StringComparison.Ordinal);
        if (Wanted("normal"))
        {
            NormalRsample(1 << 20, repeats);
        }

        if (Wanted("gamma"))
        {
            GammaShapeGradient(1 << 18, repeats);
            GammaRsample(1 << 18, repeats);
        }

        if (Wanted("gumbel"))
        {
            VersusTorchGumbel.Run(1 << 18, repeats);
        }
    }

    /// <summary>Normal rsample and both partials: z = μ + σε with ∂z/∂μ, ∂z/∂σ (generated batch member).</summary>
    private static void NormalRsample(int n, int repeats)
    {
        var rng = new Random(1);
        var mean = new double[n];
        var stdDev = new double[n];
        for (var i = 0; i < n; i++)
        {
            mean[i] = rng.NextDouble();
            stdDev[i] = 0.5 + rng.NextDouble();
        }

        var value = new double[n];
        var dMean = new double[n];
        var dStdDev = new double[n];
        Print("normal_rsample_gradient", "float64", 0, n, Time(() => Normal.SampleWithGradient(mean, stdDev, rng, value, dMean, dStdDev), n, repeats));
        var philox = new Philox(1);
        Print("normal_rsample_gradient_philox", "float64", 0, n, Time(() => Normal.SampleWithGradient(mean, stdDev, philox, value, dMean, dStdDev), n, repeats));
    }

    /// <summary>∂z/∂α at given Gamma(α, 1) samples: the implicit gradient alone (PyTorch: _standard_gamma_grad).</summary>
    private static void GammaShapeGradient(int n, int repeats)
    {
        var (shape, z) = GammaInputs(n);
        var gradient = new double[n];
        Print("gamma_shape_gradient", "float64", 0, n, Time(
            () =>
            {
                for (var i = 0; i < n; i++)
                {
                    gradient[i] = Gamma.StandardSampleGradientAt(z[i], shape[i]).DShape;
                }
            },
            n,
            repeats));
        var rate = new[] { 1.0 };
        var dRate = new double[n];
        Print("gamma_shape_gradient_span", "float64", 0, n, Time(() => Gamma.SampleGradientAt(z, shape, rate, gradient, dRate), n, repeats));
    }

    /// <summary>Gamma(α, 1) rsample with its shape gradient (generated batch member: Marsaglia–Tsang + implicit gradient).</summary>
    private static void GammaRsample(int n, int repeats)
    {
        var (shape, _) = GammaInputs(n);
        var rng = new Random(3);
        var value = new double[n];
        var dShape = new double[n];
        Print("gamma_rsample_gradient", "float64", 0, n, Time(() => Gamma.StandardSampleWithGradient(shape, rng, value, dShape), n, repeats));
        var philox = new Philox(3);
        var rate = new[] { 1.0 };
        var dRate = new double[n];
        Print("gamma_rsample_gradient_philox", "float64", 0, n, Time(() => Gamma.SampleWithGradient(shape, rate, philox, value, dShape, dRate), n, repeats));
    }

    /// <summary>
    /// Shapes log-uniform on [0.1, 100] and one Gamma(α, 1) draw each: the realistic workload the throughput target is
    /// stated on (the torch script draws from the same law).
    /// </summary>
    private static (double[] Shape, double[] Z) GammaInputs(int n)
    {
        var rng = new Random(2);
        var shape = new double[n];
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            shape[i] = 0.1 * Math.Pow(1000.0, rng.NextDouble());
            z[i] = Gamma.StandardSample(shape[i], rng);
        }

        return (shape, z);
    }

    internal static (double Median, double Min, long Allocated, double CpuMedian, double CpuMin) Time(Action action, int elements, int repeats)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var samples = new double[repeats];
        var cpuSamples = new double[repeats];
        var allocated = 0L;
        for (var i = 0; i < repeats; i++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpuTime.Nanoseconds();
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / elements;
            cpuSamples[i] = (double)(ThreadCpuTime.Nanoseconds() - cpu) / elements;
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
        }

        Array.Sort(samples);
        Array.Sort(cpuSamples);
        return (samples[repeats / 2], samples[0], allocated / repeats, cpuSamples[repeats / 2], cpuSamples[0]);
    }

    internal static void Print(string op, string dtype, int k, int elements, (double Median, double Min, long Allocated, double CpuMedian, double CpuMin) t)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\":\"reparamgen\",\"op\":\"{op}\",\"k\":{k},\"dtype\":\"{dtype}\",\"elements\":{elements},\"ns_per_element_median\":{t.Median:F3},\"ns_per_element_min\":{t.Min:F3},\"cpu_ns_per_element_median\":{t.CpuMedian:F3},\"cpu_ns_per_element_min\":{t.CpuMin:F3},\"allocated_bytes_per_call\":{t.Allocated}}}"));
}
