using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// Views of differentiated spans in reversed bodies: slices of a variational parameter vector (the usual way to hold
/// means and log standard deviations in one span), views passed to span callees, and data passed where a callee
/// differentiates. Checked against 5-point finite differences of the primal.
/// </summary>
public sealed class ReverseViewTests
{
    private readonly ITestOutputHelper output;

    public ReverseViewTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Slices_of_a_parameter_vector_and_data_passed_to_a_differentiating_callee_are_reversed()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                    return s;
                }

                [Differentiable]
                public static double Elbo(ReadOnlySpan<double> theta, double[] extra, [Noise] ReadOnlySpan<double> eps, [Constant] ReadOnlySpan<double> x)
                {
                    int d = eps.Length;
                    ReadOnlySpan<double> mean = theta.Slice(0, d);
                    ReadOnlySpan<double> logSd = theta.Slice(d, d);
                    ReadOnlySpan<double> all = extra;
                    ReadOnlySpan<double> head = all.Slice(0, 2);
                    ReadOnlySpan<double> second = extra.AsSpan(1, 1);
                    double s = 0;
                    for (int i = 0; i < d; i++)
                    {
                        double w = mean[i] + Math.Exp(logSd[i]) * eps[i];
                        s -= 0.5 * w * w;
                        s += logSd[i];
                    }

                    return s + Math.Sin(Dot(mean, x)) + Dot(logSd, x) * head[1] + head[0] * Dot(x, x) + second[0] * second[0];
                }

                public static double Gradient(double[] theta, double[] extra, double[] eps, double[] x, double[] gTheta, double[] gExtra) => ElboBackward(theta, extra, eps, x, 1.0, gTheta, gExtra);
                public static double Value(double[] theta, double[] extra, double[] eps, double[] x) => Elbo(theta, extra, eps, x);
                public static double Jvp(double[] theta, double[] extra, double[] eps, double[] x, double[] dTheta, double[] dExtra) { ElboTangent(theta, extra, eps, x, dTheta, dExtra, out var d); return d; }
            """));
        Assert.Empty(run.GeneratorDiagnostics);
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.Elbo").Text); // reversed, not stood in for by forward mode
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var theta = new[] { 0.3, -0.7, 1.1, -0.4, 0.2, -1.5 };
        var extra = new[] { 0.6, -1.2, 9.0 };
        var eps = new[] { 0.8, -0.3, 1.4 };
        var x = new[] { 0.5, 1.5, -0.9 };
        var (gTheta, gExtra) = (new double[6], new double[3]);
        var value = (double)assembly.Invoke("Demo.C", "Gradient", theta, extra, eps, x, gTheta, gExtra)!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", theta, extra, eps, x)!, value);

        // Oracle: 5-point central differences of the primal, FiniteDifference.RelativeTolerance (smooth, O(1)-scaled).
        foreach (var (values, gradient, name) in new[] { (theta, gTheta, "theta"), (extra, gExtra, "extra") })
        {
            for (var k = 0; k < values.Length; k++)
            {
                var index = k;
                var original = values[k];
                var expected = FiniteDifference.Derivative(t =>
                {
                    values[index] = t;
                    var f = (double)assembly.Invoke("Demo.C", "Value", theta, extra, eps, x)!;
                    values[index] = original;
                    return f;
                }, original);
                output.WriteLine($"{name}[{k}]: reverse {gradient[k]:R} differences {expected:R}");
                Assert.True(FiniteDifference.Close(expected, gradient[k]), $"∂/∂{name}[{k}]: {expected:R} vs {gradient[k]:R}");
            }
        }

        Assert.Equal(0.0, gExtra[2]); // outside the view: nothing flows there

        // Forward mode through the same views: J·v equals ⟨∇, v⟩ from the reverse sweep checked above (to rounding).
        var (dTheta, dExtra) = (new[] { 0.5, -1, 0.25, 2, -0.75, 1 }, new[] { -0.5, 1.5, 3 });
        var jvp = (double)assembly.Invoke("Demo.C", "Jvp", theta, extra, eps, x, dTheta, dExtra)!;
        var vjp = gTheta.Zip(dTheta, (g, d) => g * d).Sum() + gExtra.Zip(dExtra, (g, d) => g * d).Sum();
        Assert.True(FiniteDifference.Close(vjp, jvp, 1e-12), $"J·v {jvp:R} vs ⟨∇, v⟩ {vjp:R}");
    }

    [Fact]
    public void A_view_of_a_span_the_body_writes_still_falls_back_with_its_reason()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Scratch(ReadOnlySpan<double> w)
                {
                    Span<double> buffer = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) buffer[i] = w[i] * w[i];
                    ReadOnlySpan<double> tail = buffer.Slice(1);
                    double s = 0;
                    for (int i = 0; i < tail.Length; i++) s += Math.Sin(tail[i]);
                    return s;
                }
            """));
        var info = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0018", info.Id);
        Assert.Contains("'tail', which views another span that the body writes", info.GetMessage(), StringComparison.Ordinal);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }
}
