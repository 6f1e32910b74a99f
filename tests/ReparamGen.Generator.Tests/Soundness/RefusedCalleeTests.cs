using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.DiagnosticAssert;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// A method whose callee was refused is held back with RPG0019 at its call, instead of being emitted with code that
/// names the callee's missing generated members (found by the long fuzz run: a malformed helper H0 refused with
/// RPG0003 left CS0117 errors in its callers' generated files).
/// </summary>
public sealed class RefusedCalleeTests
{
    private const string Refused = """
            [Differentiable]
            public static double H(double x)
            {
                var s = x;
                lock (Gate)
                {
                    s = s * x;
                }

                return s;
            }

            private static readonly object Gate = new();
        """;

    [Fact]
    public void A_caller_of_a_refused_method_is_held_back_with_an_error_at_the_call()
    {
        var run = Reports(InClass(Refused.Replace("lock (Gate)\n        {\n            s = s * x;\n        }", "[|lock (Gate)\n        {\n            s = s * x;\n        }|]") + """

                [Reparameterizable]
                public static double F(double a, [Noise] double e) => [|H(a)|] * e;
            """), new[]
        {
            Error("RPG0003", "A 'lock' statement is not supported in differentiated method 'H'"),
            Error("RPG0019", "'F' calls 'H', whose derivative members were not generated because of the errors reported on 'H'; 'F' gets none either until they are fixed"),
        });

        NothingGeneratedFor(run, "Demo.C.F");
        NothingGeneratedFor(run, "Demo.C.H");
        GeneratedFor(run, Bystander);
        AssertNoErrorInGeneratedCode(run);
    }

    [Fact]
    public void Callers_are_held_back_up_the_calls_and_each_says_which_call()
    {
        var run = GeneratorHarness.Run(InClass(Refused + """

                [Differentiable]
                public static double G(double x) => H(x) + x;

                [Reparameterizable]
                public static double F(double a, [Noise] double e) => G(a) * e;

                [Reparameterizable]
                public static double Unrelated(double a, [Noise] double e) => a * e;
            """));

        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Equal(
            new[]
            {
                "'G' calls 'H', whose derivative members were not generated because of the errors reported on 'H'; 'G' gets none either until they are fixed",
                "'F' calls 'G', whose derivative members were not generated because of the errors reported on 'G'; 'F' gets none either until they are fixed",
            },
            run.GeneratorDiagnostics.Where(d => d.Id == "RPG0019").OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()));
        foreach (var held in new[] { "Demo.C.H", "Demo.C.G", "Demo.C.F" })
        {
            NothingGeneratedFor(run, held);
        }

        GeneratedFor(run, "Demo.C.Unrelated");
        AssertNoErrorInGeneratedCode(run);
    }

    [Fact]
    public void Fixing_the_callee_brings_its_callers_back_on_the_same_driver()
    {
        var broken = InClass(Refused + """

                [Reparameterizable]
                public static double F(double a, [Noise] double e) => H(a) * e;
            """);
        var compilation = GeneratorHarness.CreateCompilation(broken);
        var first = GeneratorHarness.Run(compilation);
        Assert.Single(first.Diagnostics("RPG0019"));

        var tree = compilation.SyntaxTrees.Single();
        var fixedSource = broken.Replace("lock (Gate)", "if (Gate is not null)", StringComparison.Ordinal);
        var second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree, GeneratorHarness.ParseTree(fixedSource, tree.FilePath)));

        Assert.Empty(second.Diagnostics("RPG0019"));
        GeneratedFor(second, "Demo.C.F");
        GeneratedFor(second, "Demo.C.H");
        GeneratorHarness.AssertCompilesWithoutWarnings(second);
    }

    [Fact]
    public void A_second_attribute_refused_on_a_callee_does_not_hold_its_callers_back()
    {
        // RPG0016 refuses the second generating attribute; the first still generates H's members.
        var run = GeneratorHarness.Run(InClass("""
                [Differentiable]
                [Reparameterizable]
                public static double H(double x) => x * x;

                [Reparameterizable]
                public static double F(double a, [Noise] double e) => H(a) * e;
            """));

        Assert.Single(run.Diagnostics("RPG0016"));
        Assert.Empty(run.Diagnostics("RPG0019"));
        GeneratedFor(run, "Demo.C.F");
        AssertNoErrorInGeneratedCode(run);
    }

    private static void AssertNoErrorInGeneratedCode(GeneratorRun run)
    {
        var generatedPaths = run.Output.SyntaxTrees.Skip(run.Input.SyntaxTrees.Length).Select(t => t.FilePath).ToHashSet();
        var inGenerated = run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } t && generatedPaths.Contains(t.FilePath)).ToList();
        Assert.True(inGenerated.Count == 0, "errors in generated code:\n" + GeneratorHarness.Format(inGenerated));
    }
}
