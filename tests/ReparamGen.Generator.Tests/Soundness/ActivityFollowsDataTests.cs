using System.Linq;
using System;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// Activity follows data whatever its type and wherever it goes (conditions, out arguments, span views,
/// strings, structs, nullable and decimal conversions): every case ends in the right derivative (checked
/// against finite differences of the user's own method) or in a diagnostic at the operation that loses it.
/// Each case is one that once gave a silent zero.
/// </summary>
public sealed class ActivityFollowsDataTests
{
    private const string Helper = """
            [Differentiable]
            public static double G(double x, out double y)
            {
                y = x * x;
                return x;
            }

        """;

    [Theory]
    [InlineData("conditional expression", "double y; var z = G(a, out y) > 0 ? y : 0.0; return z * e;")]
    [InlineData("if condition", "double y; if (G(a, out y) > 0) { return y * e; } return 0.0;")]
    [InlineData("left of &&", "double y; if (G(a, out y) > 0 && e > -100) { return y * e; } return 0.0;")]
    [InlineData("switch value", "double y; switch (G(a, out y) > 0 ? 1 : 0) { case 1: return y * e; default: return 0.0; }")]
    [InlineData("flag local", "double y; bool positive = G(a, out y) > 0; return positive ? y * e : 0.0;")]
    [InlineData("branch of a floating ?:", "double y = 0; var z = e > -100 ? G(a, out y) : 1.0; return z * y * e / a;")]
    public void An_out_argument_written_inside_a_condition_is_differentiated(string where, string body)
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(Helper + """
                [Reparameterizable]
                public static double F(double a, [Noise] double e)
                {
            """ + body + """

                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var (a, e) in new[] { (0.7, 1.3), (2.5, -0.4) })
        {
            var gradient = assembly.Invoke("Demo.C", "FWithGradient", a, e);
            var expected = 2 * a * e; // closed form of d(a²·e)/da for a > 0
            AssertClose(expected, LoadedAssembly.Property<double>(gradient, "DA"), where + $": ∂F/∂a at {a}");
            var fd = FiniteDifference.Derivative(x => (double)assembly.Invoke("Demo.C", "F", x, e)!, a);
            AssertClose(fd, LoadedAssembly.Property<double>(gradient, "DA"), where + ": against finite differences", FiniteDifference.RelativeTolerance);
            var jvp = assembly.CallStatic("Demo.C", "FTangent", a, e, 1.0, null);
            AssertClose(expected, jvp.Out<double>(3), where + ": JVP");
        }
    }

    [Theory]
    [InlineData("while condition", "double y = 0; var n = 0; while ([|G(a, out y)|] > n) { n++; } return y * e;")]
    [InlineData("right of &&", "double y = 0; if (e > -100 && [|G(a, out y)|] > 0) { return y * e; } return 0.0;")]
    [InlineData("branch of an integer ?:", "double y = 0; int k = e > -100 ? ([|G(a, out y)|] > 0 ? 1 : 0) : 2; return k * y * e;")]
    public void An_out_argument_written_where_hoisting_would_change_evaluation_is_RPG0003(string where, string body)
    {
        _ = where;
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(Helper + """
                [Reparameterizable]
                public static double F(double a, [Noise] double e)
                {
            """ + body + """

                }
            """), Error("RPG0003", "A call that writes differentiated out arguments or spans inside a loop condition or a conditionally evaluated operand (&&, ||, ?:) (make the call a statement before the condition) is not supported in differentiated method 'F'"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_string_round_trip_is_RPG0004_at_the_conversion_to_string()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, [Noise] double e)
                {
                    var ci = System.Globalization.CultureInfo.InvariantCulture;
                    var text = [|a.ToString("R", ci)|];
                    return [|double.Parse(text, ci)|] * e;
                }
            """), new[]
        {
            Error("RPG0004", "Call to 'double.ToString' depends on a differentiated value but has no tangent: it is a .NET method, which has no derivative here: supply a rule with [TangentOf(typeof(double), \"ToString\")], or compute the value outside the differentiated method and pass it in"),
            Error("RPG0004", "Call to 'double.Parse' depends on a differentiated value but has no tangent: it is a .NET method, which has no derivative here: supply a rule with [TangentOf(typeof(double), \"Parse\")], or compute the value outside the differentiated method and pass it in"),
        });
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_field_of_a_record_struct_made_from_differentiated_values_is_RPG0003_where_it_is_read()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                public readonly record struct Pair(double A, double B);

                [Reparameterizable]
                public static double F(double a, double b, [Noise] double e)
                {
                    var h = new Pair(a, b);
                    return [|h.A|] * [|h.B|] * e;
                }
            """), new[]
        {
            Error("RPG0003", "Reading 'A' of a value computed from differentiated values (derivatives are carried by double and float values, their spans and arrays, and by tuples and structs whose floating members generated code can set, but not through a constructor call, a nullable, or an out or ref argument: pass the members as separate double values) is not supported in differentiated method 'F'"),
            Error("RPG0003", "Reading 'B' of a value computed from differentiated values (derivatives are carried by double and float values, their spans and arrays, and by tuples and structs whose floating members generated code can set, but not through a constructor call, a nullable, or an out or ref argument: pass the members as separate double values) is not supported in differentiated method 'F'"),
        });
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    private const string ConversionMessage = " (its derivative would be lost: keep the value in double or float) is not supported in differentiated method 'F'";

    [Fact]
    public void A_conversion_to_decimal_is_RPG0003()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, double b, [Noise] double e) => (double)[|(decimal)a|] * b;
            """), Error("RPG0003", "The conversion of a differentiated value to 'decimal'" + ConversionMessage));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_conversion_to_a_nullable_is_RPG0003_and_so_is_reading_its_value()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, double b, [Noise] double e)
                {
                    double? z = [|a|];
                    return [|z.Value|] * b;
                }
            """), new[]
        {
            Error("RPG0003", "The conversion of a differentiated value to 'double?'" + ConversionMessage),
            Error("RPG0003", "Reading 'Value' of a value computed from differentiated values (derivatives are carried by double and float values, their spans and arrays, and by tuples and structs whose floating members generated code can set, but not through a constructor call, a nullable, or an out or ref argument: pass the members as separate double values) is not supported in differentiated method 'F'"),
        });
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void Writes_through_a_slice_reach_the_span_it_views()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, [Noise] double e)
                {
                    Span<double> w = stackalloc double[4];
                    var s = w.Slice(1, 2);
                    s[0] = a * a;
                    s[1] = e * a;
                    return w[1] * e + w[2];
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var (a, e) in new[] { (0.7, 1.3), (-2.5, 0.4) })
        {
            var gradient = assembly.Invoke("Demo.C", "FWithGradient", a, e);
            AssertClose((a * a * e) + (e * a), LoadedAssembly.Property<double>(gradient, "Value"), "value");
            AssertClose((2 * a * e) + e, LoadedAssembly.Property<double>(gradient, "DA"), $"∂F/∂a at {a}"); // closed form
        }
    }

    [Fact]
    public void Reads_through_a_slice_of_a_span_input_carry_its_tangent()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double H(ReadOnlySpan<double> x)
                {
                    var t = x.Slice(1);
                    return t[0] * t[1] + x[0];
                }

                // Array wrappers: reflection cannot pass spans.
                public static double Jvp(double[] x, double[] v)
                {
                    HTangent(x, v, out var d);
                    return d;
                }

                public static double Vjp(double[] x, double[] g) => HBackward(x, 1.0, g);
            """));

        Assert.Empty(run.GeneratorDiagnostics); // the view of an input is reversed too (its adjoint is the same view of the accumulator)
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var x = new[] { 0.5, 1.5, -2.0 };
        var v = new[] { 0.3, -0.7, 1.1 };
        var jvp = (double)assembly.Invoke("Demo.C", "Jvp", x, v)!;
        // closed form: d(x1·x2 + x0)·v = v0 + x2·v1 + x1·v2
        AssertClose(v[0] + (x[2] * v[1]) + (x[1] * v[2]), jvp, "JVP");

        // closed form: ∇(x1·x2 + x0) = (1, x2, x1)
        var g = new double[3];
        assembly.Invoke("Demo.C", "Vjp", x, g);
        AssertClose(1.0, g[0], "∂/∂x0");
        AssertClose(x[2], g[1], "∂/∂x1");
        AssertClose(x[1], g[2], "∂/∂x2");
    }

    [Fact]
    public void An_index_with_effects_in_a_compound_assignment_is_evaluated_once()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                private static int Next(ref int k) => k++ % 4;

                [Reparameterizable]
                public static double F(double a, [Noise] double e, int seed)
                {
                    var rng = new Random(seed);
                    Span<double> w = stackalloc double[4];
                    w[rng.Next(4)] += a * a;
                    w[rng.Next(4)] += a * e;
                    var k = seed;
                    w[Next(ref k)] += a;
                    w[Next(ref k)]++;
                    w[rng.Next(4)] = w[rng.Next(4)] * a;
                    return (w[0] + (2 * w[1]) + (3 * w[2]) + (4 * w[3])) * w[rng.Next(4)];
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var seed in new[] { 1, 2, 3, 7, 11 })
        {
            foreach (var (a, e) in new[] { (0.7, 1.3), (-1.5, 0.4) })
            {
                var primal = (double)assembly.Invoke("Demo.C", "F", a, e, seed)!;
                var gradient = assembly.Invoke("Demo.C", "FWithGradient", a, e, seed);
                Assert.Equal(primal, LoadedAssembly.Property<double>(gradient, "Value"));
                var fd = FiniteDifference.Derivative(x => (double)assembly.Invoke("Demo.C", "F", x, e, seed)!, a);
                AssertClose(fd, LoadedAssembly.Property<double>(gradient, "DA"), $"∂F/∂a, seed {seed}", FiniteDifference.RelativeTolerance);
                var jvp = assembly.CallStatic("Demo.C", "FTangent", a, e, seed, 1.0, null);
                Assert.Equal(primal, (double)jvp.Result!);
                AssertClose(fd, jvp.Out<double>(4), $"JVP, seed {seed}", FiniteDifference.RelativeTolerance);
            }
        }
    }

    // Tolerance: closed forms evaluated in double differ from the generated arithmetic by a few ulps; 1e-12
    // relative is far above that and far below any wrong derivative.
    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-12)
        => Assert.True(FiniteDifference.Close(expected, actual, tolerance), $"{what}: expected {expected:R}, generated {actual:R}");
}
