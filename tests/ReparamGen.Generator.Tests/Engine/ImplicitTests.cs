using System;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// [ImplicitReparam] on user samplers: generated code snapshotted, compiled warning-free, and
/// gradients checked against closed forms and finite differences of the inverse CDF.
/// </summary>
public sealed class ImplicitTests
{
    private const string Samplers = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Implicit
        {
            // Closed-form CDF, no density given: ∂z/∂rate = −∂F/∂rate / ∂F/∂z = −z/rate.
            [ImplicitReparam(cdf: nameof(ExponentialCdf))]
            public static double Exponential(double rate, Random rng) => -Math.Log(1 - rng.NextDouble()) / rate;

            public static double ExponentialCdf(double z, double rate) => 1 - Math.Exp(-rate * z);

            // With a density: ∂z/∂scale = z/scale, ∂z/∂shape = −z·log(z/scale)/shape.
            [ImplicitReparam(cdf: nameof(WeibullCdf), Pdf = nameof(WeibullPdf))]
            public static double Weibull(double shape, double scale, Random rng) => scale * Math.Pow(-Math.Log(1 - rng.NextDouble()), 1 / shape);

            public static double WeibullCdf(double x, double shape, double scale) => 1 - Math.Exp(-Math.Pow(x / scale, shape));

            public static double WeibullPdf(double x, double shape, double scale) => shape / scale * Math.Pow(x / scale, shape - 1) * Math.Exp(-Math.Pow(x / scale, shape));

            // A loop-based log-CDF: the lower incomplete gamma series (DLMF 8.7.1) with a tangent-aware stop.
            [ImplicitReparam(LogCdf = nameof(GammaLogCdf))]
            public static double StandardGamma(double shape, Random rng) => Quantile(rng.NextDouble(), shape);

            public static double GammaLogCdf(double z, double shape)
            {
                double sum = 1, term = 1;
                for (int k = 1; k < 100000; k++)
                {
                    term *= z / (shape + k);
                    sum += term;
                    if (Convergence.Reached(term, sum, 1e-17))
                    {
                        break;
                    }
                }

                return shape * Math.Log(z) - z - SpecialFunctions.LogGamma(shape + 1) + Math.Log(sum);
            }

            public static double Quantile(double u, double shape)
            {
                double lo = 0, hi = 200;
                for (int i = 0; i < 200; i++)
                {
                    var mid = 0.5 * (lo + hi);
                    if (Math.Exp(GammaLogCdf(mid, shape)) < u) lo = mid; else hi = mid;
                }

                return 0.5 * (lo + hi);
            }

            // An explicit sampler calling an implicit one draws once and takes the implicit tangent.
            [Reparameterizable]
            public static double ScaledGamma(double shape, double scale, Random rng) => scale * StandardGamma(shape, rng);
        }
        """;

    private const string Multivariate = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Mvn
        {
            // z = mean + L·ε with L lower-triangular (row-major); the standardization is ε = L⁻¹(z − mean).
            [ImplicitReparam(Standardize = nameof(Standardize))]
            public static void Sample(ReadOnlySpan<double> mean, ReadOnlySpan<double> chol, Random rng, Span<double> z)
            {
                int n = z.Length;
                Span<double> e = stackalloc double[n];
                for (int i = 0; i < n; i++) e[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                for (int i = 0; i < n; i++)
                {
                    double s = mean[i];
                    for (int j = 0; j <= i; j++) s += chol[i * n + j] * e[j];
                    z[i] = s;
                }
            }

            [Differentiable]
            public static void Standardize(ReadOnlySpan<double> z, ReadOnlySpan<double> mean, ReadOnlySpan<double> chol, Span<double> eps)
            {
                int n = z.Length;
                for (int i = 0; i < n; i++)
                {
                    double s = z[i] - mean[i];
                    for (int j = 0; j < i; j++) s -= chol[i * n + j] * eps[j];
                    eps[i] = s / chol[i * n + i];
                }
            }

            // Array wrappers: reflection cannot pass spans.
            public static void TangentAt(double[] z, double[] mean, double[] chol, double[] dMean, double[] dChol, double[] dZ) => SampleTangentAt(z, mean, chol, dMean, dChol, dZ);

            public static void Epsilon(double[] z, double[] mean, double[] chol, double[] eps) => Standardize(z, mean, chol, eps);

            public static void Draw(double[] mean, double[] chol, Random rng, double[] z) => Sample(mean, chol, rng, z);
        }
        """;

    [Fact]
    public void Generated_code_is_as_snapshotted()
        => Snapshot.Verify(GeneratorHarness.Run(Samplers).Sources, testMethod: "Univariate");

    [Fact]
    public void Generated_multivariate_code_is_as_snapshotted()
        => Snapshot.Verify(GeneratorHarness.Run(Multivariate).Sources, testMethod: "Multivariate");

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Samplers));
        GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Multivariate));
    }

    [Fact]
    public void Gradients_at_a_sample_match_closed_forms()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Samplers));
        foreach (var (z, rate) in new[] { (0.7, 2.0), (3.5, 0.25), (1e-6, 1.0) })
        {
            var g = assembly.Invoke("Demo.Implicit", "ExponentialGradientAt", z, rate);
            AssertClose(-z / rate, LoadedAssembly.Property<double>(g, "DRate"), "Exponential ∂z/∂rate");
        }

        foreach (var (x, shape, scale) in new[] { (1.3, 1.7, 2.2), (0.2, 0.6, 1.0), (5.0, 3.0, 4.0) })
        {
            var g = assembly.Invoke("Demo.Implicit", "WeibullGradientAt", x, shape, scale);
            AssertClose(x / scale, LoadedAssembly.Property<double>(g, "DScale"), "Weibull ∂z/∂scale");
            AssertClose(-x * Math.Log(x / scale) / shape, LoadedAssembly.Property<double>(g, "DShape"), "Weibull ∂z/∂shape");
        }
    }

    [Fact]
    public void Loop_based_cdf_gradient_matches_the_quantile_derivative()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Samplers));
        foreach (var (u, shape) in new[] { (0.3, 2.5), (0.9, 0.7), (0.05, 8.0) })
        {
            double Quantile(double a) => (double)assembly.Invoke("Demo.Implicit", "Quantile", u, a)!;
            var z = Quantile(shape);
            var g = assembly.Invoke("Demo.Implicit", "StandardGammaGradientAt", z, shape);
            // The oracle: ∂z/∂α of the inverse CDF at fixed u, by finite differences of the bisection quantile.
            AssertClose(FiniteDifference.Derivative(Quantile, shape), LoadedAssembly.Property<double>(g, "DShape"), $"Gamma ∂z/∂α at u={u}, α={shape}");
        }
    }

    [Fact]
    public void Explicit_sampler_through_implicit_one_draws_once()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Samplers));
        var value = (double)assembly.Invoke("Demo.Implicit", "ScaledGamma", 2.5, 1.5, new Random(7))!;
        var g = assembly.Invoke("Demo.Implicit", "ScaledGammaWithGradient", 2.5, 1.5, new Random(7));
        Assert.Equal(value, LoadedAssembly.Property<double>(g, "Value"));
        AssertClose(value / 1.5, LoadedAssembly.Property<double>(g, "DScale"), "∂z/∂scale = z/scale");
        var standard = value / 1.5;
        var at = assembly.Invoke("Demo.Implicit", "StandardGammaGradientAt", standard, 2.5);
        AssertClose(1.5 * LoadedAssembly.Property<double>(at, "DShape"), LoadedAssembly.Property<double>(g, "DShape"), "∂z/∂shape = scale·∂y/∂shape");
    }

    [Fact]
    public void Multivariate_normal_by_standardization_matches_the_explicit_gradient()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Multivariate));
        double[] mean = { 0.5, -1.0, 2.0 };
        double[] chol = { 1.0, 0, 0, 0.3, 0.8, 0, -0.2, 0.5, 1.5 };
        var z = new double[3];
        assembly.Invoke("Demo.Mvn", "Draw", mean, chol, new Random(3), z);
        var eps = new double[3];
        assembly.Invoke("Demo.Mvn", "Epsilon", z, mean, chol, eps);
        var rng = new Random(4);
        for (var trial = 0; trial < 5; trial++)
        {
            var dMean = new double[3];
            var dChol = new double[9];
            for (var i = 0; i < 3; i++)
            {
                dMean[i] = rng.NextDouble() - 0.5;
                for (var j = 0; j <= i; j++)
                {
                    dChol[(i * 3) + j] = rng.NextDouble() - 0.5;
                }
            }

            var dZ = new double[3];
            assembly.Invoke("Demo.Mvn", "TangentAt", z, mean, chol, dMean, dChol, dZ);
            for (var i = 0; i < 3; i++)
            {
                // Explicit reparameterization z = μ + Lε at the same ε: dz = dμ + dL·ε.
                var expected = dMean[i];
                for (var j = 0; j <= i; j++)
                {
                    expected += dChol[(i * 3) + j] * eps[j];
                }

                // Forward substitution and the product differ only by roundings: 1e-12 relative to O(1) values.
                Assert.True(Math.Abs(dZ[i] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"dz[{i}]: {dZ[i]:R} vs {expected:R}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
