using System;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Everyday C# a new user writes first: foreach over spans and arrays, switch expressions choosing a link
/// function, guard clauses with patterns and interpolated messages. Each compiles warning-free and gives the
/// derivative of the user's own method (closed forms and finite differences).
/// </summary>
public sealed class EverydayCSharpTests
{
    private const string Source = """
        public enum Link
        {
            Identity,
            Log,
            Logit,
        }

        [Reparameterizable]
        public static double NoiseSum(double mu, double sigma, [Noise] ReadOnlySpan<double> eps)
        {
            var s = 0.0;
            foreach (var e in eps)
            {
                if (e > 2.0)
                {
                    continue;
                }

                s += Math.Exp(mu + sigma * e);
            }

            return s;
        }

        public static double NoiseSumDMu(double mu, double sigma, double[] eps) => NoiseSumWithGradient(mu, sigma, eps).DMu;

        public static double NoiseSumDSigma(double mu, double sigma, double[] eps) => NoiseSumWithGradient(mu, sigma, eps).DSigma;

        public static double NoiseSumValue(double mu, double sigma, double[] eps) => NoiseSum(mu, sigma, eps);

        [Differentiable]
        public static double SumOfSquares(double[] w)
        {
            var s = 0.0;
            foreach (var x in w)
            {
                s += x * x;
            }

            return s;
        }

        public static double SumOfSquaresJvp(double[] w, double[] v)
        {
            SumOfSquaresTangent(w, v, out var d);
            return d;
        }

        [Reparameterizable]
        public static double Linked(double eta, [Noise] double eps, Link link) => link switch
        {
            Link.Identity => eta + eps,
            Link.Log => Math.Exp(eta + eps),
            _ => 1.0 / (1.0 + Math.Exp(-(eta + eps))),
        };

        [Reparameterizable]
        public static double Swapped(double a, double b, [Noise] double eps)
        {
            (a, b) = (b, a * eps);
            var (x, _) = (a * a, b);
            return x + (a * b);
        }

        [Reparameterizable]
        public static double Guarded(double mu, double sigma, [Noise] double eps)
        {
            if (sigma is not > 0)
            {
                throw new ArgumentOutOfRangeException(nameof(sigma), $"sigma must be positive, got {sigma:R} (mu = {mu,6:F2}).");
            }

            var scale = sigma is > 0.5 and < 2.0 ? sigma : Math.Sqrt(sigma);
            return mu + scale * eps;
        }
        """;

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));

    [Fact]
    public void Foreach_over_a_noise_span_and_an_active_array()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var eps = new[] { 0.3, -1.2, 2.5, 0.9 };
        var (mu, sigma) = (0.2, 0.7);
        double Value(double m, double s) => (double)assembly.Invoke("Demo.C", "NoiseSumValue", m, s, eps)!;
        AssertClose(FiniteDifference.Derivative(m => Value(m, sigma), mu), (double)assembly.Invoke("Demo.C", "NoiseSumDMu", mu, sigma, eps)!, "∂/∂mu");
        AssertClose(FiniteDifference.Derivative(s => Value(mu, s), sigma), (double)assembly.Invoke("Demo.C", "NoiseSumDSigma", mu, sigma, eps)!, "∂/∂sigma");

        var w = new[] { 0.5, -1.5, 2.0 };
        var v = new[] { 1.0, 0.25, -0.5 };
        // Closed form: d(Σ w²)·v = 2 Σ w·v, exact in binary here.
        Assert.Equal(2 * ((0.5 * 1.0) + (-1.5 * 0.25) + (2.0 * -0.5)), (double)assembly.Invoke("Demo.C", "SumOfSquaresJvp", w, v)!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Switch_expression_chooses_the_link(int link)
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var linkValue = Enum.ToObject(assembly.Type("Demo.C+Link"), link);
        var (eta, eps) = (0.4, -0.1);
        var gradient = assembly.Invoke("Demo.C", "LinkedWithGradient", eta, eps, linkValue);
        var fd = FiniteDifference.Derivative(x => (double)assembly.Invoke("Demo.C", "Linked", x, eps, linkValue)!, eta);
        AssertClose(fd, LoadedAssembly.Property<double>(gradient, "DEta"), "∂/∂eta");
    }

    [Fact]
    public void Guard_clause_with_a_pattern_and_an_interpolated_message()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        foreach (var sigma in new[] { 0.3, 1.1, 4.0 })
        {
            var gradient = assembly.Invoke("Demo.C", "GuardedWithGradient", 0.5, sigma, 0.8);
            // Closed form: ∂/∂sigma = eps inside (0.5, 2), eps/(2√sigma) outside.
            var expected = sigma is > 0.5 and < 2.0 ? 0.8 : 0.8 / (2 * Math.Sqrt(sigma));
            Assert.True(FiniteDifference.Close(expected, LoadedAssembly.Property<double>(gradient, "DSigma"), 1e-12), $"∂/∂sigma at {sigma}");
        }

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => assembly.Invoke("Demo.C", "GuardedWithGradient", 1.5, -2.0, 0.8));
        Assert.Equal("sigma", thrown.ParamName);
        Assert.StartsWith(FormattableString.CurrentCulture($"sigma must be positive, got {-2.0:R} (mu = {1.5,6:F2})."), thrown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => assembly.CallStatic("Demo.C", "GuardedTangent", 1.5, double.NaN, 0.8, 1.0, 1.0, null));
    }

    [Fact]
    public void Tuple_swaps_and_deconstruction()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var (a, b, eps) = (0.6, -1.3, 0.7);
        // After the swap: a' = b, b' = a·ε; result b² + b·a·ε. Closed forms: ∂/∂a = b·ε, ∂/∂b = 2b + a·ε.
        var gradient = assembly.Invoke("Demo.C", "SwappedWithGradient", a, b, eps);
        Assert.Equal((b * b) + (b * (a * eps)), LoadedAssembly.Property<double>(gradient, "Value"), 12);
        Assert.True(FiniteDifference.Close(b * eps, LoadedAssembly.Property<double>(gradient, "DA"), 1e-12), "∂/∂a");
        Assert.True(FiniteDifference.Close((2 * b) + (a * eps), LoadedAssembly.Property<double>(gradient, "DB"), 1e-12), "∂/∂b");
    }

    // Finite differences carry their own error (see FiniteDifference): 1e-8 relative is their bar.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
