using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// Where the forward sweep records: outside loops into locals of their own (stack memory, no tape), inside loops on
/// the tape. Checked on the generated text (which recording each body uses) and against finite differences (that the
/// values come back right in both places).
/// </summary>
public sealed class RecordingPlacementTests
{
    [Fact]
    public void A_body_that_records_only_outside_loops_uses_locals_and_no_tape()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
                    double x = w[0] * w[1];
                    double y = Math.Sin(x);
                    x = x * y + w[2];          // overwrites x, whose old value the reverse sweep needs
                    if (x > 0) y = y * x; else y = y - x;
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * y;   // an accumulator: nothing recorded inside
                    return s + x;
                }

                public static double Value(double[] w) => F(w);
                public static double Gradient(double[] w, double[] g) => FBackward(w, 1.0, g);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Empty(run.GeneratorDiagnostics);
        var backward = generated.Substring(generated.IndexOf("FBackward(", StringComparison.Ordinal));
        Assert.DoesNotContain("ReverseTape", backward.Substring(0, backward.IndexOf("FWithGradient", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("oldX = x;", generated, StringComparison.Ordinal);
        Assert.Contains("branch = true;", generated, StringComparison.Ordinal);
        CheckAgainstDifferences(run);
    }

    [Fact]
    public void Records_inside_a_loop_go_on_the_tape_and_those_outside_into_locals()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
                    double p = 1;
                    for (int i = 0; i < w.Length; i++)
                    {
                        double t = p * w[i];
                        p = Math.Cos(t) + p;     // overwrites p inside the loop: recorded per iteration
                    }

                    double q = p * p;
                    q = Math.Exp(-q) * w[0];
                    return q + p;
                }

                public static double Value(double[] w) => F(w);
                public static double Gradient(double[] w, double[] g) => FBackward(w, 1.0, g);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("tape.Push(p);", generated, StringComparison.Ordinal);
        Assert.Contains("lastI = i;", generated, StringComparison.Ordinal); // the loop's last counter value: outside the loop
        CheckAgainstDifferences(run);
    }

    private static void CheckAgainstDifferences(GeneratorRun run)
    {
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var point in new[] { new[] { 0.7, -1.3, 0.4 }, new[] { -0.35, 0.8, -1.9 } })
        {
            var w = point.ToArray();
            var gradient = new double[3];
            Assert.Equal((double)assembly.Invoke("Demo.C", "Value", w)!, (double)assembly.Invoke("Demo.C", "Gradient", w, gradient)!);
            for (var k = 0; k < w.Length; k++)
            {
                var index = k;
                var original = w[k];
                // Oracle: 5-point central differences, FiniteDifference.RelativeTolerance; at the two points the first
                // body's x is 1.12 and −1.82, far from its branch at x = 0 for the stencil's steps of at most 2e-3.
                var expected = FiniteDifference.Derivative(t => { w[index] = t; var f = (double)assembly.Invoke("Demo.C", "Value", w)!; w[index] = original; return f; }, original);
                Assert.True(FiniteDifference.Close(expected, gradient[k]), $"∂/∂w[{k}] at ({string.Join(", ", point)}): {expected:R} vs {gradient[k]:R}");
            }
        }
    }
}
