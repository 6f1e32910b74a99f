using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Tests.Harness;
using Xunit;
using Xunit.Sdk;

namespace ReparamGen.Generator.Tests;

/// <summary>The harnesses can fail: each check is shown to catch what it is meant to catch.</summary>
public sealed class HarnessSelfTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "reparamgen-snapshot-" + Guid.NewGuid().ToString("N"));

    private string TestFile => Path.Combine(folder, "FakeTests.cs");

    public HarnessSelfTests() => Directory.CreateDirectory(folder);

    [Fact]
    public void Snapshot_missing_writes_received_and_fails()
    {
        var files = new[] { new GeneratedFileText("A.B.g.cs", "class A {}\n") };

        var error = Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(files, TestFile, "M", accept: false));

        var received = Path.Combine(folder, "Snapshots", "FakeTests.M#A.B.g.received.cs");
        Assert.Contains("New snapshot", error.Message);
        Assert.Equal("class A {}\n", File.ReadAllText(received));
    }

    [Fact]
    public void Snapshot_mismatch_fails_with_unified_diff_then_accept_overwrites()
    {
        var verified = Path.Combine(folder, "Snapshots", "FakeTests.M#H.verified.cs");
        var received = Path.Combine(folder, "Snapshots", "FakeTests.M#H.received.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        File.WriteAllText(verified, "line 1\nold line\nline 3\n");
        var files = new[] { new GeneratedFileText("H.cs", "line 1\nnew line\nline 3\n") };

        var error = Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(files, TestFile, "M", accept: false));
        Assert.Contains("-old line", error.Message);
        Assert.Contains("+new line", error.Message);
        Assert.Contains("@@", error.Message);
        Assert.True(File.Exists(received));

        Snapshot.Verify(files, TestFile, "M", accept: true);
        Assert.Equal("line 1\nnew line\nline 3\n", File.ReadAllText(verified));
        Assert.False(File.Exists(received));
        Snapshot.Verify(files, TestFile, "M", accept: false);
    }

    [Fact]
    public void Snapshot_is_byte_exact_and_says_when_only_line_endings_differ()
    {
        var verified = Path.Combine(folder, "Snapshots", "FakeTests.M#H.verified.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        File.WriteAllText(verified, "a\r\nb\r\n");
        var files = new[] { new GeneratedFileText("H.cs", "a\nb\n") };

        var error = Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(files, TestFile, "M", accept: false));

        Assert.Contains("differ only in line endings", error.Message);
    }

    [Fact]
    public void Snapshot_fails_on_stale_verified_file()
    {
        var stale = Path.Combine(folder, "Snapshots", "FakeTests.M#Gone.verified.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "x");
        var files = new[] { new GeneratedFileText("H.cs", "y") };
        File.WriteAllText(Path.Combine(folder, "Snapshots", "FakeTests.M#H.verified.cs"), "y");

        var error = Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(files, TestFile, "M", accept: false));

        Assert.Contains("Stale snapshot", error.Message);
    }

    [Fact]
    public void Object_graph_walk_finds_a_location_deep_inside_a_model()
    {
        var tree = GeneratorHarness.ParseTree("class C {}", "C.cs");
        var clean = new Holder("x", EquatableArray.Create(new Inner(1, null)), ImmutableArray.Create<object>(new TextSpan(1, 2)));
        var dirty = clean with { Items = EquatableArray.Create(new Inner(1, null), new Inner(2, new object[] { "y", tree.GetRoot().GetLocation() })) };

        Assert.Null(IncrementalityHarness.FindForbidden(clean));
        var path = IncrementalityHarness.FindForbidden(dirty);
        Assert.NotNull(path);
        Assert.Contains("Location", path);
        Assert.Contains(".Items[1].Payload[1]", path);
    }

    [Fact]
    public void Object_graph_walk_finds_a_syntax_node_and_a_compilation()
    {
        var compilation = GeneratorHarness.CreateCompilation("class C {}");

        Assert.NotNull(IncrementalityHarness.FindForbidden(new Inner(0, new object[] { compilation.SyntaxTrees[0].GetRoot() })));
        Assert.NotNull(IncrementalityHarness.FindForbidden((1, compilation)));
        Assert.NotNull(IncrementalityHarness.FindForbidden(compilation.GetTypeByMetadataName("C")));
    }

    [Fact]
    public void Cache_check_fails_when_the_attributed_method_changes()
    {
        var compilation = GeneratorHarness.CreateCompilation(Inputs.LogNormal);
        var driver = GeneratorHarness.Run(compilation).Driver;
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees[0],
            GeneratorHarness.ParseTree(Inputs.LogNormal.Replace("mu + sigma * eps", "mu - sigma * eps", StringComparison.Ordinal), "Input0.cs"));

        driver = driver.RunGenerators(edited);

        var error = Assert.ThrowsAny<XunitException>(() => IncrementalityHarness.AssertAllCached(driver.GetRunResult(), "after a real edit"));
        Assert.Contains("Parse: Modified", error.Message);
    }

    [Fact]
    public void Compile_check_fails_on_a_warning_in_the_output()
    {
        var run = GeneratorHarness.Run(Inputs.LogNormal + "\nnamespace Demo { internal static class Warns { public static string? M() => null; public static int N() => M().Length; } }\n");

        var error = Assert.ThrowsAny<XunitException>(() => GeneratorHarness.AssertCompilesWithoutWarnings(run));

        Assert.Contains("CS8602", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed record Inner(int Id, object[]? Payload);

    private sealed record Holder(string Name, EquatableArray<Inner> Items, ImmutableArray<object> Extra);
}
