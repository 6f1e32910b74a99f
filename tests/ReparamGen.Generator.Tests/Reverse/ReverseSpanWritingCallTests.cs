using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// Calls that write a differentiated span and whose result is also used: assigned to a local (of any type), tested in
/// a condition, or a call that overwrites a differentiated span from constants. Each used to lose the span's adjoint
/// silently (the assignment was reversed as if the call wrote nothing); now each goes through the callee's
/// MBackward. Checked against 5-point finite differences of the primal.
/// </summary>
public sealed class ReverseSpanWritingCallTests
{
    private readonly ITestOutputHelper output;

    public ReverseSpanWritingCallTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("double v = G(w, z); return v * z[0] + z[1];")]
    [InlineData("double s = 0; if (G(w, z) > 0.1) s += z[0] * z[1]; return s + z[1];")]
    [InlineData("double v = G(w, z); double u = z[0] * v; v = G(w, z) + v * z[1]; return v * z[0] + u;")]
    [InlineData("z[0] = w[0] * w[1]; z[1] = w[1]; double s = z[0] * z[1]; Fill(3.0, z); return s + z[0] * w[0] + z[1];")]
    [InlineData("double s = 0; s += Math.Sin(G(w, z)) * z[0]; return s;")]
    public void A_span_written_by_a_call_whose_result_is_used_keeps_its_derivative(string body)
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double G(ReadOnlySpan<double> a, Span<double> z)
                {
                    z[0] = a[0] * a[1];
                    z[1] = Math.Sin(a[1]);
                    return a[0] * a[0];
                }

                [Differentiable]
                public static void Fill(double v, Span<double> z)
                {
                    for (int i = 0; i < z.Length; i++) z[i] = v * (i + 1);
                }

                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
                    Span<double> z = stackalloc double[2];
            """ + body + """

                }

                public static double Gradient(double[] w, double[] g) => FBackward(w, 1.0, g);
                public static double Value(double[] w) => F(w);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        output.WriteLine(generated);
        Assert.Empty(run.GeneratorDiagnostics); // reversed, no forward-mode stand-in
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var w = new[] { 0.7, -1.3 };
        var gradient = new double[2];
        var value = (double)assembly.Invoke("Demo.C", "Gradient", w, gradient)!;
        Assert.Equal((double)assembly.Invoke("Demo.C", "Value", w)!, value);
        for (var k = 0; k < w.Length; k++)
        {
            var index = k;
            var original = w[k];
            // Oracle: 5-point central differences, FiniteDifference.RelativeTolerance (smooth, O(1)-scaled; every
            // point is 0.2 or more from the branch threshold G = 0.1, since G(w) = w₀² = 0.49).
            var expected = FiniteDifference.Derivative(t => { w[index] = t; var f = (double)assembly.Invoke("Demo.C", "Value", w)!; w[index] = original; return f; }, original);
            output.WriteLine($"w[{k}]: reverse {gradient[k]:R} differences {expected:R}");
            Assert.True(FiniteDifference.Close(expected, gradient[k]), $"∂/∂w[{k}]: {expected:R} vs {gradient[k]:R}");
        }
    }
}
