using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ReparamGen.Generator.Tests.Harness;

namespace ReparamGen.Generator.Tests.Fuzz;

/// <summary>
/// Many fuzz programs in one compilation: the generator runs once, the output is compiled once (warnings as
/// errors, as <see cref="GeneratorHarness.AssertOutputCompilesWithoutWarnings"/> does) and loaded once. Every
/// diagnostic is traced back to its program through the file it is in: program <c>i</c> is <c>Input{i}.cs</c>, and
/// the generated files of class <c>X{seed}</c> carry that name in their hint name.
/// </summary>
internal sealed class FuzzBatch
{
    /// <summary>Added to each batch as its last file (the dual numbers; the pragma spares test code CS1591).</summary>
    public static readonly string OracleFile = "#pragma warning disable CS1591\n" + Oracles.DualNumberSource.Text;

    private static readonly Regex GeneratedClass = new(@"\b([A-Z])(\d+)\b", RegexOptions.CultureInvariant);

    private FuzzBatch(IReadOnlyList<string> classNames, GeneratorRun run)
    {
        ClassNames = classNames;
        Run = run;
    }

    public IReadOnlyList<string> ClassNames { get; }

    public GeneratorRun Run { get; }

    /// <summary>Runs the generator (without step tracking: nothing here looks at the steps) over the files.</summary>
    public static FuzzBatch Create(IReadOnlyList<string> classNames, IReadOnlyList<string> files)
    {
        var compilation = GeneratorHarness.CreateCompilation(files.Append(OracleFile).ToArray());
        var driver = CSharpGeneratorDriver.Create(
            new[] { new ReparamGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        return new FuzzBatch(classNames, GeneratorHarness.Run(driver, compilation));
    }

    /// <summary>The exception the generator threw, or a CS8785 "generator threw" diagnostic, as text; null when neither.</summary>
    public string? GeneratorCrash()
    {
        foreach (var result in Run.Result.Results)
        {
            if (result.Exception is not null)
            {
                return result.Exception.ToString();
            }
        }

        var thrown = Run.Diagnostics(GeneratorHarness.GeneratorExceptionId).ToList();
        return thrown.Count > 0 ? GeneratorHarness.Format(thrown) : null;
    }

    /// <summary>The index of the program a diagnostic belongs to, or -1 (the oracle file, or no source location).</summary>
    public int ProgramOf(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path ?? "";
        var file = Path.GetFileName(path);
        if (file.StartsWith("Input", StringComparison.Ordinal) && int.TryParse(file.AsSpan(5, file.Length - 8), out var index))
        {
            return index < ClassNames.Count ? index : -1;
        }

        return ProgramOfGenerated(path);
    }

    private int ProgramOfGenerated(string hintOrPath)
    {
        foreach (Match match in GeneratedClass.Matches(Path.GetFileName(hintOrPath)))
        {
            var index = IndexOf(match.Value);
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    private int IndexOf(string className)
    {
        for (var i = 0; i < ClassNames.Count; i++)
        {
            if (ClassNames[i] == className)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The generated files of program <paramref name="index"/>, for failure messages.</summary>
    public string GeneratedText(int index)
        => string.Join("\n", Run.Sources.Where(s => ProgramOfGenerated(s.HintName) == index).Select(s => "// ----- " + s.HintName + "\n" + s.Text));

    /// <summary>The generated files, by program (-1: files of no program).</summary>
    public ILookup<int, GeneratedFileText> SourcesByProgram() => Run.Sources.ToLookup(s => ProgramOfGenerated(s.HintName));

    /// <summary>The generator's own diagnostics (RPG…), by program.</summary>
    public ILookup<int, Diagnostic> GeneratorDiagnostics() => Run.GeneratorDiagnostics.ToLookup(ProgramOf);

    /// <summary>True for a diagnostic located in generated code (not in a test input file).</summary>
    public bool InGeneratedCode(Diagnostic diagnostic)
        => diagnostic.Location.SourceTree is { } tree && !Run.Input.SyntaxTrees.Contains(tree);

    /// <summary>
    /// Emits the output compilation with warnings as errors and nullable enabled. Returns the image, or null with
    /// every diagnostic at warning level or above in <paramref name="problems"/>.
    /// </summary>
    public byte[]? EmitStrict(out ImmutableArray<Diagnostic> problems) => EmitStrict(Array.Empty<SyntaxTree>(), out problems);

    /// <summary>
    /// As <see cref="EmitStrict(out ImmutableArray{Diagnostic})"/>, with test code the generator did not see added to
    /// the output (checkers that call generated members; a tree's path names its program as a hint name does).
    /// </summary>
    public byte[]? EmitStrict(IEnumerable<SyntaxTree> extra, out ImmutableArray<Diagnostic> problems)
    {
        var strict = Run.Output.AddSyntaxTrees(extra).WithOptions(((CSharpCompilationOptions)Run.Output.Options)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithNullableContextOptions(NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emit = strict.Emit(image);
        problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return emit.Success && problems.IsEmpty ? image.ToArray() : null;
    }

    /// <summary>The output compilation's diagnostics at warning level or above once warnings are errors.</summary>
    public ImmutableArray<Diagnostic> StrictDiagnostics()
    {
        var strict = Run.Output.WithOptions(((CSharpCompilationOptions)Run.Output.Options)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithNullableContextOptions(NullableContextOptions.Enable));
        return strict.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
    }
}
