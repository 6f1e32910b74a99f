using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// A test source in which the expected location of each diagnostic is marked <c>[|…|]</c> (Roslyn's own test
/// convention); <see cref="Text"/> is the source without the markers.
/// </summary>
public sealed record MarkedSource(string Text, IReadOnlyList<TextSpan> Spans)
{
    public static MarkedSource Parse(string marked)
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<TextSpan>();
        var start = -1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (string.CompareOrdinal(marked, i, "[|", 0, 2) == 0)
            {
                Assert.True(start < 0, "nested [| markers");
                start = text.Length;
                i++;
            }
            else if (string.CompareOrdinal(marked, i, "|]", 0, 2) == 0)
            {
                Assert.True(start >= 0, "|] without [|");
                spans.Add(TextSpan.FromBounds(start, text.Length));
                start = -1;
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        Assert.True(start < 0, "[| without |]");
        return new MarkedSource(text.ToString(), spans);
    }

    /// <summary>Zero-based line and column span of marked span <paramref name="index"/>.</summary>
    public LinePositionSpan LineSpan(int index) => SourceText.From(Text).Lines.GetLinePositionSpan(Spans[index]);
}

/// <summary>One diagnostic a test expects: id, severity and the whole message (invariant culture).</summary>
public sealed record ExpectedDiagnostic(string Id, DiagnosticSeverity Severity, string Message)
{
    public static ExpectedDiagnostic Error(string id, string message) => new(id, DiagnosticSeverity.Error, message);

    public static ExpectedDiagnostic Warning(string id, string message) => new(id, DiagnosticSeverity.Warning, message);
}

/// <summary>
/// Runs the generator on a marked source and checks its RPG diagnostics exactly: how many, and for each (in
/// source order) id, severity, file, span, line/column span and full message. The generator must not have
/// thrown (no exception, no CS8785).
/// </summary>
public static class DiagnosticAssert
{
    /// <summary>A method beside the bad one that must still be generated: a rejected method does not stop the others.</summary>
    public const string Bystander = "Demo.C.Ok";

    /// <summary>
    /// <paramref name="members"/> in <c>public static partial class C</c> of namespace <c>Demo</c> (usings: System,
    /// ReparamGen), followed by the well-formed [Reparameterizable] method <c>Ok</c> (see <see cref="Bystander"/>).
    /// </summary>
    public static string InClass(string members) => """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class C
        {

        """ + members + """


            [Reparameterizable]
            public static double Ok(double mu, [Noise] double eps) => mu + eps;
        }

        """;

    /// <summary>Runs the generator on <paramref name="markedSource"/> (as Input0.cs) and <paramref name="otherSources"/>.</summary>
    public static GeneratorRun Reports(string markedSource, ExpectedDiagnostic expected, params string[] otherSources)
        => Reports(markedSource, new[] { expected }, otherSources);

    /// <summary>
    /// As above, for several diagnostics: one marked span each (matched in source order), or one marked span
    /// shared by all of them. Diagnostics at the same place are matched in the order of their messages.
    /// </summary>
    public static GeneratorRun Reports(string markedSource, IReadOnlyList<ExpectedDiagnostic> expected, params string[] otherSources)
        => Reports(markedSource, expected, sources => GeneratorHarness.CreateCompilation(sources.Concat(otherSources).ToArray()));

    /// <summary>As above, with the compilation made by <paramref name="compile"/> from the unmarked source (Input0.cs).</summary>
    public static GeneratorRun Reports(string markedSource, IReadOnlyList<ExpectedDiagnostic> expected, Func<string[], Microsoft.CodeAnalysis.CSharp.CSharpCompilation> compile)
    {
        var marked = MarkedSource.Parse(markedSource);
        Assert.True(marked.Spans.Count == expected.Count || marked.Spans.Count == 1,
            $"{marked.Spans.Count} marked spans for {expected.Count} expected diagnostics");
        var run = GeneratorHarness.Run(compile(new[] { marked.Text }));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);

        var wanted = expected
            .Select((e, i) => (Expected: e, Index: marked.Spans.Count == 1 ? 0 : i))
            .OrderBy(w => marked.Spans[w.Index].Start).ThenBy(w => w.Expected.Message, StringComparer.Ordinal)
            .ToList();
        var reported = run.GeneratorDiagnostics
            .Where(d => d.Id.StartsWith("RPG", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.GetMessage(CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .ToList();
        Assert.True(reported.Count == expected.Count, $"Expected {expected.Count} RPG diagnostic(s), got {reported.Count}:\n" + GeneratorHarness.Format(reported));
        for (var i = 0; i < wanted.Count; i++)
        {
            var (expectedDiagnostic, index) = wanted[i];
            var actual = reported[i];
            Assert.Equal(expectedDiagnostic.Id, actual.Id);
            Assert.Equal(expectedDiagnostic.Severity, actual.Severity);
            Assert.Equal(expectedDiagnostic.Message, actual.GetMessage(CultureInfo.InvariantCulture));
            var lineSpan = actual.Location.GetLineSpan();
            Assert.Equal("Input0.cs", lineSpan.Path);
            Assert.True(marked.Spans[index] == actual.Location.SourceSpan,
                $"{actual.Id} at {actual.Location.SourceSpan} '{Slice(marked.Text, actual.Location.SourceSpan)}', expected {marked.Spans[index]} '{Slice(marked.Text, marked.Spans[index])}'");
            Assert.Equal(marked.LineSpan(index), lineSpan.Span);
        }

        return run;
    }

    /// <summary>Nothing generated for <paramref name="method"/>, and the <see cref="Bystander"/> generated as usual.</summary>
    public static void OnlyBystanderGenerated(GeneratorRun run, string method = "Demo.C.F")
    {
        NothingGeneratedFor(run, method);
        GeneratedFor(run, Bystander);
    }

    /// <summary>No generated file for <paramref name="method"/> (e.g. <c>Demo.C.F</c>, overloads included).</summary>
    public static void NothingGeneratedFor(GeneratorRun run, string method)
        => Assert.DoesNotContain(run.Sources, s => s.HintName == method + ".g.cs" || s.HintName.StartsWith(method + "_", StringComparison.Ordinal));

    /// <summary>Exactly one generated file for <paramref name="method"/>.</summary>
    public static GeneratedFileText GeneratedFor(GeneratorRun run, string method)
        => Assert.Single(run.Sources, s => s.HintName == method + ".g.cs" || s.HintName.StartsWith(method + "_", StringComparison.Ordinal));

    private static string Slice(string text, TextSpan span) => span.End <= text.Length ? text.Substring(span.Start, span.Length) : "?";
}
