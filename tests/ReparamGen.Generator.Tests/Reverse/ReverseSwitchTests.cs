using System;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// <c>switch</c> sections that leave early (<c>break</c> before the section's end, <c>continue</c> of the enclosing
/// loop from inside a section) in a reversed body, against 5-point finite differences of the primal.
/// </summary>
public sealed class ReverseSwitchTests
{
    private readonly ITestOutputHelper output;

    public ReverseSwitchTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Sections_that_break_early_or_continue_the_loop_are_reversed()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Mixed(ReadOnlySpan<double> w, double c)
                {
                    double s = 0.25;
                    for (int i = 0; i < w.Length; i++)
                    {
                        switch (i % 3)
                        {
                            case 0:
                                if (w[i] > 0) { s += w[i] * c; break; }
                                s -= Math.Sin(w[i]) * s;
                                break;
                            case 1:
                                if (w[i] < -0.5) continue;
                                s = s * Math.Exp(0.1 * w[i]);
                                break;
                            default:
                                s += c * c * w[i];
                                break;
                        }

                        s = s + 0.01 * s * w[i];
                    }

                    return s;
                }

                public static double Gradient(double[] w, double c, double[] gW, double[] gC) => MixedBackward(w, c, 1.0, gW, ref gC[0]);
                public static double Value(double[] w, double c) => Mixed(w, c);
            """));
        Assert.Empty(run.GeneratorDiagnostics); // reversed: no RPG0018
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.Mixed").Text);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        // Both signs at indices 0 and 3 (break taken or not), one value below −0.5 at index 4 (continue taken).
        var w = new[] { 0.7, 0.4, -0.3, -0.9, -0.8, 1.2, 0.5 };
        const double C = 0.6;
        var (gW, gC) = (new double[w.Length], new double[1]);
        var value = (double)assembly.Invoke("Demo.C", "Gradient", w, C, gW, gC)!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", w, C)!, value);

        // Oracle: 5-point central differences, FiniteDifference.RelativeTolerance; every point is at least 0.1 from the
        // branch thresholds (0 and −0.5), far beyond the difference step, so no branch flips inside the stencil.
        for (var k = 0; k < w.Length; k++)
        {
            var index = k;
            var original = w[k];
            var expected = FiniteDifference.Derivative(t =>
            {
                w[index] = t;
                var f = (double)assembly.Invoke("Demo.C", "Value", w, C)!;
                w[index] = original;
                return f;
            }, original);
            Assert.True(FiniteDifference.Close(expected, gW[k]), $"∂/∂w[{k}]: {expected:R} vs {gW[k]:R}");
        }

        var expectedC = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "Value", w, t)!, C);
        Assert.True(FiniteDifference.Close(expectedC, gC[0]), $"∂/∂c: {expectedC:R} vs {gC[0]:R}");
    }
}
