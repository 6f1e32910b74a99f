using ReparamGen.Generator.Tests.Harness;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0004: a call that receives a differentiated value and returns a floating value, with no tangent from a
/// built-in rule, a generated tangent or a [TangentOf] rule, is an error at the call, never a silent zero.
/// </summary>
public sealed class Rpg0004NoTangentTests
{
    [Fact]
    public void Plain_method_of_the_same_type()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                public static double Square(double x) => x * x;

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => [|Square(mu)|] * eps;
            """),
            Error("RPG0004", "Call to 'Demo.C.Square' depends on a differentiated value but has no tangent: mark 'Demo.C.Square' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.C), \"Square\")]"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Plain_method_of_another_type()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var drag = [|Physics.Drag(mu)|];
                    return drag * eps;
                }
            """),
            Error("RPG0004", "Call to 'Demo.Physics.Drag' depends on a differentiated value but has no tangent: mark 'Demo.Physics.Drag' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.Physics), \"Drag\")]"),
            """
            namespace Demo;

            public static class Physics
            {
                public static double Drag(double v) => 0.5 * v * v;
            }
            """);

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Generic_math_function_without_a_rule()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static T F<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> => [|T.Hypot(x, y)|];
            """),
            Error("RPG0004", "Call to 'T.Hypot' depends on a differentiated value but has no tangent: it is a generic-math function of the type parameter 'T' without a built-in derivative (those of Math have one: Exp, Log, Sqrt, Pow, Sin, Atan2, …): write it with those, or compute the value outside the differentiated method and pass it in"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Conversion_of_a_differentiated_value_to_a_number_type_without_derivatives()
    {
        // T ↔ double and float conversions are differentiated (CreateChecked is a cast); decimal carries no derivative.
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static T F<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T>
                {
                    var d = [|decimal.CreateChecked(x)|];
                    return x * [|T.CreateChecked(d)|];
                }
            """),
            new[]
            {
                Error("RPG0004", "Call to 'decimal.CreateChecked<T>' depends on a differentiated value but has no tangent: it converts a differentiated value to another number type, which has no derivative here: keep the computation in one type (in a generic method, T throughout, with constants made by T.CreateChecked(constant)), or convert where the value is not differentiated"),
                Error("RPG0004", "Call to 'T.CreateChecked<decimal>' depends on a differentiated value but has no tangent: it converts a differentiated value to another number type, which has no derivative here: keep the computation in one type (in a generic method, T throughout, with constants made by T.CreateChecked(constant)), or convert where the value is not differentiated"),
            });

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Library_method_from_metadata_without_a_rule()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => [|double.Hypot(mu, eps)|];
            """),
            Error("RPG0004", "Call to 'double.Hypot' depends on a differentiated value but has no tangent: it is a .NET method, which has no derivative here: supply a rule with [TangentOf(typeof(double), \"Hypot\")], or compute the value outside the differentiated method and pass it in"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Linq_over_differentiated_values_says_to_write_the_loop()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(double[] w) => [|System.Linq.Enumerable.Sum(w)|];
            """),
            Error("RPG0004", "Call to 'System.Linq.Enumerable.Sum' depends on a differentiated value but has no tangent: LINQ is not differentiated (its lambdas and iterators hide the arithmetic from the generator): write the loop instead, e.g. 'double s = 0; foreach (var v in values) s += v;' for Sum"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void A_copy_between_two_of_the_methods_own_spans_keeps_its_diagnostic()
    {
        // Two locals may view the same memory (CopyTo then moves, which an element loop does not), so only copies
        // from a parameter into the method's own allocation are lowered to loops.
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w)
                {
                    Span<double> a = stackalloc double[2];
                    a[0] = w[0];
                    a[1] = w[1];
                    Span<double> b = stackalloc double[2];
                    [|a.CopyTo(b)|];
                    return b[0] * b[1];
                }
            """),
            new[]
            {
                Error("RPG0004", "Call to 'System.Span<double>.CopyTo' depends on a differentiated value but has no tangent: it is a .NET method, which has no derivative here: supply a rule with [TangentOf(typeof(System.Span<double>), \"CopyTo\")], or compute the value outside the differentiated method and pass it in"),
                new ExpectedDiagnostic("RPG0018", Microsoft.CodeAnalysis.DiagnosticSeverity.Info, "'FBackward' runs forward mode, one tangent pass per input element: reverse mode does not support a call to 'CopyTo' that writes differentiated outputs through spans or out arguments yet"),
            });

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Math_function_without_a_built_in_rule()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => eps * [|Math.IEEERemainder(mu, 3.0)|];
            """),
            Error("RPG0004", "Call to 'System.Math.IEEERemainder' depends on a differentiated value but has no tangent: it is a .NET method, which has no derivative here: supply a rule with [TangentOf(typeof(System.Math), \"IEEERemainder\")], or compute the value outside the differentiated method and pass it in"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Call_on_constants_only_needs_no_tangent()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                public static double Square(double x) => x * x;

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => mu * Square(eps) + Square(2.0);
            """));

        GeneratorHarness.AssertCompilesWithoutWarnings(run);
    }
}
