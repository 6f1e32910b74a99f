using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.Renderer;
using Xunit.Sdk;

namespace ReparamGen.Generator.Tests.Harness;

/// <summary>
/// Snapshot testing of generated code with Verify's file conventions (SPEC §10), so that a later switch
/// to Verify.SourceGenerators is a rename of files at most.
/// </summary>
/// <remarks>
/// <para>
/// Files: for a test method <c>M</c> in a test source file <c>C.cs</c> (one test class per file, named
/// after the file) each generated file with hint name <c>H.cs</c> is compared with
/// <c>Snapshots/C.M#H.verified.cs</c> in the folder of <c>C.cs</c> (the hint name without its <c>.cs</c>,
/// as Verify.SourceGenerators names them). Example: hint <c>Demo.Samplers.LogNormal.g.cs</c> from
/// <c>LogNormalSnapshotTests.Generates_LogNormal</c> →
/// <c>Snapshots/LogNormalSnapshotTests.Generates_LogNormal#Demo.Samplers.LogNormal.g.verified.cs</c>.
/// The folder is found from the caller's <see cref="CallerFilePathAttribute"/>, so tests work from any
/// working directory.
/// </para>
/// <para>
/// Comparison is byte for byte (UTF-8, no BOM). On a mismatch or a missing snapshot the generated text
/// is written to <c>….received.cs</c> beside it (git-ignored) and the test fails with a unified diff.
/// A <c>.verified.cs</c> of the same test whose hint name is no longer generated also fails the test.
/// With the environment variable <c>REPARAMGEN_ACCEPT_SNAPSHOTS=1</c> the generated text is written to
/// <c>.verified.cs</c>, stale verified files of the test and the <c>.received.cs</c> are deleted, and the
/// test passes: review the diff (<c>git diff</c>) before committing.
/// </para>
/// </remarks>
public static class Snapshot
{
    public const string AcceptVariable = "REPARAMGEN_ACCEPT_SNAPSHOTS";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Verifies every file of <paramref name="run"/> (there must be at least one).</summary>
    public static void Verify(GeneratorRun run, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
        => Verify(run.Sources, testFile, testMethod);

    public static void Verify(IReadOnlyCollection<GeneratedFileText> files, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
        => Verify(files, testFile, testMethod, accept: Environment.GetEnvironmentVariable(AcceptVariable) == "1");

    /// <summary>The comparison itself; <paramref name="accept"/> stands for the environment variable (tests of this helper set it).</summary>
    internal static void Verify(IReadOnlyCollection<GeneratedFileText> files, string testFile, string testMethod, bool accept)
    {
        if (files.Count == 0)
        {
            throw new XunitException("Nothing to snapshot: the generator produced no file.");
        }

        var folder = SnapshotFolder(testFile);
        var prefix = Path.GetFileNameWithoutExtension(testFile) + "." + testMethod + "#";
        var failures = new List<string>();
        var expectedNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var file in files.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            var baseName = prefix + StripCs(file.HintName);
            var verifiedPath = Path.Combine(folder, baseName + ".verified.cs");
            var receivedPath = Path.Combine(folder, baseName + ".received.cs");
            expectedNames.Add(Path.GetFileName(verifiedPath));
            var received = Utf8NoBom.GetBytes(file.Text);
            var verified = File.Exists(verifiedPath) ? File.ReadAllBytes(verifiedPath) : null;

            if (verified is not null && verified.AsSpan().SequenceEqual(received))
            {
                File.Delete(receivedPath);
                continue;
            }

            if (accept)
            {
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(verifiedPath, received);
                File.Delete(receivedPath);
                continue;
            }

            Directory.CreateDirectory(folder);
            File.WriteAllBytes(receivedPath, received);
            failures.Add(verified is null
                ? $"New snapshot: {receivedPath}\n(no {Path.GetFileName(verifiedPath)} yet)\n{file.Text}"
                : $"Snapshot differs: {receivedPath}\n{Diff(verified, received, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath))}");
        }

        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, prefix + "*.verified.cs").Where(p => !expectedNames.Contains(Path.GetFileName(p))))
            {
                if (accept)
                {
                    File.Delete(stale);
                }
                else
                {
                    failures.Add($"Stale snapshot: {stale} is no longer generated by this test (delete it, or accept with {AcceptVariable}=1).");
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException(
                string.Join("\n\n", failures)
                + $"\n\nReview the .received.cs files; to accept them run the tests with {AcceptVariable}=1 (see docs/testing.md).");
        }
    }

    /// <summary>The <c>Snapshots</c> folder beside the test source file.</summary>
    public static string SnapshotFolder(string testFile)
    {
        var directory = Path.GetDirectoryName(testFile);
        if (string.IsNullOrEmpty(directory) || !Path.IsPathRooted(testFile) || !Directory.Exists(directory))
        {
            // A path map (e.g. DeterministicSourcePaths in CI builds) would hide where the sources are.
            throw new XunitException($"Cannot locate the test source folder from [CallerFilePath] '{testFile}'. Is a PathMap in effect?");
        }

        return Path.Combine(directory, "Snapshots");
    }

    /// <summary>A unified diff (3 lines of context) of two texts, with a note when they differ only invisibly.</summary>
    public static string Diff(byte[] verified, byte[] received, string verifiedName, string receivedName)
    {
        var oldText = Utf8NoBom.GetString(verified);
        var newText = Utf8NoBom.GetString(received);
        var diff = new UnidiffRenderer(contextLines: 3).Generate(oldText, newText, verifiedName, receivedName, ignoreWhitespace: false);
        var note = Normalize(oldText) == Normalize(newText)
            ? "(the texts differ only in line endings, a byte order mark or a final newline)\n"
            : "";
        return note + diff;
    }

    private static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n").TrimEnd('\n');

    private static string StripCs(string hintName)
        => hintName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? hintName[..^3] : hintName;
}
