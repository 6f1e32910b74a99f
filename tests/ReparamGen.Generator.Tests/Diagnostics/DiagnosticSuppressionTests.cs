using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG diagnostics behave like the compiler's: they are reported at real source locations, so <c>#pragma warning
/// disable</c>, <c>.editorconfig</c> severities and <c>NoWarn</c> silence them, and their line and column are right.
/// Checked on the diagnostics as the compiler gets them from the driver (filtered by the compilation's options).
/// </summary>
public sealed class DiagnosticSuppressionTests
{
    private static string Source(string before = "", string after = "") => DiagnosticAssert.InClass("""
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps)
            {

        """ + before + """
                var n = [|(int)a|];

        """ + after + """
                return n * b + a * eps;
            }
        """);

    private static ImmutableArray<Diagnostic> Reported(CSharpCompilation compilation)
    {
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        return diagnostics.Where(d => d.Id == "RPG0005" && !d.IsSuppressed).ToImmutableArray();
    }

    [Fact]
    public void Reported_at_a_real_source_location_with_the_right_line_and_column()
    {
        var marked = MarkedSource.Parse(Source());
        var compilation = GeneratorHarness.CreateCompilation(marked.Text);

        var diagnostic = Assert.Single(Reported(compilation));

        Assert.Same(compilation.SyntaxTrees.Single(), diagnostic.Location.SourceTree);
        Assert.Equal(marked.Spans[0], diagnostic.Location.SourceSpan);
        Assert.Equal(marked.LineSpan(0), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Reported_at_the_new_place_after_an_edit_above_on_the_same_driver()
    {
        var marked = MarkedSource.Parse(Source());
        var compilation = GeneratorHarness.CreateCompilation(marked.Text);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.ParseTree("// one\n// two\n" + marked.Text, tree.FilePath));

        driver.RunGeneratorsAndUpdateCompilation(moved, out _, out var diagnostics);

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "RPG0005");
        Assert.Equal(marked.LineSpan(0).Start.Line + 2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(marked.Spans[0].Start + "// one\n// two\n".Length, diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public void Pragma_warning_disable_silences_it()
    {
        var marked = MarkedSource.Parse(Source("#pragma warning disable RPG0005\n", "#pragma warning restore RPG0005\n"));

        Assert.Empty(Reported(GeneratorHarness.CreateCompilation(marked.Text)));
    }

    [Fact]
    public void Pragma_for_another_id_does_not()
    {
        var marked = MarkedSource.Parse(Source("#pragma warning disable RPG0011\n"));

        Assert.Single(Reported(GeneratorHarness.CreateCompilation(marked.Text)));
    }

    [Fact]
    public void NoWarn_silences_it()
    {
        // <NoWarn>RPG0005</NoWarn> reaches the compiler as a specific option 'suppress'.
        var compilation = GeneratorHarness.CreateCompilation(MarkedSource.Parse(Source()).Text);
        var options = compilation.Options.WithSpecificDiagnosticOptions(compilation.Options.SpecificDiagnosticOptions.SetItem("RPG0005", ReportDiagnostic.Suppress));

        Assert.Empty(Reported(compilation.WithOptions(options)));
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress, 0)]
    [InlineData(ReportDiagnostic.Error, 1)]
    public void Editorconfig_severity_applies_to_its_file(ReportDiagnostic severity, int expected)
    {
        // 'dotnet_diagnostic.RPG0005.severity = none' (or 'error') in .editorconfig reaches the compiler as per-tree options.
        var compilation = GeneratorHarness.CreateCompilation(MarkedSource.Parse(Source()).Text);
        var options = compilation.Options.WithSyntaxTreeOptionsProvider(new TreeOptions("Input0.cs", "RPG0005", severity));

        var reported = Reported(compilation.WithOptions(options));

        Assert.Equal(expected, reported.Length);
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    /// <summary>What the compiler builds from an .editorconfig section for <paramref name="path"/>.</summary>
    private sealed class TreeOptions(string path, string id, ReportDiagnostic severity) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = severity;
            return tree.FilePath == path && diagnosticId == id;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = ReportDiagnostic.Default;
            return false;
        }
    }
}
