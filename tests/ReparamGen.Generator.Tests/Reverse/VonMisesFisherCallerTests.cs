using System;
using System.Linq;
using ReparamGen.Distributions;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// A [Differentiable] body that draws from von Mises–Fisher (a hyperspherical VAE's latent), differentiated in forward
/// and reverse mode through VonMisesFisher's [TangentOf] and [BackwardOf] rules. Oracles: for the mean direction,
/// finite differences at a fixed seed (the draw's frame coordinates do not depend on μ, so z(μ) is the exact pathwise
/// map); for the concentration, <see cref="VonMisesFisher.ConcentrationGradientAt"/> at the drawn sample (the implicit
/// gradient, checked against mpmath in the runtime tests), chained by hand through κ = exp(logKappa).
/// </summary>
public sealed class VonMisesFisherCallerTests
{
    private const int Seed = 2024;
    private static readonly double[] Direction = { 0.9, -0.6, 1.4, 0.3, -0.2 };
    private static readonly double[] Weights = { 1.1, -0.7, 0.4, 2.0, -1.3 };

    private readonly ITestOutputHelper output;

    public VonMisesFisherCallerTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void A_vMF_draw_in_a_differentiated_body_is_differentiated_in_both_modes()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> h, double logKappa, Random rng, [Constant] ReadOnlySpan<double> c)
                {
                    int d = h.Length;
                    double norm = 0;
                    for (int i = 0; i < d; i++) norm += h[i] * h[i];
                    norm = Math.Sqrt(norm);
                    Span<double> mu = stackalloc double[d];
                    for (int i = 0; i < d; i++) mu[i] = h[i] / norm;
                    Span<double> z = stackalloc double[d];
                    ReparamGen.Distributions.VonMisesFisher.Sample(mu, Math.Exp(logKappa), rng, z);
                    double s = 0;
                    for (int i = 0; i < d; i++) s += c[i] * z[i] + 0.5 * z[i] * z[i] * c[i];
                    return s;
                }

                public static double Value(double[] h, double logKappa, Random rng, double[] c) => F(h, logKappa, rng, c);
                public static double Gradient(double[] h, double logKappa, Random rng, double[] c, double[] gH, ref double gLogKappa) => FBackward(h, logKappa, rng, c, 1.0, gH, ref gLogKappa);
                public static double Jvp(double[] h, double logKappa, Random rng, double[] c, double[] dH, double dLogKappa) { FTangent(h, logKappa, rng, c, dH, dLogKappa, out var d); return d; }
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Empty(run.GeneratorDiagnostics); // reversed: no forward-mode stand-in
        Assert.Contains("VonMisesFisher.SampleBackward(", generated, StringComparison.Ordinal);
        Assert.Contains("VonMisesFisher.SampleTangent(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var h = Direction.ToArray();
        var logKappa = Math.Log(7.5);
        var gH = new double[h.Length];
        var args = new object?[] { h, logKappa, new Random(Seed), Weights, gH, 0.0 };
        var call = LoadedAssembly.Call(assembly.Method("Demo.C", "Gradient", args.Length), args);
        var gLogKappa = (double)call.Arguments[5]!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", h, logKappa, new Random(Seed), Weights)!, (double)call.Result!);

        // Mean direction: 5-point differences at the same seed, FiniteDifference.RelativeTolerance (z is a rational
        // function of h at fixed frame coordinates, O(1)-scaled; μ₁ = h₁/‖h‖ stays positive, so the frame does not switch).
        for (var k = 0; k < h.Length; k++)
        {
            var index = k;
            var original = h[k];
            var expected = FiniteDifference.Derivative(t => { h[index] = t; var f = (double)assembly.Invoke("Demo.C", "Value", h, logKappa, new Random(Seed), Weights)!; h[index] = original; return f; }, original);
            output.WriteLine($"h[{k}]: reverse {gH[k]:R} differences {expected:R}");
            Assert.True(FiniteDifference.Close(expected, gH[k]), $"∂/∂h[{k}]: {expected:R} vs {gH[k]:R}");
        }

        // Concentration: ∂F/∂logKappa = κ·Σᵢ (cᵢ + cᵢzᵢ)·∂zᵢ/∂κ at the drawn z. Both sides evaluate the same implicit
        // gradient formula on the same z and sum d = 5 terms: agreement to 1e-12 relative is rounding.
        var mu = h.Select(v => v / Math.Sqrt(h.Sum(x => x * x))).ToArray();
        var kappa = Math.Exp(logKappa);
        var z = new double[h.Length];
        VonMisesFisher.Sample(mu, kappa, new Random(Seed), z);
        var dz = new double[h.Length];
        VonMisesFisher.ConcentrationGradientAt(mu, kappa, z, dz);
        var expectedKappa = kappa * Enumerable.Range(0, h.Length).Sum(i => (Weights[i] + (Weights[i] * z[i])) * dz[i]);
        output.WriteLine($"logKappa: reverse {gLogKappa:R} oracle {expectedKappa:R}");
        Assert.True(FiniteDifference.Close(expectedKappa, gLogKappa, 1e-12), $"∂/∂logKappa: {expectedKappa:R} vs {gLogKappa:R}");

        // Forward mode, through SampleTangent's own JVP formula (not the transpose of the reverse one): J·v equals
        // ⟨∇, v⟩ from the reverse sweep above, to rounding over O(d) terms (1e-12).
        var dH = new[] { 0.3, -1.1, 0.7, 0.25, 1.6 };
        const double DLogKappa = -0.8;
        var jvp = (double)assembly.Invoke("Demo.C", "Jvp", h, logKappa, new Random(Seed), Weights, dH, DLogKappa)!;
        var vjp = gH.Zip(dH, (g, d) => g * d).Sum() + (gLogKappa * DLogKappa);
        output.WriteLine($"J·v {jvp:R}, ⟨∇, v⟩ {vjp:R}");
        Assert.True(FiniteDifference.Close(vjp, jvp, 1e-12), $"J·v {jvp:R} vs ⟨∇, v⟩ {vjp:R}");
    }

    [Fact]
    public void The_vMF_log_density_and_log_normaliser_are_differentiated_in_both_modes()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double G(ReadOnlySpan<double> x, ReadOnlySpan<double> h, double logKappa)
                {
                    int d = h.Length;
                    double norm = 0;
                    for (int i = 0; i < d; i++) norm += h[i] * h[i];
                    norm = Math.Sqrt(norm);
                    Span<double> mu = stackalloc double[d];
                    for (int i = 0; i < d; i++) mu[i] = h[i] / norm;
                    double kappa = Math.Exp(logKappa);
                    return ReparamGen.Distributions.VonMisesFisher.LogDensity(x, mu, kappa) + 0.3 * kappa * ReparamGen.Distributions.VonMisesFisher.LogNormalizer(d, kappa);
                }

                public static double Value(double[] x, double[] h, double logKappa) => G(x, h, logKappa);
                public static double Gradient(double[] x, double[] h, double logKappa, double[] gX, double[] gH, ref double gLogKappa) => GBackward(x, h, logKappa, 1.0, gX, gH, ref gLogKappa);
                public static double Jvp(double[] x, double[] h, double logKappa, double[] dX, double[] dH, double dLogKappa) { GTangent(x, h, logKappa, dX, dH, dLogKappa, out var d); return d; }
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.G").Text;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("VonMisesFisher.LogDensityBackward(", generated, StringComparison.Ordinal);
        Assert.Contains("VonMisesFisher.LogDensityTangent(", generated, StringComparison.Ordinal);
        Assert.Contains("VonMisesFisher.LogNormalizerTangent(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var x = new[] { 0.2, 0.5, -0.4, 0.7, 0.1 };
        var h = Direction.ToArray();
        var logKappa = Math.Log(3.5);
        var (gX, gH) = (new double[5], new double[5]);
        var args = new object?[] { x, h, logKappa, gX, gH, 0.0 };
        var gLogKappa = (double)LoadedAssembly.Call(assembly.Method("Demo.C", "Gradient", args.Length), args).Arguments[5]!;

        // Oracle: 5-point differences of the primal, FiniteDifference.RelativeTolerance (log I_ν is smooth and O(1) here).
        double Value() => (double)assembly.Invoke("Demo.C", "Value", x, h, logKappa)!;
        foreach (var (values, gradient, name) in new[] { (x, gX, "x"), (h, gH, "h") })
        {
            for (var k = 0; k < values.Length; k++)
            {
                var index = k;
                var original = values[k];
                var expected = FiniteDifference.Derivative(t => { values[index] = t; var f = Value(); values[index] = original; return f; }, original);
                Assert.True(FiniteDifference.Close(expected, gradient[k]), $"∂/∂{name}[{k}]: {expected:R} vs {gradient[k]:R}");
            }
        }

        var original0 = logKappa;
        var expectedKappa = FiniteDifference.Derivative(t => { logKappa = t; var f = Value(); logKappa = original0; return f; }, original0);
        Assert.True(FiniteDifference.Close(expectedKappa, gLogKappa), $"∂/∂logKappa: {expectedKappa:R} vs {gLogKappa:R}");

        // Forward mode through the tangent rules agrees with the reverse sweep's ⟨∇, v⟩ (rounding over O(d) terms).
        var (dX, dH) = (new[] { 1.0, -0.5, 0.25, 2.0, -1.0 }, new[] { 0.3, -1.1, 0.7, 0.25, 1.6 });
        var jvp = (double)assembly.Invoke("Demo.C", "Jvp", x, h, logKappa, dX, dH, 0.6)!;
        var vjp = gX.Zip(dX, (g, d) => g * d).Sum() + gH.Zip(dH, (g, d) => g * d).Sum() + (0.6 * gLogKappa);
        Assert.True(FiniteDifference.Close(vjp, jvp, 1e-12), $"J·v {jvp:R} vs ⟨∇, v⟩ {vjp:R}");
    }
}
