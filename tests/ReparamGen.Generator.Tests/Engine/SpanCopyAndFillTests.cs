using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// <c>w.CopyTo(t)</c> (a parameter, or a view of one, into the method's own allocation) and <c>t.Fill(v)</c> in
/// differentiated bodies: lowered to element loops, so forward and reverse mode differentiate them like any element
/// assignment (they were RPG0004). Checked against 5-point finite differences of the primal, and the short-destination
/// exception against the one <c>CopyTo</c> itself throws.
/// </summary>
public sealed class SpanCopyAndFillTests
{
    private readonly ITestOutputHelper output;

    public SpanCopyAndFillTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("Span<double> t = stackalloc double[w.Length]; w.CopyTo(t); t[1] *= t[0]; return t[1] + t[2] * t[2];")]
    [InlineData("double[] t = new double[2]; w.Slice(1).CopyTo(t); return Math.Exp(t[0]) * t[1];")]
    [InlineData("Span<double> t = stackalloc double[3]; t.Fill(w[0] * 2); t[2] += w[1]; return t[0] * t[1] + t[2] * w[2];")]
    [InlineData("Span<double> t = stackalloc double[3]; for (int k = 0; k < 2; k++) { w.CopyTo(t); t[k] = Math.Sin(t[k]); t.Fill(t[k] * t[2]); } return t[0] + t[1];")]
    public void Copies_and_fills_are_differentiated_in_both_modes(string body)
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
            """ + body + """

                }

                public static double Value(double[] w) => F(w);
                public static double Gradient(double[] w, double[] g) => FBackward(w, 1.0, g);
                public static double Jvp(double[] w, double[] dW) { FTangent(w, dW, out var d); return d; }
            """));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text);
        Assert.Empty(run.GeneratorDiagnostics); // lowered: no RPG0004, and reversed: no RPG0018
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var w = new[] { 0.7, -1.3, 0.4 };
        var gradient = new double[3];
        var value = (double)assembly.Invoke("Demo.C", "Gradient", w, gradient)!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", w)!, value);
        for (var k = 0; k < w.Length; k++)
        {
            var index = k;
            var original = w[k];
            // Oracle: 5-point central differences, FiniteDifference.RelativeTolerance (smooth, O(1)-scaled bodies).
            var expected = FiniteDifference.Derivative(t => { w[index] = t; var f = (double)assembly.Invoke("Demo.C", "Value", w)!; w[index] = original; return f; }, original);
            Assert.True(FiniteDifference.Close(expected, gradient[k]), $"reverse ∂/∂w[{k}]: {expected:R} vs {gradient[k]:R}");
            var unit = new double[3];
            unit[k] = 1;
            var tangent = (double)assembly.Invoke("Demo.C", "Jvp", w, unit)!;
            Assert.True(FiniteDifference.Close(expected, tangent), $"forward ∂/∂w[{k}]: {expected:R} vs {tangent:R}");
        }
    }

    [Fact]
    public void A_destination_shorter_than_the_source_throws_what_CopyTo_throws()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
                    Span<double> t = stackalloc double[2];
                    w.CopyTo(t);
                    return t[0] * t[1];
                }

                public static double Gradient(double[] w, double[] g) => FBackward(w, 1.0, g);
                public static double Jvp(double[] w, double[] dW) { FTangent(w, dW, out var d); return d; }
                public static double Plain(double[] w) { Span<double> t = stackalloc double[2]; ((ReadOnlySpan<double>)w).CopyTo(t); return t[0]; }
            """));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var w = new[] { 1.0, 2.0, 3.0 };
        var expected = Assert.Throws<ArgumentException>(() => assembly.Invoke("Demo.C", "Plain", w));
        foreach (var call in new Action[] { () => assembly.Invoke("Demo.C", "Gradient", w, new double[3]), () => assembly.Invoke("Demo.C", "Jvp", w, new double[3]) })
        {
            var thrown = Assert.Throws<ArgumentException>(call);
            Assert.Equal(expected.ParamName, thrown.ParamName);
        }
    }
}
