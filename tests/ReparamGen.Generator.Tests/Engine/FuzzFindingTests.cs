using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Inputs found by fuzzing the generator that made it throw (invalid or duplicate hint names) or generate code that
/// does not compile. Each now ends in generated code that compiles and runs, or in a diagnostic.
/// </summary>
public sealed class FuzzFindingTests
{
    private const string Usings = """
        using System;
        using ReparamGen;

        """;

    private static string InClass(string members) => DiagnosticAssert.InClass(members);

    [Theory]
    [InlineData("namespace Demo; public static partial class @class { MEMBER }", "Demo.class")]
    [InlineData("namespace @namespace; public static partial class C { MEMBER }", "namespace.C")]
    [InlineData("namespace Demo; public static partial class C { public static partial class @int<@double> { MEMBER } }", "Demo.C+int`1[System.Int32]")]
    public void Keyword_named_namespaces_and_types_get_valid_hint_names_and_compile(string container, string typeName)
    {
        var run = GeneratorHarness.Run(Usings + container.Replace("MEMBER",
            "[Reparameterizable] public static double F(double x, [Noise] double eps) => x * x * eps;", StringComparison.Ordinal));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.DoesNotContain('@', Assert.Single(run.Sources).HintName);

        using var assembly = ExecutionHarness.Load(run);
        var type = typeName.Contains('`') ? assembly.Type(typeName[..typeName.IndexOf('[')]).MakeGenericType(typeof(int)) : assembly.Type(typeName);
        var method = type.GetMethods().Single(m => m.Name == "FWithGradient" && m.GetParameters().Length == 2);
        Assert.Equal(2 * 1.5 * 0.25, LoadedAssembly.Property<double>(LoadedAssembly.Call(method, 1.5, 0.25).Result, "DX"));
    }

    [Fact]
    public void Very_long_names_get_a_short_deterministic_hint_name()
    {
        var typeName = "T" + new string('y', 299);
        var methodName = "F" + new string('x', 299);
        var source = Usings + "namespace Demo; public static partial class " + typeName + " { [Reparameterizable] public static double " + methodName + "(double x, [Noise] double eps) => x * eps; }";
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        var hint = Assert.Single(run.Sources).HintName;
        Assert.True(hint.Length <= 120, hint);
        Assert.EndsWith(".g.cs", hint, StringComparison.Ordinal);
        Assert.Equal(hint, Assert.Single(GeneratorHarness.Run(source).Sources).HintName);

        // Another long name with the same prefix gets another hint name.
        var other = GeneratorHarness.Run(source.Replace(methodName, methodName[..^1] + "z", StringComparison.Ordinal));
        Assert.NotEqual(hint, Assert.Single(other.Sources).HintName);
    }

    [Theory]
    [InlineData("Reparameterizable", "Differentiable")]
    [InlineData("Differentiable", "Reparameterizable")]
    [InlineData("Differentiable", "GumbelSoftmax")]
    [InlineData("GumbelSoftmax", "Differentiable")]
    public void Two_generating_attributes_on_one_method_report_the_second_and_generate_the_first(string first, string second)
    {
        var run = DiagnosticAssert.Reports(InClass($$"""
                [{{first}}, [|{{second}}|]]
                public static double F(double w, double bias) => w + bias;
            """), ExpectedDiagnostic.Error("RPG0016", $"[{second}] on 'F' conflicts with [{first}], which already generates its members; keep one of them"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        DiagnosticAssert.GeneratedFor(run, "Demo.C.F");
        DiagnosticAssert.GeneratedFor(run, DiagnosticAssert.Bystander);
    }

    [Fact]
    public void Two_generating_attributes_in_separate_lists_report_the_second()
    {
        var run = DiagnosticAssert.Reports(InClass("""
                [Differentiable]
                [[|Reparameterizable|]]
                public static double F(double w, double bias) => w + bias;
            """), ExpectedDiagnostic.Error("RPG0016", "[Reparameterizable] on 'F' conflicts with [Differentiable], which already generates its members; keep one of them"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("FTangent(", DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_int_parameter_is_passed_by_ref_in_generated_calls()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, ref int calls)
                {
                    calls++;
                    return x * x * eps;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var call = assembly.CallStatic("Demo.C", "FWithGradient", 1.5, 0.25, 3);
        Assert.Equal(2 * 1.5 * 0.25, LoadedAssembly.Property<double>(call.Result, "DX"));
        Assert.Equal(4, (int)call.Arguments[2]!);
    }

    [Fact]
    public void Out_int_parameter_is_passed_as_out_in_generated_calls()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, out int steps)
                {
                    steps = 7;
                    return x * x * eps;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        var call = assembly.CallStatic("Demo.C", "FWithGradient", 1.5, 0.25, null);
        Assert.Equal(2 * 1.5 * 0.25, LoadedAssembly.Property<double>(call.Result, "DX"));
        Assert.Equal(7, (int)call.Arguments[2]!);
    }

    [Theory]
    [InlineData("FGradient")]
    [InlineData("FTangent")]
    [InlineData("FWithGradient")]
    public void Containing_type_named_like_a_generated_member_is_RPG0013(string typeName)
    {
        var run = DiagnosticAssert.Reports(Usings + "namespace Demo;\npublic static partial class " + typeName + """

            {
                [Reparameterizable]
                public static double [|F|](double x, [Noise] double eps) => x * eps;

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """, ExpectedDiagnostic.Error("RPG0013", "Cannot generate the gradient members of 'F': its containing type is named '" + typeName + "', a member name the generator needs (a member cannot have its type's name); rename the type or the method"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void User_TangentOf_rule_named_FTangent_replaces_the_generated_FTangent()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Differentiable]
                public static double F(double x) => x * x;

                [TangentOf(typeof(C), nameof(F))]
                public static double FTangent(double x, double dX, out double dResult)
                {
                    dResult = 3 * dX; // deliberately not 2x: the rule must be used
                    return F(x);
                }

                [Reparameterizable]
                public static double G(double x, [Noise] double eps) => F(x) * eps;
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        Assert.Equal(3 * 0.5, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "GWithGradient", 1.5, 0.5), "DX"));
        var f = assembly.Invoke("Demo.C", "FWithGradient", 1.5);
        Assert.Equal(2.25, LoadedAssembly.Property<double>(f, "Value"));
    }

    [Fact]
    public void File_local_containing_type_is_RPG0017()
    {
        // A generated 'file partial class C' would be another type (file types are per file): nothing can be added.
        var run = DiagnosticAssert.Reports(Usings + """
            namespace Demo;

            file static partial class C
            {
                [Reparameterizable]
                public static double [|F|](double x, [Noise] double eps) => x * x * eps;
            }

            public static partial class D
            {
                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """, ExpectedDiagnostic.Error("RPG0017", "Cannot generate the gradient members of 'F': 'C' is a 'file' type, whose parts must all be in its own file, and generated members go in a file of their own; remove 'file' (make the type 'internal') or move the method to another type"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        DiagnosticAssert.GeneratedFor(run, "Demo.D.Ok");
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void Variant_generic_interface_gets_RPG0017_for_a_gradient_struct_and_compiles_otherwise()
    {
        var run = DiagnosticAssert.Reports(Usings + """
            namespace Demo;

            public partial interface IProducer<out T>
            {
                [Reparameterizable]
                public static double [|F|](double x, [Noise] double eps) => x * x * eps;

                [Differentiable]
                public static void Polar(double r, double theta, out double x) => x = r * Math.Cos(theta);
            }
            """, ExpectedDiagnostic.Error("RPG0017", "Cannot generate the gradient members of 'F': its gradient struct 'FGradient' would be nested in 'IProducer', an interface with 'in' or 'out' type parameters, where C# allows no nested types; move the method to a class or remove the variance"));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("partial interface IProducer<out T>", Assert.Single(run.Sources).Text, StringComparison.Ordinal);
    }
}
