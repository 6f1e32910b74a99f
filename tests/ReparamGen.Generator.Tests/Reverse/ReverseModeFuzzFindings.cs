using System;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// Reverse-mode bugs the fuzz suite's dot-product test found (Fuzz/DotProductCheck.cs), minimized, kept as
/// regression tests once fixed.
/// </summary>
public sealed class ReverseModeFuzzFindings
{
    private readonly ITestOutputHelper output;

    public ReverseModeFuzzFindings(ITestOutputHelper output) => this.output = output;

    /// <summary>
    /// A reverse-mode method that calls a [Differentiable] helper with an <c>out</c> result inside a declaration or an
    /// expression and uses that out value: the out value's adjoint is not propagated to the call's arguments (fuzz
    /// seeds 299, 616, 747, 762, helper H1; x = 0.75, w = [2]: ∂H/∂x is 3, reverse mode gives 0).
    /// </summary>
    private const string OutOfCallee = """
            [Differentiable]
            public static double G(double x, out double o)
            {
                o = x * x;
                return 0.0;
            }

            [Differentiable]
            public static double H(double x, ReadOnlySpan<double> w)
            {
                double v = G(x, out double y);
                return (y * w[0]) + v;
            }

            public static double Backward(double x, double[] w, double[] gW, double[] gX) => HBackward(x, w, 1.0, ref gX[0], gW);

            public static double Jvp(double x, double[] w, double dX, double[] dW)
            {
                HTangent(x, w, dX, dW, out var d);
                return d;
            }
        """;

    [Fact]
    public void Out_result_of_a_called_helper_reaches_the_gradient()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(OutOfCallee));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.H").Text);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var (x, w) = (0.75, new[] { 2.0 });
        var (gW, gX) = (new double[1], new double[1]);
        var value = (double)assembly.Invoke("Demo.C", "Backward", x, w, gW, gX)!;
        var jvpX = (double)assembly.Invoke("Demo.C", "Jvp", x, w, 1.0, new[] { 0.0 })!;
        var jvpW = (double)assembly.Invoke("Demo.C", "Jvp", x, w, 0.0, new[] { 1.0 })!;
        output.WriteLine($"value {value:R}; ∂H/∂x: forward {jvpX:R}, reverse {gX[0]:R}; ∂H/∂w0: forward {jvpW:R}, reverse {gW[0]:R}");
        Assert.Equal(x * x * w[0], value, 15);
        Assert.True(FiniteDifference.Close(2 * x * w[0], jvpX, 1e-14));
        Assert.True(FiniteDifference.Close(x * x, jvpW, 1e-14));
        Assert.True(FiniteDifference.Close(jvpX, gX[0], 1e-12), $"∂H/∂x: reverse {gX[0]:R}, forward {jvpX:R}");
        Assert.True(FiniteDifference.Close(jvpW, gW[0], 1e-12), $"∂H/∂w0: reverse {gW[0]:R}, forward {jvpW:R}");
    }
}
