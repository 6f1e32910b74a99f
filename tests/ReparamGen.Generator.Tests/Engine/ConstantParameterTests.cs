using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>[Constant] marks data: no tangent parameter, no gradient field, no accumulator, as for [Noise].</summary>
public sealed class ConstantParameterTests
{
    [Fact]
    public void Constant_parameters_get_no_tangent_and_no_partial()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, [Constant] double c, [Noise] double eps) => a * c + Math.Exp(a * eps) * c;

                [Differentiable]
                public static double Dot(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x)
                {
                    var s = 0.0;
                    for (var i = 0; i < w.Length; i++)
                    {
                        s += w[i] * x[i];
                    }

                    return s;
                }

                // Array wrapper: reflection cannot pass spans.
                public static double DotJvp(double[] w, double[] x, double[] v)
                {
                    DotTangent(w, x, v, out var d);
                    return d;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        var text = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Contains("FGradient(double Value, double DA)", text);
        Assert.Contains("FTangent(double a, double c, double eps, double dA, out double dResult)", text);
        Assert.Contains("FBackward(double a, double c, double eps, double seed, ref double gradA)", text);
        Assert.Contains("DotTangent(global::System.ReadOnlySpan<double> w, global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> dW, out double dResult)", DiagnosticAssert.GeneratedFor(run, "Demo.C.Dot").Text);

        using var assembly = ExecutionHarness.Load(run);
        var (a, c, eps) = (0.4, 1.7, -0.3);
        // Closed form: ∂F/∂a = c + c·ε·exp(a·ε); compared at 1e-12 (a few ulps apart, far below a wrong derivative).
        var expected = c + (c * eps * System.Math.Exp(a * eps));
        Assert.True(FiniteDifference.Close(expected, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", a, c, eps), "DA"), 1e-12));
        var jvp = (double)assembly.Invoke("Demo.C", "DotJvp", new[] { 1.0, 2.0 }, new[] { 3.0, -4.0 }, new[] { 0.5, 0.25 })!;
        Assert.Equal((3.0 * 0.5) + (-4.0 * 0.25), jvp); // exact in binary: ⟨x, v⟩
    }
}
