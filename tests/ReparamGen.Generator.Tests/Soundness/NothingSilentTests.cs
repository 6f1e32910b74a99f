using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// Inputs the generator once served silently worse than asked (nothing generated, fewer members, a dropped
/// modifier, hidden randomness) or with generated code that did not compile: each now ends in code that
/// compiles and differentiates right, or in a diagnostic saying what is and is not generated.
/// </summary>
public sealed class NothingSilentTests
{
    private const string Unsupported = " generates nothing: put the body in a static method of a partial class and call that";

    [Fact]
    public void A_noise_parameter_overwritten_with_a_differentiated_value_compiles_and_differentiates()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, [Noise] double eps)
                {
                    eps = a + eps;
                    return eps * a;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var (a, eps) in new[] { (0.7, 1.3), (-2.5, 0.4) })
        {
            var expected = (2 * a) + eps; // closed form of d((a + ε)·a)/da
            AssertClose(expected, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", a, eps), "DA"), "∂F/∂a");
            AssertClose(expected, assembly.CallStatic("Demo.C", "FTangent", a, eps, 1.0, null).Out<double>(3), "JVP");
        }
    }

    [Fact]
    public void In_parameters_get_the_full_member_set()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(in double a, double b, [Noise] double eps) => a * b + Math.Exp(a * eps);
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        var text = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Contains("FWithGradient(in double a, double b, double eps)", text);
        Assert.Contains("FBackward(in double a, double b, double eps, double seed, ref double gradA, ref double gradB)", text);
        using var assembly = ExecutionHarness.Load(run);
        var (x, y, e) = (0.6, -1.2, 0.9);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", x, y, e);
        AssertClose(y + (e * System.Math.Exp(x * e)), LoadedAssembly.Property<double>(gradient, "DA"), "∂F/∂a"); // closed form
        AssertClose(x, LoadedAssembly.Property<double>(gradient, "DB"), "∂F/∂b");
    }

    [Fact]
    public void Ref_readonly_parameters_keep_their_modifier_in_the_full_member_set()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(ref readonly double a, double b, [Noise] double eps) => a * b + Math.Exp(a * eps);

                [Differentiable]
                public static double G(double x, ref readonly int n)
                {
                    var y = x * n;
                    return F(in y, x, 0.5) + F(in x, y, 0.25);
                }

                public static double FTangentA(double a, double b, double eps)
                {
                    FTangent(in a, b, eps, 1.0, 0.0, out var d);
                    return d;
                }

                public static double FBackwardB(double a, double b, double eps)
                {
                    double gradA = 0, gradB = 0;
                    FBackward(in a, b, eps, 1.0, ref gradA, ref gradB);
                    return gradB;
                }

                public static double GValue(double x, int n) => G(x, in n);

                public static double GDerivative(double x, int n) => GWithGradient(x, in n).DX;
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        var text = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Contains("FTangent(ref readonly double a, double b, double eps, in double dA, double dB, out double dResult)", text);
        Assert.Contains("FWithGradient(ref readonly double a, double b, double eps)", text);
        Assert.Contains("FBackward(ref readonly double a, double b, double eps, double seed, ref double gradA, ref double gradB)", text);
        Assert.Contains("FWithGradient(global::System.ReadOnlySpan<double> a, global::System.ReadOnlySpan<double> b, global::System.ReadOnlySpan<double> eps, global::System.Span<double> value,", text);
        Assert.Contains("GWithGradient(double x, ref readonly int n)", DiagnosticAssert.GeneratedFor(run, "Demo.C.G").Text);

        using var assembly = ExecutionHarness.Load(run);
        var (x, y, e) = (0.6, -1.2, 0.9);
        AssertClose(y + (e * System.Math.Exp(x * e)), (double)assembly.Invoke("Demo.C", "FTangentA", x, y, e)!, "∂F/∂a"); // closed form
        AssertClose(x, (double)assembly.Invoke("Demo.C", "FBackwardB", x, y, e)!, "∂F/∂b");
        foreach (var at in new[] { -0.7, 0.3 })
        {
            var expected = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "GValue", t, 3)!, at);
            Assert.True(FiniteDifference.Close(expected, (double)assembly.Invoke("Demo.C", "GDerivative", at, 3)!), $"∂G/∂x at {at}");
        }
    }

    [Fact]
    public void A_struct_parameter_that_cannot_carry_a_tangent_and_no_floating_parameter_are_said_aloud()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                public readonly struct P
                {
                    public P(double mu, double s) => (Mu, S) = (mu, s);

                    public readonly double Mu;
                    public readonly double S;
                }

                [Reparameterizable]
                public static double [|F|](P [|p|], [Noise] double eps) => p.Mu + p.S * eps;
            """), new[]
        {
            Warning("RPG0014", "Method 'F': it has no double or float parameter (nor span or array of them) that is not [Noise], [Constant] or out: there is nothing to differentiate, and only 'FTangent' is generated, without tangent inputs"),
            Warning("RPG0014", "Method 'F': parameter 'p' of type 'Demo.C.P' is not differentiated: a struct carries a tangent only when generated code can write each of its floating members with a 'with' expression: fields that are not readonly, properties with 'set' or 'init', accessible from the assembly, and no floating arrays; its fields are constants in the generated members"),
        });
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    [Fact]
    public void A_struct_passed_by_ref_is_said_aloud()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                public record struct P(double Mu, double S);

                [Differentiable]
                public static double F(double a, ref P [|p|]) => a * p.Mu + p.S;
            """), Warning("RPG0014", "Method 'F': parameter 'p' of type 'Demo.C.P' is not differentiated: it is passed by 'ref' (only value and 'in' struct parameters carry a tangent); its fields are constants in the generated members"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    [Fact]
    public void A_struct_with_writable_floating_members_is_differentiated_without_a_word()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                public struct P
                {
                    public double Mu;
                    public double S;
                }

                [Reparameterizable]
                public static double F(P p, [Noise] double eps) => p.Mu + p.S * eps;
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Contains("FTangent(global::Demo.C.P p, double eps, global::Demo.C.P dP, out double dResult)", DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Random_Shared_in_a_differentiated_body_is_RPG0015()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a) => a * [|Random.Shared|].NextDouble();
            """), Warning("RPG0015", "'Random.Shared' in differentiated method 'F' draws from a generator the method does not receive: every generated member draws again, so its value and derivative come from other draws than the method's; pass a Random or [Noise] parameter instead"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    [Fact]
    public void A_Random_field_of_this_in_a_differentiated_instance_method_is_RPG0015()
    {
        var run = DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            namespace Demo;

            public partial class Model
            {
                private readonly Random rng = new(1);

                [Reparameterizable]
                public double F(double a) => a * [|rng|].NextDouble();
            }
            """, Warning("RPG0015", "'rng' in differentiated method 'F' draws from a generator the method does not receive: every generated member draws again, so its value and derivative come from other draws than the method's; pass a Random or [Noise] parameter instead"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    [Fact]
    public void A_call_to_a_generated_member_in_a_differentiated_body_is_RPG0003()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double G(double a) => a * a;

                [Reparameterizable]
                public static double F(double a, [Noise] double eps) => [|GWithGradient|](a).Value * eps;
            """), Error("RPG0003", "A call to the generated member 'GWithGradient' (generated members do not exist while the generator runs: call the method it was generated from, whose derivative is taken through its tangent) is not supported in differentiated method 'F'"));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Theory]
    [InlineData("public static double P { [Differentiable] [|get|] => 2.0; }", "get_P", "a property or indexer accessor")]
    [InlineData("public struct V { public double X; [Differentiable] public static V operator [|+|](V a, V b) => a; }", "op_Addition", "an operator")]
    [InlineData("public struct V { public double X; [Reparameterizable] public static explicit operator [|double|](V v) => v.X; }", "op_Explicit", "a conversion operator")]
    [InlineData("public static double H(double a) { [Differentiable] static double [|L|](double x) => x * x; return L(a); }", "L", "a local function")]
    public void A_generating_attribute_on_something_other_than_a_method_is_RPG0009(string members, string name, string what)
    {
        var attribute = members.Contains("Reparameterizable", System.StringComparison.Ordinal) ? "[Reparameterizable]" : "[Differentiable]";
        DiagnosticAssert.Reports(DiagnosticAssert.InClass(members),
            Error("RPG0009", "Method '" + name + "' cannot be differentiated: " + attribute + " on " + what + Unsupported));
    }

    [Fact]
    public void A_local_function_in_top_level_statements_is_RPG0009()
    {
        DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            Console.WriteLine(L(2.0, 0.5));

            [Reparameterizable]
            static double [|L|](double mu, [Noise] double eps) => mu + eps;
            """,
            new[] { Error("RPG0009", "Method 'L' cannot be differentiated: [Reparameterizable] on a local function in top-level statements" + Unsupported) },
            sources => GeneratorHarness.CreateCompilation(sources).WithOptions(GeneratorHarness.CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication)));
    }

    // Tolerance: closed forms evaluated in double differ from the generated arithmetic by a few ulps; 1e-12
    // relative is far above that and far below any wrong derivative.
    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-12)
        => Assert.True(FiniteDifference.Close(expected, actual, tolerance), $"{what}: expected {expected:R}, generated {actual:R}");
}
