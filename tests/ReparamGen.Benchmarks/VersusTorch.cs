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
    public static void Run(int repeats)
    {
        NormalRsample(1 << 20, repeats);
        GammaShapeGradient(1 << 18, repeats);
        GammaRsample(1 << 18, repeats);
        GumbelSoftmax<double>(10, 1 << 18, repeats);
        GumbelSoftmax<double>(100, 1 << 18, repeats);
        GumbelSoftmaxFloat(10, 1 << 18, repeats);
        GumbelSoftmaxFloat(100, 1 << 18, repeats);
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
        Print("normal_rsample_gradient_philox", "float64", 0, n, Time(() => Normal.SampleWithGradientPhilox(mean, stdDev, philox, value, dMean, dStdDev), n, repeats));
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
        Print("gamma_rsample_gradient_philox", "float64", 0, n, Time(() => Gamma.SampleWithGradientPhilox(shape, rate, philox, value, dShape, dRate), n, repeats));
    }

    /// <summary>Noise, relaxed sample and backward to the logits, per element of an N×K batch.</summary>
    private static void GumbelSoftmax<T>(int k, int elements, int repeats)
    {
        var n = elements / k;
        var rng = new Random(4);
        var logits = new double[n * k];
        var upstream = new double[n * k];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (2 * rng.NextDouble()) - 1;
            upstream[i] = rng.NextDouble() - 0.5;
        }

        var gumbel = new double[n * k];
        var sample = new double[n * k];
        var gradLogits = new double[n * k];
        Print("gumbel_softmax_forward_backward", "float64", k, n * k, Time(
            () =>
            {
                GumbelNoise.FillGumbel(rng, gumbel);
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5, gumbel, sample);
                gradLogits.AsSpan().Clear();
                var gradTemperature = 0.0;
                Relaxation.GumbelSoftmaxBackwardBatch(logits, k, 0.5, gumbel, sample, upstream, gradLogits, ref gradTemperature);
            },
            n * k,
            repeats));
    }

    private static void GumbelSoftmaxFloat(int k, int elements, int repeats)
    {
        var n = elements / k;
        var rng = new Random(5);
        var logits = new float[n * k];
        var upstream = new float[n * k];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((2 * rng.NextDouble()) - 1);
            upstream[i] = (float)(rng.NextDouble() - 0.5);
        }

        var gumbel = new float[n * k];
        var sample = new float[n * k];
        var gradLogits = new float[n * k];
        Print("gumbel_softmax_forward_backward", "float32", k, n * k, Time(
            () =>
            {
                GumbelNoise.FillGumbel(rng, gumbel);
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5f, gumbel, sample);
                gradLogits.AsSpan().Clear();
                var gradTemperature = 0f;
                Relaxation.GumbelSoftmaxBackwardBatch(logits, k, 0.5f, gumbel, sample, upstream, gradLogits, ref gradTemperature);
            },
            n * k,
            repeats));
    }

    /// <summary>Shapes uniform on [0.1, 10] and one Gamma(α, 1) draw each (the torch script uses the same law).</summary>
    private static (double[] Shape, double[] Z) GammaInputs(int n)
    {
        var rng = new Random(2);
        var shape = new double[n];
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            shape[i] = 0.1 + (9.9 * rng.NextDouble());
            z[i] = Gamma.StandardSample(shape[i], rng);
        }

        return (shape, z);
    }

    private static (double Median, double Min, long Allocated) Time(Action action, int elements, int repeats)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var samples = new double[repeats];
        var allocated = 0L;
        for (var i = 0; i < repeats; i++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / elements;
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
        }

        Array.Sort(samples);
        return (samples[repeats / 2], samples[0], allocated / repeats);
    }

    private static void Print(string op, string dtype, int k, int elements, (double Median, double Min, long Allocated) t)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\":\"reparamgen\",\"op\":\"{op}\",\"k\":{k},\"dtype\":\"{dtype}\",\"elements\":{elements},\"ns_per_element_median\":{t.Median:F3},\"ns_per_element_min\":{t.Min:F3},\"allocated_bytes_per_call\":{t.Allocated}}}"));
}
