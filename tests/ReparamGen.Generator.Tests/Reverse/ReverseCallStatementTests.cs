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
/// Call statements that write differentiated outputs (span outputs, <c>out</c> arguments), reversed through the
/// callee's <c>MBackward</c>; with a <c>Random</c>, the callee's draws are recorded and replayed. Checked against
/// finite differences, and for the Dirichlet draw against its closed-form pathwise gradient rebuilt from the same
/// Gamma draws (an oracle that shares no code with the generated members).
/// </summary>
public sealed class ReverseCallStatementTests
{
    private readonly ITestOutputHelper output;

    public ReverseCallStatementTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Dirichlet_draw_in_a_reversed_body_is_differentiated_on_the_sample_drawn_once()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Fit(ReadOnlySpan<double> logConcentration, [Constant] ReadOnlySpan<double> target, Random rng)
                {
                    int k = logConcentration.Length;
                    Span<double> concentration = stackalloc double[k];
                    for (int i = 0; i < k; i++) concentration[i] = Math.Exp(logConcentration[i]);
                    Span<double> z = stackalloc double[k];
                    ReparamGen.Distributions.Dirichlet.Sample(concentration, rng, z);
                    double s = 0;
                    for (int i = 0; i < k; i++) s += target[i] * Math.Log(z[i]);
                    return s;
                }

                public static double Gradient(double[] logConcentration, double[] target, Random rng, double[] grad) => FitBackward(logConcentration, target, rng, 1.0, grad);
            """));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.Fit").Text);
        Assert.Empty(run.GeneratorDiagnostics); // reversed: no RPG0018 forward-mode stand-in or refusal
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.Fit").Text;
        Assert.Contains("Dirichlet.SampleBackward(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var logConcentration = new[] { 0.3, -0.8, 1.6, 0.0 };
        var target = new[] { 0.1, 0.5, 0.15, 0.25 };
        const int Seed = 17;
        var grad = new double[logConcentration.Length];
        var rng = new Random(Seed);
        var value = (double)assembly.Invoke("Demo.C", "Gradient", logConcentration, target, rng, grad)!;

        // The oracle: the same Gamma draws Dirichlet.Sample makes (one standard Gamma per category, in order), then
        // zᵢ = gᵢ/S and ∂zᵢ/∂αⱼ = (δᵢⱼ − zᵢ)·g'ⱼ/S with g'ⱼ the Gamma implicit shape gradient at gⱼ; so for
        // L = Σ tᵢ log zᵢ, ∂L/∂αⱼ = (tⱼ/zⱼ − Σtᵢ)·g'ⱼ/S and ∂L/∂log αⱼ = αⱼ·∂L/∂αⱼ.
        var replica = new Random(Seed);
        var alpha = logConcentration.Select(Math.Exp).ToArray();
        var g = alpha.Select(a => Gamma.StandardSample(a, replica)).ToArray();
        var total = g.Sum();
        var z = g.Select(x => x / total).ToArray();
        Assert.True(FiniteDifference.Close(target.Select((t, i) => t * Math.Log(z[i])).Sum(), value, 1e-14)); // same sample
        Assert.Equal(replica.NextDouble(), rng.NextDouble()); // the caller's generator advanced exactly once
        for (var j = 0; j < alpha.Length; j++)
        {
            var dG = Gamma.SampleGradientAt(g[j], alpha[j], 1.0).DShape;
            var expected = alpha[j] * ((target[j] / z[j]) - target.Sum()) * dG / total;
            output.WriteLine($"{j}: reverse {grad[j]:R} closed form {expected:R}");
            Assert.True(FiniteDifference.Close(expected, grad[j], 1e-12)); // both exact; 1e-12 allows rounding through a few dozen operations
        }
    }

    [Fact]
    public void Span_and_out_outputs_of_called_samplers_flow_back_through_their_Backward()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static void Affine(ReadOnlySpan<double> mu, ReadOnlySpan<double> l, [Noise] ReadOnlySpan<double> eps, Span<double> z)
                {
                    int d = mu.Length;
                    for (int i = 0; i < d; i++)
                    {
                        double s = mu[i];
                        for (int j = 0; j <= i; j++) s += l[i * d + j] * eps[j];
                        z[i] = s;
                    }
                }

                [Differentiable]
                public static void Polar(double r, double t, out double x, out double y)
                {
                    x = r * Math.Cos(t);
                    y = r * Math.Sin(t);
                }

                [Differentiable]
                public static double Objective(ReadOnlySpan<double> mu, ReadOnlySpan<double> l, double r, [Noise] ReadOnlySpan<double> eps)
                {
                    Span<double> z = stackalloc double[mu.Length];
                    Affine(mu, l, eps, z);
                    double s = 0;
                    for (int i = 0; i < z.Length; i++)
                    {
                        Polar(r, z[i], out var x, out var y);
                        s += x * Math.Sin(z[i]) + y * y;
                    }

                    return s;
                }

                public static double Gradient(double[] mu, double[] l, double r, double[] eps, double[] gMu, double[] gL, double[] gR) => ObjectiveBackward(mu, l, r, eps, 1.0, gMu, gL, ref gR[0]);
                public static double Value(double[] mu, double[] l, double r, double[] eps) => Objective(mu, l, r, eps);
            """));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.Objective").Text);
        Assert.Empty(run.GeneratorDiagnostics);
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.Objective").Text;
        Assert.Contains("AffineBackward(", generated, StringComparison.Ordinal);
        Assert.Contains("PolarBackward(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var mu = new[] { 0.2, -0.4, 0.9 };
        var l = new[] { 1.1, 0, 0, 0.3, 0.8, 0, -0.2, 0.5, 1.4 };
        var eps = new[] { 0.7, -1.3, 0.25 };
        const double R = 1.3;
        var (gMu, gL, gR) = (new double[3], new double[9], new double[1]);
        var value = (double)assembly.Invoke("Demo.C", "Gradient", mu, l, R, eps, gMu, gL, gR)!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", mu, l, R, eps)!, value);

        // Oracle: 5-point central differences of the primal, FiniteDifference.RelativeTolerance (smooth, O(1)-scaled).
        double Shifted(double[] source, int index, double t, Func<double[], double> f)
        {
            var copy = (double[])source.Clone();
            copy[index] = t;
            return f(copy);
        }

        for (var k = 0; k < mu.Length; k++)
        {
            var expected = FiniteDifference.Derivative(t => Shifted(mu, k, t, m => (double)assembly.Invoke("Demo.C", "Value", m, l, R, eps)!), mu[k]);
            Assert.True(FiniteDifference.Close(expected, gMu[k]), $"∂/∂mu[{k}]: {expected:R} vs {gMu[k]:R}");
        }

        for (var k = 0; k < l.Length; k++)
        {
            var expected = FiniteDifference.Derivative(t => Shifted(l, k, t, m => (double)assembly.Invoke("Demo.C", "Value", mu, m, R, eps)!), l[k]);
            Assert.True(FiniteDifference.Close(expected, gL[k]), $"∂/∂l[{k}]: {expected:R} vs {gL[k]:R}");
        }

        var expectedR = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "Value", mu, l, t, eps)!, R);
        Assert.True(FiniteDifference.Close(expectedR, gR[0]), $"∂/∂r: {expectedR:R} vs {gR[0]:R}");
    }
}
