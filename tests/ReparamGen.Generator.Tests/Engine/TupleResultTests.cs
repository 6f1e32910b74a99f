using System;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// [Differentiable] helpers that return tuples, deconstructed by their callers: the tangent of a tuple is a tuple
/// of tangents (<c>PolarTangent(r, t, dR, dT, out (double, double) dResult)</c>). Checked against closed forms and
/// finite differences of the user's own methods.
/// </summary>
public sealed class TupleResultTests
{
    internal const string Source = """
        [Differentiable]
        public static (double, double) Polar(double r, double t) => (r * Math.Cos(t), r * Math.Sin(t));

        [Differentiable]
        public static (double X, double Y) Scaled(double s, (double, double) p)
        {
            var (x, y) = p;
            return (s * x, (s * y) + 1);
        }

        [Reparameterizable]
        public static double Radius(double r, double t, [Noise] double eps)
        {
            var (x, y) = Polar(r, t);
            var (u, _) = Scaled(eps, Polar(r + eps, t));
            var q = Scaled(r, (x, 2.0));
            return Math.Sqrt((x * x) + (y * y)) + u + (q.X * q.Y);
        }

        public static double[] PolarJvp(double r, double t, double dR, double dT)
        {
            var (x, y) = PolarTangent(r, t, dR, dT, out var d);
            return new[] { x, y, d.Item1, d.Item2 };
        }

        public static double[] RadiusGrad(double r, double t, double eps)
        {
            var g = RadiusWithGradient(r, t, eps);
            return new[] { g.Value, g.DR, g.DT };
        }
        """;

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));

    [Fact]
    public void Generates_tuple_tangents()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(Source));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Verify(run);
    }

    [Fact]
    public void The_tangent_of_a_tuple_is_a_tuple_of_tangents()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var (r, t, dR, dT) = (1.3, 0.7, -0.4, 2.1);
        var jvp = (double[])assembly.Invoke("Demo.C", "PolarJvp", r, t, dR, dT)!;
        Assert.Equal(r * Math.Cos(t), jvp[0]);
        Assert.Equal(r * Math.Sin(t), jvp[1]);
        // Closed forms: dx = dr·cos t − r·sin t·dt, dy = dr·sin t + r·cos t·dt; a few roundings of O(1) terms.
        Assert.True(FiniteDifference.Close((dR * Math.Cos(t)) - (r * Math.Sin(t) * dT), jvp[2], 1e-14), "dx");
        Assert.True(FiniteDifference.Close((dR * Math.Sin(t)) + (r * Math.Cos(t) * dT), jvp[3], 1e-14), "dy");
    }

    [Fact]
    public void Deconstructed_calls_give_the_gradient_of_the_caller()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var (r, t, eps) = (1.3, 0.7, 0.45);
        double Value(double rr, double tt) => (double)assembly.Invoke("Demo.C", "Radius", rr, tt, eps)!;
        var g = (double[])assembly.Invoke("Demo.C", "RadiusGrad", r, t, eps)!;
        Assert.Equal(Value(r, t), g[0]);
        AssertClose(FiniteDifference.Derivative(x => Value(x, t), r), g[1], "∂/∂r");
        AssertClose(FiniteDifference.Derivative(x => Value(r, x), t), g[2], "∂/∂t");
    }

    [Fact]
    public void A_tuple_from_a_call_without_a_tangent_is_RPG0004()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                private static (double, double) Twice(double x) => (x, 2.0 * x);

                [Differentiable]
                public static double F(double a)
                {
                    var (p, q) = [|Twice(a)|];
                    return p * q;
                }
            """), ExpectedDiagnostic.Error("RPG0004", "Call to 'Demo.C.Twice' depends on a differentiated value but has no tangent: mark 'Demo.C.Twice' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.C), \"Twice\")]"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    // Finite differences carry their own error (see FiniteDifference): 1e-8 relative is their bar.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
