using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Local functions (issue 13): one whose body is one expression is inlined at each call, its parameters bound to the
/// arguments (a local, a parameter or a constant read in place, anything else computed once into a temporary before
/// the statement) and its captured variables read in place, as a closure reads them when called. Forward mode, WithGradient and reverse mode (MBackward) see plain
/// code; refused forms are in <see cref="Rpg0003UnsupportedConstructTests"/>.
/// </summary>
public sealed class LocalFunctionTests
{
    private const string Source = """
        [Reparameterizable]
        public static double Scaled(double mu, double sigma, [Noise] double eps)
        {
            return Affine(mu, Softplus(sigma), eps);

            static double Softplus(double x) => Math.Log(1.0 + Math.Exp(x));
            static double Affine(double m, double s, double e)
            {
                return m + s * e;
            }
        }

        [Differentiable]
        public static double Energy(ReadOnlySpan<double> w)
        {
            static double Square(double x) => x * x;
            double Huber(double r) => r < 1.0 ? Square(r) / 2 : r - 0.5;

            var s = 0.0;
            for (var i = 0; i < w.Length; i++)
            {
                s += Huber(w[i] * 0.5);
                if (i > 0)
                {
                    s += Square(w[i] - w[i - 1]);
                }
            }

            return s;
        }

        public static double EnergyVjp(double[] w, double[] gradient) => EnergyBackward(w, 1.0, gradient);

        public static double EnergyJvp(double[] w, double[] v)
        {
            EnergyTangent(w, v, out var d);
            return d;
        }
        """;

    private const string CaptureSource = """
        [Reparameterizable]
        public static double Captured(double mu, double sigma, [Noise] double eps, int n, Random rng)
        {
            var shift = rng.NextDouble();
            var rate = Math.Exp(sigma);
            double Term(int k) => Math.Sin(k * mu) * rate / n + shift;

            var s = 0.0;
            for (var k = 1; k <= n; k++)
            {
                s += Term(k);
            }

            return s + eps;
        }

        public static double CapturedValue(double mu, double sigma, double eps) => Captured(mu, sigma, eps, 3, new Random(7));

        public static double[] CapturedDerivatives(double mu, double sigma, double eps)
        {
            var g = CapturedWithGradient(mu, sigma, eps, 3, new Random(7));
            return new[] { g.Value, g.DMu, g.DSigma };
        }

        [Differentiable]
        public static double Smooth(ReadOnlySpan<double> w, double width)
        {
            var scale = width * width;
            double Bump(double x) => Math.Exp(-x * x / scale);

            var e = 0.0;
            for (var i = 0; i < w.Length; i++)
            {
                e += Bump(w[i]);
            }

            return e;
        }

        public static double SmoothValue(double[] w, double width) => Smooth(w, width);

        public static double SmoothVjp(double[] w, double width, double[] gradW)
        {
            var gradWidth = 0.0;
            SmoothBackward(w, width, 1.0, gradW, ref gradWidth);
            return gradWidth;
        }
        """;

    [Fact]
    public void Captures_compile_without_warnings_and_are_snapshotted()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(CaptureSource));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Snapshot.Verify(run.Sources.Where(s => s.HintName == "Demo.C.Captured.g.cs").ToList());
    }

    [Fact]
    public void Captured_parameters_and_locals_differentiated_or_not_match_finite_differences()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(CaptureSource)));
        foreach (var (mu, sigma, eps) in new[] { (0.3, -0.4, 1.2), (-1.0, 0.5, -0.7) })
        {
            var gradient = (double[])assembly.Invoke("Demo.C", "CapturedDerivatives", mu, sigma, eps)!;
            Assert.Equal((double)assembly.Invoke("Demo.C", "CapturedValue", mu, sigma, eps)!, gradient[0]);
            var expectedMu = FiniteDifference.Derivative(m => (double)assembly.Invoke("Demo.C", "CapturedValue", m, sigma, eps)!, mu);
            var expectedSigma = FiniteDifference.Derivative(x => (double)assembly.Invoke("Demo.C", "CapturedValue", mu, x, eps)!, sigma);
            Assert.True(FiniteDifference.Close(expectedMu, gradient[1]), $"∂/∂mu: finite differences {expectedMu:R}, generated {gradient[1]:R}");
            Assert.True(FiniteDifference.Close(expectedSigma, gradient[2]), $"∂/∂sigma: finite differences {expectedSigma:R}, generated {gradient[2]:R}");
        }

        // Reverse mode through a capture of a differentiated local (scale = width²).
        var w = new[] { 0.4, -1.3, 2.2 };
        const double width = 1.7;
        var gradW = new double[w.Length];
        var gradWidth = (double)assembly.Invoke("Demo.C", "SmoothVjp", w, width, gradW)!;
        var expectedWidth = FiniteDifference.Derivative(x => (double)assembly.Invoke("Demo.C", "SmoothValue", w, x)!, width);
        Assert.True(FiniteDifference.Close(expectedWidth, gradWidth), $"∂/∂width: finite differences {expectedWidth:R}, reverse mode {gradWidth:R}");
        for (var i = 0; i < w.Length; i++)
        {
            var at = i;
            var expected = FiniteDifference.Derivative(x =>
            {
                var moved = (double[])w.Clone();
                moved[at] = x;
                return (double)assembly.Invoke("Demo.C", "SmoothValue", moved, width)!;
            }, w[i]);
            Assert.True(FiniteDifference.Close(expected, gradW[i]), $"∂/∂w[{i}]: finite differences {expected:R}, reverse mode {gradW[i]:R}");
        }
    }

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));

    [Fact]
    public void Generated_code_is_as_snapshotted()
        => Snapshot.Verify(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)).Sources.Where(s => !s.HintName.StartsWith(DiagnosticAssert.Bystander, StringComparison.Ordinal)).ToList());

    [Fact]
    public void Inlined_helpers_give_the_closed_form_gradient()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        foreach (var (mu, sigma, eps) in new[] { (0.3, -0.4, 1.2), (-1.0, 2.5, -0.7) })
        {
            var gradient = assembly.Invoke("Demo.C", "ScaledWithGradient", mu, sigma, eps);
            // Closed form: value mu + softplus(sigma)·eps; ∂/∂mu = 1, ∂/∂sigma = eps·logistic(sigma).
            // 1e-14 relative: a handful of roundings of Exp, Log and the products on each side.
            Assert.True(FiniteDifference.Close(mu + (Math.Log(1 + Math.Exp(sigma)) * eps), LoadedAssembly.Property<double>(gradient, "Value"), 1e-14), "value");
            Assert.Equal(1.0, LoadedAssembly.Property<double>(gradient, "DMu"));
            Assert.True(FiniteDifference.Close(eps / (1 + Math.Exp(-sigma)), LoadedAssembly.Property<double>(gradient, "DSigma"), 1e-14), $"∂/∂sigma at {sigma}");
        }
    }

    [Fact]
    public void Reverse_mode_through_inlined_helpers_matches_the_closed_form_and_forward_mode()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var w = new[] { 0.4, 3.0, -1.2, 1.9 }; // w/2 on both sides of the Huber kink at 1
        var gradient = new double[w.Length];
        var value = (double)assembly.Invoke("Demo.C", "EnergyVjp", w, gradient)!;

        var expectedValue = 0.0;
        var expected = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var r = w[i] * 0.5;
            expectedValue += r < 1.0 ? r * r / 2 : r - 0.5;
            expected[i] += r < 1.0 ? r * 0.5 : 0.5; // d/dw of Huber(w/2)
            if (i > 0)
            {
                var d = w[i] - w[i - 1];
                expectedValue += d * d;
                expected[i] += 2 * d;
                expected[i - 1] -= 2 * d;
            }
        }

        // 1e-12 relative: the closed form and the reverse sweep sum the same few terms in other orders.
        Assert.True(FiniteDifference.Close(expectedValue, value, 1e-12), "value");
        for (var i = 0; i < w.Length; i++)
        {
            Assert.True(FiniteDifference.Close(expected[i], gradient[i], 1e-12), $"∂/∂w[{i}]: expected {expected[i]:R}, reverse mode {gradient[i]:R}");
        }

        // Forward mode along v gives ⟨∇, v⟩ (the dot-product test), to the same rounding.
        var v = new[] { 1.0, -0.5, 0.25, 2.0 };
        var jvp = (double)assembly.Invoke("Demo.C", "EnergyJvp", w, v)!;
        Assert.True(FiniteDifference.Close(expected.Zip(v, (g, x) => g * x).Sum(), jvp, 1e-12), "forward mode");
    }
}
