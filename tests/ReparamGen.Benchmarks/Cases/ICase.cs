using System;

namespace ReparamGen.Benchmarks.Cases;

/// <summary>
/// One benchmarked sampler in its three forms. Static abstract members let the JIT specialise each
/// generic loop for the case, so no call in a timed loop is virtual.
/// </summary>
public interface ICase
{
    static abstract string Name { get; }

    /// <summary>Parameter values (a, b) and a noise value of the case's valid domain for index i.</summary>
    static abstract (double A, double B, double Noise) Input(int i, Random rng);

    static abstract (double Value, double D1, double D2) HandWritten(double a, double b, double noise);

    static abstract (double Value, double D1, double D2) Generated(double a, double b, double noise);

    static abstract Dual2 Dual(double a, double b, double noise);

    static abstract void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2);
}

public struct NormalCase : ICase
{
    public static string Name => "Normal";

    public static (double A, double B, double Noise) Input(int i, Random rng) => (rng.NextDouble() * 2 - 1, 0.5 + rng.NextDouble(), rng.NextDouble() * 4 - 2);

    public static (double Value, double D1, double D2) HandWritten(double a, double b, double noise) => Cases.HandWritten.Normal(a, b, noise);

    public static (double Value, double D1, double D2) Generated(double a, double b, double noise)
    {
        var g = Samplers.NormalWithGradient(a, b, noise);
        return (g.Value, g.DMean, g.DStdDev);
    }

    public static Dual2 Dual(double a, double b, double noise) => DualSamplers.Normal(DualSamplers.First(a), DualSamplers.Second(b), noise);

    public static void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => Samplers.NormalWithGradient(a, b, noise, value, d1, d2);
}

public struct LogNormalCase : ICase, ILibraryCase
{
    public static (double Value, double D1, double D2) LibraryScalar(double a, double b, double noise)
    {
        var g = global::ReparamGen.Distributions.LogNormal.FromNoiseWithGradient(a, b, noise);
        return (g.Value, g.DMu, g.DSigma);
    }

    public static void LibraryBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => global::ReparamGen.Distributions.LogNormal.FromNoiseWithGradient(a, b, noise, value, d1, d2);

    public static string Name => "LogNormal";

    public static (double A, double B, double Noise) Input(int i, Random rng) => (rng.NextDouble() * 2 - 1, 0.2 + rng.NextDouble(), rng.NextDouble() * 4 - 2);

    public static (double Value, double D1, double D2) HandWritten(double a, double b, double noise) => Cases.HandWritten.LogNormal(a, b, noise);

    public static (double Value, double D1, double D2) Generated(double a, double b, double noise)
    {
        var g = Samplers.LogNormalWithGradient(a, b, noise);
        return (g.Value, g.DMu, g.DSigma);
    }

    public static Dual2 Dual(double a, double b, double noise) => DualSamplers.LogNormal(DualSamplers.First(a), DualSamplers.Second(b), noise);

    public static void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => Samplers.LogNormalWithGradient(a, b, noise, value, d1, d2);
}

public struct KumaraswamyCase : ICase, ILibraryCase
{
    public static (double Value, double D1, double D2) LibraryScalar(double a, double b, double noise)
    {
        var g = global::ReparamGen.Distributions.Kumaraswamy.FromNoiseWithGradient(a, b, noise);
        return (g.Value, g.DA, g.DB);
    }

    public static void LibraryBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => global::ReparamGen.Distributions.Kumaraswamy.FromNoiseWithGradient(a, b, noise, value, d1, d2);

    public static string Name => "Kumaraswamy";

    public static (double A, double B, double Noise) Input(int i, Random rng) => (0.5 + rng.NextDouble() * 3, 0.5 + rng.NextDouble() * 3, 0.01 + rng.NextDouble() * 0.98);

    public static (double Value, double D1, double D2) HandWritten(double a, double b, double noise) => Cases.HandWritten.Kumaraswamy(a, b, noise);

    public static (double Value, double D1, double D2) Generated(double a, double b, double noise)
    {
        var g = Samplers.KumaraswamyWithGradient(a, b, noise);
        return (g.Value, g.DA, g.DB);
    }

    public static Dual2 Dual(double a, double b, double noise) => DualSamplers.Kumaraswamy(DualSamplers.First(a), DualSamplers.Second(b), noise);

    public static void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => Samplers.KumaraswamyWithGradient(a, b, noise, value, d1, d2);
}

public struct WeibullCase : ICase, ILibraryCase
{
    public static (double Value, double D1, double D2) LibraryScalar(double a, double b, double noise)
    {
        var g = global::ReparamGen.Distributions.Weibull.FromNoiseWithGradient(a, b, noise);
        return (g.Value, g.DShape, g.DScale);
    }

    public static void LibraryBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => global::ReparamGen.Distributions.Weibull.FromNoiseWithGradient(a, b, noise, value, d1, d2);

    public static string Name => "Weibull";

    public static (double A, double B, double Noise) Input(int i, Random rng) => (0.5 + rng.NextDouble() * 3, 0.5 + rng.NextDouble() * 3, 0.01 + rng.NextDouble() * 0.98);

    public static (double Value, double D1, double D2) HandWritten(double a, double b, double noise) => Cases.HandWritten.Weibull(a, b, noise);

    public static (double Value, double D1, double D2) Generated(double a, double b, double noise)
    {
        var g = Samplers.WeibullWithGradient(a, b, noise);
        return (g.Value, g.DShape, g.DScale);
    }

    public static Dual2 Dual(double a, double b, double noise) => DualSamplers.Weibull(DualSamplers.First(a), DualSamplers.Second(b), noise);

    public static void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => Samplers.WeibullWithGradient(a, b, noise, value, d1, d2);
}

public struct CompositeCase : ICase
{
    public static string Name => "Composite20";

    public static (double A, double B, double Noise) Input(int i, Random rng) => (rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 4 - 2);

    public static (double Value, double D1, double D2) HandWritten(double a, double b, double noise) => Cases.HandWritten.Composite(a, b, noise);

    public static (double Value, double D1, double D2) Generated(double a, double b, double noise)
    {
        var g = Samplers.CompositeWithGradient(a, b, noise);
        return (g.Value, g.DA, g.DB);
    }

    public static Dual2 Dual(double a, double b, double noise) => DualSamplers.Composite(DualSamplers.First(a), DualSamplers.Second(b), noise);

    public static void GeneratedBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2)
        => Samplers.CompositeWithGradient(a, b, noise, value, d1, d2);
}
