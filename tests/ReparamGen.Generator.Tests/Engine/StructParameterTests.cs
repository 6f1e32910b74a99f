using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Struct parameters with floating members: the tangent of a struct is a value of the same struct type. Record
/// structs (positional, readonly), plain structs with fields, nested structs, float members, members that are not
/// floating (constants, left default in tangents and gradients), and calls between differentiated methods that pass
/// structs. Derivatives are checked against finite differences of the user's own method and closed forms.
/// </summary>
public sealed class StructParameterTests
{
    internal const string Source = """
        public readonly record struct Params(double Mu, double LogSigma);

        public struct Point
        {
            public double X;
            public double Y;
            public int Tag;
        }

        public record struct Outer(Point Inner, double Scale, string? Name);

        public record struct FloatPair(float A, float B);

        [Reparameterizable]
        public static double Sample(Params p, [Noise] double eps) => p.Mu + Math.Exp(p.LogSigma) * eps;

        [Differentiable]
        public static double Radius(in Point q, double w) => Math.Sqrt(q.X * q.X + q.Y * q.Y) * w + q.Tag;

        [Differentiable]
        public static double Nested(Outer o, double a)
        {
            var r = Radius(o.Inner, a);
            if (o.Name is null)
            {
                r += Math.Sin(o.Inner.Y);
            }

            return o.Scale * r;
        }

        [Differentiable]
        public static double Shift(in Params q) => q.Mu * q.LogSigma;

        [Differentiable]
        public static double Both(Params p, Params q) => Sample(p, 0.5) * q.LogSigma + Shift(q);

        [Differentiable]
        public static float FloatSum(FloatPair f, float x) => f.A * x + MathF.Sin(f.B);

        [Differentiable]
        public static double Copied(Params p, double a)
        {
            var q = p;
            var t = (q.Mu, a);
            return (t.Item1 * t.Item2) + q.LogSigma;
        }

        public static double[] CopiedGrad(double mu, double logSigma, double a)
        {
            var g = CopiedWithGradient(new Params(mu, logSigma), a);
            return new[] { g.DP.Mu, g.DP.LogSigma, g.DA };
        }

        public static double SampleValue(double mu, double logSigma, double eps) => Sample(new Params(mu, logSigma), eps);

        public static double[] SampleGrad(double mu, double logSigma, double eps)
        {
            var g = SampleWithGradient(new Params(mu, logSigma), eps);
            return new[] { g.Value, g.DP.Mu, g.DP.LogSigma };
        }

        public static double[] SampleJvp(double mu, double logSigma, double eps, double dMu, double dLogSigma)
        {
            var value = SampleTangent(new Params(mu, logSigma), eps, new Params(dMu, dLogSigma), out var d);
            return new[] { value, d };
        }

        public static double[] SampleAccumulated(double mu, double logSigma, double eps, double seed)
        {
            var grad = new Params(0.5, -0.25);
            var value = SampleBackward(new Params(mu, logSigma), eps, seed, ref grad);
            return new[] { value, grad.Mu, grad.LogSigma };
        }

        private static Outer MakeOuter(double x, double y, double scale, string? name) => new(new Point { X = x, Y = y, Tag = 3 }, scale, name);

        public static double NestedValue(double x, double y, double scale, double a, string? name) => Nested(MakeOuter(x, y, scale, name), a);

        public static double[] NestedGrad(double x, double y, double scale, double a, string? name)
        {
            var g = NestedWithGradient(MakeOuter(x, y, scale, name), a);
            // Members that are not floating stay default in a gradient: Tag 0, Name null.
            return new[] { g.Value, g.DO.Inner.X, g.DO.Inner.Y, g.DO.Scale, g.DA, g.DO.Inner.Tag, g.DO.Name is null ? 0.0 : 1.0 };
        }

        public static double[] NestedJvp(double x, double y, double scale, double a, double dx, double dy, double dScale, double dA)
        {
            var tangent = new Outer(new Point { X = dx, Y = dy, Tag = 99 }, dScale, "ignored");
            var value = NestedTangent(MakeOuter(x, y, scale, null), a, tangent, dA, out var d);
            return new[] { value, d };
        }

        public static double BothValue(double pm, double ps, double qm, double qs) => Both(new Params(pm, ps), new Params(qm, qs));

        public static double[] BothGrad(double pm, double ps, double qm, double qs)
        {
            var g = BothWithGradient(new Params(pm, ps), new Params(qm, qs));
            return new[] { g.Value, g.DP.Mu, g.DP.LogSigma, g.DQ.Mu, g.DQ.LogSigma };
        }

        public static double[] FloatSumGrad(float a, float b, float x)
        {
            var g = FloatSumWithGradient(new FloatPair(a, b), x);
            return new double[] { g.Value, g.DF.A, g.DF.B, g.DX };
        }
        """;

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));

    [Fact]
    public void Generates_struct_tangents()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(Source));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Verify(run);
    }

    [Fact]
    public void Record_struct_gradient_tangent_and_backward()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var (mu, logSigma, eps) = (0.3, -0.4, 1.7);
        double Value(double m, double s) => (double)assembly.Invoke("Demo.C", "SampleValue", m, s, eps)!;
        var g = (double[])assembly.Invoke("Demo.C", "SampleGrad", mu, logSigma, eps)!;
        Assert.Equal(Value(mu, logSigma), g[0]);
        AssertClose(FiniteDifference.Derivative(m => Value(m, logSigma), mu), g[1], "∂/∂p.Mu");
        AssertClose(FiniteDifference.Derivative(s => Value(mu, s), logSigma), g[2], "∂/∂p.LogSigma");

        // Closed form of the JVP: dMu + exp(logSigma)·eps·dLogSigma.
        var jvp = (double[])assembly.Invoke("Demo.C", "SampleJvp", mu, logSigma, eps, 0.6, -1.1)!;
        Assert.Equal(Value(mu, logSigma), jvp[0]);
        Assert.True(FiniteDifference.Close(0.6 + (Math.Exp(logSigma) * eps * -1.1), jvp[1], 1e-15), "JVP"); // a few roundings of O(1) terms

        // MBackward adds seed·∂ into what the accumulator held (0.5, −0.25).
        var back = (double[])assembly.Invoke("Demo.C", "SampleAccumulated", mu, logSigma, eps, 2.0)!;
        Assert.True(FiniteDifference.Close(0.5 + 2.0, back[1], 1e-15), "accumulated ∂/∂p.Mu"); // ∂/∂Mu = 1 exactly
        Assert.True(FiniteDifference.Close(-0.25 + (2.0 * Math.Exp(logSigma) * eps), back[2], 1e-15), "accumulated ∂/∂p.LogSigma");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("named")]
    public void Nested_struct_passed_to_a_differentiated_callee(string? name)
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var point = new[] { 0.8, -0.6, 1.5, 0.7 };
        double Value(int k, double v)
        {
            var at = point.ToArray();
            at[k] = v;
            return (double)assembly.Invoke("Demo.C", "NestedValue", at[0], at[1], at[2], at[3], name)!;
        }

        var g = (double[])assembly.Invoke("Demo.C", "NestedGrad", point[0], point[1], point[2], point[3], name)!;
        Assert.Equal(Value(0, point[0]), g[0]);
        var labels = new[] { "∂/∂o.Inner.X", "∂/∂o.Inner.Y", "∂/∂o.Scale", "∂/∂a" };
        for (var k = 0; k < 4; k++)
        {
            AssertClose(FiniteDifference.Derivative(v => Value(k, v), point[k]), g[k + 1], labels[k]);
        }

        Assert.Equal(0.0, g[5]); // Tag: an int member, constant, default in the gradient
        Assert.Equal(0.0, g[6]); // Name: a string member, default (null) in the gradient
    }

    [Fact]
    public void Nested_struct_jvp_ignores_the_tangents_constant_members()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var (x, y, scale, a) = (0.8, -0.6, 1.5, 0.7);
        var (dx, dy, dScale, dA) = (0.3, 1.2, -0.5, 0.9);
        var jvp = (double[])assembly.Invoke("Demo.C", "NestedJvp", x, y, scale, a, dx, dy, dScale, dA)!;
        // Closed form: r = √(x²+y²)·a + 3 + sin y; value = scale·r.
        var norm = Math.Sqrt((x * x) + (y * y));
        var r = (norm * a) + 3 + Math.Sin(y);
        var dr = ((x * dx) + (y * dy)) / norm * a + (norm * dA) + (Math.Cos(y) * dy);
        Assert.True(FiniteDifference.Close(scale * r, jvp[0], 1e-14), "value"); // same operations, different order of roundings
        Assert.True(FiniteDifference.Close((dScale * r) + (scale * dr), jvp[1], 1e-14), "JVP"); // a dozen roundings of O(1) terms
    }

    [Fact]
    public void Two_struct_parameters_and_a_struct_passed_on()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var point = new[] { 0.2, -0.3, 0.9, 1.4 };
        double Value(int k, double v)
        {
            var at = point.ToArray();
            at[k] = v;
            return (double)assembly.Invoke("Demo.C", "BothValue", at[0], at[1], at[2], at[3])!;
        }

        var g = (double[])assembly.Invoke("Demo.C", "BothGrad", point[0], point[1], point[2], point[3])!;
        var labels = new[] { "∂/∂p.Mu", "∂/∂p.LogSigma", "∂/∂q.Mu", "∂/∂q.LogSigma" };
        for (var k = 0; k < 4; k++)
        {
            AssertClose(FiniteDifference.Derivative(v => Value(k, v), point[k]), g[k + 1], labels[k]);
        }
    }

    [Fact]
    public void A_struct_local_and_a_tuple_carry_the_tangent()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var g = (double[])assembly.Invoke("Demo.C", "CopiedGrad", 0.75, -2.5, 1.25)!;
        // Closed forms of Mu·a + LogSigma: ∂/∂Mu = a, ∂/∂LogSigma = 1, ∂/∂a = Mu (exact in binary).
        Assert.Equal(new[] { 1.25, 1.0, 0.75 }, g);
    }

    [Fact]
    public void Float_members()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(DiagnosticAssert.InClass(Source)));
        var g = (double[])assembly.Invoke("Demo.C", "FloatSumGrad", 0.5f, 0.25f, 2.0f)!;
        // Closed forms: ∂/∂A = x = 2, ∂/∂B = cos B, ∂/∂x = A = 0.5; float arithmetic, so float's epsilon (6e-8) bounds the error.
        Assert.Equal(2.0, g[1]);
        Assert.True(Math.Abs(Math.Cos(0.25) - g[2]) < 1e-6, "∂/∂f.B");
        Assert.Equal(0.5, g[3]);
    }

    private const string StructRecord = """
        public record struct P(double Mu, double S);

        """;

    [Fact]
    public void A_struct_local_made_by_a_constructor_is_RPG0003_where_its_member_is_read()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(StructRecord + """
                [Differentiable]
                public static double F(P p, double a)
                {
                    var q = new P(a, p.S);
                    return a * [|q.Mu|];
                }
            """), ExpectedDiagnostic.Error("RPG0003", "Reading 'Mu' of a value computed from differentiated values (derivatives are carried by double and float values, their spans and arrays, and by tuples and structs whose floating members generated code can set, but not through a constructor call, a nullable, or an out or ref argument: pass the members as separate double values) is not supported in differentiated method 'F'"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_struct_built_from_differentiated_values_and_passed_on_is_RPG0003_at_the_call()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(StructRecord + """
                [Differentiable]
                public static double G(P p) => p.Mu * p.S;

                [Differentiable]
                public static double F(double a, double b) => [|G(new P(a, b))|];
            """), ExpectedDiagnostic.Error("RPG0003", "Passing to 'G' a struct made by a constructor call from differentiated values (a constructor has no derivative rule: pass a struct parameter, a tuple, or the members as doubles) is not supported in differentiated method 'F'"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void Assigning_to_a_struct_parameter_is_RPG0003()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(StructRecord + """
                [Differentiable]
                public static double F(P p, double a)
                {
                    [|p|] = new P(a, a);
                    return p.Mu;
                }
            """), ExpectedDiagnostic.Error("RPG0003", "Assigning to the struct parameter 'p' (its members are differentiated through the caller's tangent: copy the members you change into double locals) is not supported in differentiated method 'F'"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_span_method_with_a_struct_parameter_gets_no_backward_and_says_so()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(StructRecord + """
                [Differentiable]
                public static double F(P p, ReadOnlySpan<double> x) => p.Mu * x[0] + p.S * x[1];

                public static double FJvp(double mu, double s, double[] x, double dMu, double dS, double[] dX)
                {
                    FTangent(new P(mu, s), x, new P(dMu, dS), dX, out var d);
                    return d;
                }
            """));
        var info = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0018", info.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, info.Severity);
        Assert.Equal("'FBackward' is not generated: reverse mode does not support struct parameters ('p') yet, and forward mode cannot stand in for a method that takes other values than numbers and spans (a Random would draw again at every pass)", info.GetMessage());
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.DoesNotContain("FBackward", DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text, StringComparison.Ordinal);

        // The tangent is there and right. Closed form: dMu·x0 + mu·dx0 + dS·x1 + s·dx1.
        using var assembly = ExecutionHarness.Load(run);
        var jvp = (double)assembly.Invoke("Demo.C", "FJvp", 0.5, -2.0, new[] { 3.0, 0.25 }, 1.5, 4.0, new[] { -1.0, 2.0 })!;
        Assert.Equal((1.5 * 3.0) + (0.5 * -1.0) + (4.0 * 0.25) + (-2.0 * 2.0), jvp); // exact in binary
    }

    // Finite differences carry their own error (see FiniteDifference): 1e-8 relative is their bar.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
