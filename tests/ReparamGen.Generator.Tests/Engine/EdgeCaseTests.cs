using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Inputs at the edges of what the generator accepts: each ends in generated code that compiles with warnings
/// as errors and computes the right derivative, or in the right diagnostic.
/// </summary>
public sealed class EdgeCaseTests
{
    private static string InClass(string members) => """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class C
        {

        """ + members + """

        }

        """;

    [Fact]
    public void Throw_expression_in_a_conditional_compiles_and_differentiates_the_other_branch()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps)
                    => x > 0 ? Math.Log(x) * eps : throw new ArgumentOutOfRangeException(nameof(x));
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        const double Eps = 1.75;
        foreach (var x in new[] { 0.3, 2.0, 11.0 })
        {
            var gradient = assembly.Invoke("Demo.C", "FWithGradient", x, Eps);
            Assert.Equal(Math.Log(x) * Eps, LoadedAssembly.Property<double>(gradient, "Value"));
            AssertClose(Eps / x, LoadedAssembly.Property<double>(gradient, "DX"), $"∂F/∂x at {x}"); // closed form: eps/x
            var call = assembly.CallStatic("Demo.C", "FTangent", x, Eps, 1.0, null);
            AssertClose(Eps / x, call.Out<double>(3), $"JVP at {x}");
        }

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => assembly.Invoke("Demo.C", "FWithGradient", -1.0, Eps));
        Assert.Equal("x", thrown.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => assembly.CallStatic("Demo.C", "FTangent", 0.0, Eps, 1.0, null));
    }

    [Fact]
    public void Cast_of_a_negated_value_to_an_enum_keeps_its_parentheses()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, int k)
                {
                    var day = (DayOfWeek)(-k);
                    return day == DayOfWeek.Monday ? x * x : x * eps;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        // k = -1 gives Monday: x², derivative 2x; otherwise x·eps, derivative eps (closed forms).
        Assert.Equal(2 * 1.5, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, -1), "DX"));
        Assert.Equal(0.25, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, 2), "DX"));
    }

    [Fact]
    public void Two_attributed_overloads_report_RPG0013_on_the_second_and_keep_the_first()
    {
        var run = Diagnostics.DiagnosticAssert.Reports(InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => mu * eps;

                [Reparameterizable]
                public static double [|F|](double mu, double sigma, [Noise] double eps) => mu + (sigma * eps);

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            """),
            Diagnostics.ExpectedDiagnostic.Error("RPG0013", "Cannot generate the gradient members of 'F': another overload of 'F' is already differentiated and both would declare 'FGradient'; give one of them another name"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25);
        Assert.Equal((1.5 * 0.25, 0.25), (LoadedAssembly.Property<double>(gradient, "Value"), LoadedAssembly.Property<double>(gradient, "DMu")));
    }

    [Fact]
    public void Attributed_method_with_a_plain_overload_compiles_without_warnings()
    {
        // Generated docs name the method with its parameter list, so the cref is not ambiguous (CS0419).
        var run = GeneratorHarness.Run(InClass("""
                /// <summary>Scaled noise.</summary>
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => mu * eps;

                /// <summary>A plain overload.</summary>
                public static double F(double mu) => mu;

                /// <summary>Another plain overload.</summary>
                public static double F(float mu, double eps, int n) => mu * eps * n;
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        Assert.Contains("<see cref=\"F(double, double)\"/>", Assert.Single(run.Sources).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void User_declared_FGradient_is_RPG0013()
    {
        var run = Diagnostics.DiagnosticAssert.Reports(InClass("""
                public readonly record struct FGradient(double Value, double DMu);

                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;
            """),
            Diagnostics.ExpectedDiagnostic.Error("RPG0013", "Cannot generate the gradient members of 'F': 'C' already declares 'FGradient', a name the generator needs; rename it or the method"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Pow_with_both_arguments_active_is_exact_at_zero_and_for_negative_bases()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, double y) => Math.Pow(x, y);
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        double Jvp(double x, double y, double dX, double dY) => assembly.CallStatic("Demo.C", "FTangent", x, y, dX, dY, null).Out<double>(4);

        // d/dx x² at 0 is 2·0 = 0 (not 0·(+∞) or 0/0 = NaN); a zero dY adds nothing even where ln x is NaN or −∞.
        Assert.Equal(0.0, Jvp(0, 2, 1, 0));
        // d/dx x³ at −2 is 3·4 = 12.
        Assert.Equal(12.0, Jvp(-2, 3, 1, 0));
        // ∂/∂y x^y at x = 0, y > 0 is the limit 0 (x^y·ln x → 0), not 0·(−∞).
        Assert.Equal(0.0, Jvp(0, 2, 0, 1));
        var atZero = assembly.Invoke("Demo.C", "FWithGradient", 0.0, 2.0);
        Assert.Equal((0.0, 0.0, 0.0), (LoadedAssembly.Property<double>(atZero, "Value"), LoadedAssembly.Property<double>(atZero, "DX"), LoadedAssembly.Property<double>(atZero, "DY")));
        var negative = assembly.Invoke("Demo.C", "FWithGradient", -2.0, 3.0);
        Assert.Equal(12.0, LoadedAssembly.Property<double>(negative, "DX"));
    }

    [Theory]
    [InlineData("declaration")]
    [InlineData("implementation")]
    public void Partial_method_implementation_is_differentiated(string attributeOn)
    {
        var declarationAttribute = attributeOn == "declaration" ? "[Reparameterizable]" : "";
        var implementationAttribute = attributeOn == "implementation" ? "[Reparameterizable]" : "";
        var run = GeneratorHarness.Run(InClass($$"""
                {{declarationAttribute}}
                public static partial double F(double x, [Noise] double eps);

                {{implementationAttribute}}
                public static partial double F(double x, double eps) => x * x * eps;
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25);
        // Closed form: ∂(x²·eps)/∂x = 2x·eps; eps is noise (attribute on the declaration's parameter).
        Assert.Equal((1.5 * 1.5 * 0.25, 2 * 1.5 * 0.25), (LoadedAssembly.Property<double>(gradient, "Value"), LoadedAssembly.Property<double>(gradient, "DX")));
    }

    [Fact]
    public void Body_with_a_compile_error_gets_no_RPG_diagnostic_and_no_generated_code()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps)
                {
                    foreach (var e in eps)
                    {
                    }

                    return Undefined(x) + x.NoSuchMember;
                }

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            """));

        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(new[] { "Demo.C.Ok.g.cs" }, run.Sources.Select(s => s.HintName));
        // The user sees the compiler's own errors, and only those.
        Assert.Equal(new[] { "CS0103", "CS1061", "CS1579" }, run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Keyword_named_parameters_and_locals_compile_and_differentiate()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double @double, double @event, [Noise] double eps)
                {
                    var @class = @double * @event;
                    var @int = @class + eps;
                    return @int * @double;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        const double A = 1.3, B = -0.6, Eps = 0.4;
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", A, B, Eps);
        // F = (a·b + eps)·a: ∂a = 2ab + eps, ∂b = a².
        AssertClose((2 * A * B) + Eps, LoadedAssembly.Property<double>(gradient, "DDouble"), "∂/∂@double");
        AssertClose(A * A, LoadedAssembly.Property<double>(gradient, "DEvent"), "∂/∂@event");
    }

    [Fact]
    public void Parameters_named_like_generated_names_compile_and_differentiate()
    {
        // dX next to x, and the names the generated members use for their own parameters and locals.
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, double dX, double dResult, double seed, double g, double gradX, double value, [Noise] double eps)
                {
                    var t0 = x * dX;
                    var r = t0 + (dResult * seed) + (g * gradX * value);
                    return r * eps;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var args = new object[] { 1.1, 0.7, -0.4, 2.0, 0.3, -1.5, 0.9, 0.5 };
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", args);
        double Arg(int i) => (double)args[i];
        // F = (x·dX + dResult·seed + g·gradX·value)·eps: closed-form partials.
        AssertClose(Arg(1) * Arg(7), LoadedAssembly.Property<double>(gradient, "DX"), "∂/∂x");
        AssertClose(Arg(0) * Arg(7), LoadedAssembly.Property<double>(gradient, "DDX"), "∂/∂dX");
        AssertClose(Arg(3) * Arg(7), LoadedAssembly.Property<double>(gradient, "DDResult"), "∂/∂dResult");
        AssertClose(Arg(4) * Arg(6) * Arg(7), LoadedAssembly.Property<double>(gradient, "DGradX"), "∂/∂gradX");

        var backward = assembly.CallStatic("Demo.C", "FBackward", args.Concat(new object?[] { 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }).ToArray());
        AssertClose(2 * Arg(1) * Arg(7), (double)backward.Arguments[9]!, "backward ∂/∂x, seed 2");
        var jvp = assembly.CallStatic("Demo.C", "FTangent", args.Concat(new object?[] { 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null }).ToArray());
        AssertClose(Arg(1) * Arg(7), jvp.Out<double>(15), "JVP along x");
    }

    [Theory]
    [InlineData("public static partial class Outer { public static partial class Inner<T> where T : struct { MEMBER } }", "Demo.C+Outer+Inner`1[System.Int32]")]
    [InlineData("public partial struct S { MEMBER }", "Demo.C+S")]
    [InlineData("public partial record R { MEMBER }", "Demo.C+R")]
    [InlineData("public partial record struct RS { MEMBER }", "Demo.C+RS")]
    [InlineData("public partial interface I { MEMBER }", "Demo.C+I")]
    public void Containing_type_kinds_compile_and_run(string container, string typeName)
    {
        var run = GeneratorHarness.Run(InClass(container.Replace("MEMBER",
            "[Reparameterizable] public static double F(double x, [Noise] double eps) => x * x * eps;", StringComparison.Ordinal)));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var type = typeName.Contains('`') ? assembly.Type("Demo.C+Outer+Inner`1").MakeGenericType(typeof(int)) : assembly.Type(typeName);
        var method = type.GetMethods().Single(m => m.Name == "FWithGradient" && m.GetParameters().Length == 2);
        var gradient = LoadedAssembly.Call(method, 1.5, 0.25).Result;
        Assert.Equal(2 * 1.5 * 0.25, LoadedAssembly.Property<double>(gradient, "DX"));
    }

    [Fact]
    public void Null_forgiving_operator_is_kept_so_generated_code_has_no_nullable_warnings()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, double? scale, string? label)
                {
                    var n = label!.Length;
                    return x * eps * scale!.Value * n;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, 2.0, "abc");
        Assert.Equal(0.25 * 2.0 * 3, LoadedAssembly.Property<double>(gradient, "DX"));
    }

    [Fact]
    public void Switch_on_an_enum_keeps_its_labels_typed()
    {
        var run = GeneratorHarness.Run(InClass("""
                public enum Wide : long
                {
                    Small = 1,
                    Large = 5_000_000_000,
                }

                [Reparameterizable]
                public static double F(double x, [Noise] double eps, DayOfWeek day, Wide wide)
                {
                    switch (wide)
                    {
                        case Wide.Large:
                            x = x * 3;
                            break;
                    }

                    switch (day)
                    {
                        case DayOfWeek.Monday:
                            return x * x;
                        case DayOfWeek.Friday:
                        case DayOfWeek.Saturday:
                            return x * eps;
                        default:
                            return eps - x;
                    }
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        double DX(DayOfWeek day, long wide) => LoadedAssembly.Property<double>(
            assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, day, Enum.ToObject(assembly.Type("Demo.C+Wide"), wide)), "DX");
        // Closed forms: Monday x² → 2x, Friday/Saturday x·eps → eps, otherwise eps − x → −1; Large scales x by 3.
        Assert.Equal(2 * 1.5, DX(DayOfWeek.Monday, 1));
        Assert.Equal(0.25, DX(DayOfWeek.Saturday, 1));
        Assert.Equal(-1.0, DX(DayOfWeek.Sunday, 1));
        Assert.Equal(2 * (3 * 1.5) * 3, DX(DayOfWeek.Monday, 5_000_000_000));
    }

    [Fact]
    public void Switch_on_a_floating_value_with_constant_labels_is_supported()
    {
        // docs/diagnostics.md: 'switch with constant labels' is supported; on double and float C# makes them patterns.
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, float mode)
                {
                    switch (eps)
                    {
                        case 1.0:
                            return x * 2;
                        case -0.5:
                            return x * x;
                    }

                    switch (mode)
                    {
                        case 2f:
                            return x * x * x;
                        default:
                            return x * eps;
                    }
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        double DX(double eps, float mode) => LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.5, eps, mode), "DX");
        // Closed forms: 2x → 2; x² → 2x; x³ → 3x²; x·eps → eps.
        Assert.Equal(2.0, DX(1.0, 0f));
        Assert.Equal(2 * 1.5, DX(-0.5, 0f));
        Assert.Equal(3 * 1.5 * 1.5, DX(0.25, 2f));
        Assert.Equal(0.25, DX(0.25, 1f));
    }

    [Fact]
    public void Named_arguments_out_of_order_without_competing_calls_keep_their_meaning()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Differentiable]
                public static double Shift(double u, double v, double w) => u - (2 * v) + (3 * w);

                [Reparameterizable]
                public static double F(double mu, double sigma, Random rng)
                    => Shift(w: sigma, v: mu * mu, u: sigma * rng.NextDouble());
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.5, new Random(7));
        var u = new Random(7).NextDouble();
        // F = σ·u − 2μ² + 3σ: ∂μ = −4μ, ∂σ = u + 3 (closed form, same draw).
        Assert.Equal((0.5 * u) - (2 * 1.5 * 1.5) + (3 * 0.5), LoadedAssembly.Property<double>(gradient, "Value"));
        Assert.Equal(-4 * 1.5, LoadedAssembly.Property<double>(gradient, "DMu"));
        AssertClose(u + 3, LoadedAssembly.Property<double>(gradient, "DSigma"), "∂σ");
    }

    // Tolerance: closed forms evaluated in double differ from the generated arithmetic by a few ulps; 1e-12
    // relative is far above that and far below any wrong derivative.
    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-12)
        => Assert.True(FiniteDifference.Close(expected, actual, tolerance), $"{what}: expected {expected:R}, generated {actual:R}");
}
