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

    [Fact]
    public void A_differentiated_value_passed_to_a_constant_parameter_of_a_callee_is_reported_at_the_call()
    {
        // LogBesselI's order is [Constant] (there is no derivative in the order): differentiating through it must not
        // drop ∂/∂ν silently.
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(double nu, double x) => ReparamGen.SpecialFunctions.LogBesselI(nu, x);

                [Differentiable]
                public static double G(double x) => ReparamGen.SpecialFunctions.LogBesselI(1.5, x);
            """));
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0011", error.Id); // a warning: the derivative in the order is dropped, and the build says so
        Assert.Equal("Argument for [Noise] or [Constant] parameter 'order' of 'LogBesselI' depends on a differentiated parameter; its derivative is dropped", error.GetMessage());
        Assert.Contains("LogBesselI(nu, x)", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan), System.StringComparison.Ordinal);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("LogBesselITangent(", DiagnosticAssert.GeneratedFor(run, "Demo.C.G").Text, System.StringComparison.Ordinal);
    }
}
