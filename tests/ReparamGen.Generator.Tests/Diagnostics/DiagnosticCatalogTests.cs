using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Diagnostics;
using Xunit;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// Every descriptor has a stable id in sequence, a help link to its section of docs/diagnostics.md,
/// that section and a row in the doc's table with the same severity and title, and a row in
/// AnalyzerReleases.Unshipped.md that agrees with it.
/// </summary>
public sealed class DiagnosticCatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    [Fact]
    public void Ids_run_from_RPG0001_without_gaps()
        => Assert.Equal(Enumerable.Range(1, Descriptors.Length).Select(i => $"RPG{i:D4}"), Descriptors.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Documented_with_cause_and_fix(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md")).Replace("\r\n", "\n");

        Assert.Equal("https://github.com/reparamgen/reparamgen/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);
        Assert.Contains($"| [{id}](#{id.ToLowerInvariant()}) | {descriptor.DefaultSeverity} | {descriptor.Title} |", doc, StringComparison.Ordinal);
        var heading = doc.IndexOf("\n## " + id + "\n", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"docs/diagnostics.md has no section '## {id}'");
        var next = doc.IndexOf("\n## ", heading + 1, StringComparison.Ordinal);
        var section = next < 0 ? doc[heading..] : doc[heading..next];
        Assert.Contains("Fix:", section, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Tracked_in_the_analyzer_release_notes(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        var notes = File.ReadAllText(Path.Combine(RepositoryRoot(), "generator", "ReparamGen.Generator", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}", notes, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    private static string RepositoryRoot([CallerFilePath] string file = "")
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ReparamGen.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("ReparamGen.sln not found above " + file);
    }
}
