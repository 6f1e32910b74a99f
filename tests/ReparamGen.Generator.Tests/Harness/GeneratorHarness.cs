using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ReparamGen.Generator.Tests.Harness;

/// <summary>One generated file: the hint name the generator gave it and its text.</summary>
public sealed record GeneratedFileText(string HintName, string Text);

/// <summary>
/// The outcome of one generator run: the input and output compilations, the driver (to run again for
/// incrementality), the generated files, the generator's own diagnostics and the output compilation's.
/// </summary>
public sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    ImmutableArray<GeneratedFileText> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> OutputDiagnostics)
{
    /// <summary>The one generated file whose hint name ends with <paramref name="hintNameSuffix"/>.</summary>
    public GeneratedFileText Source(string hintNameSuffix)
        => Assert.Single(Sources, s => s.HintName.EndsWith(hintNameSuffix, StringComparison.Ordinal));

    /// <summary>Generator and output-compilation diagnostics with the given id.</summary>
    public IEnumerable<Diagnostic> Diagnostics(string id)
        => GeneratorDiagnostics.Concat(OutputDiagnostics).Where(d => d.Id == id);
}

/// <summary>
/// Runs <see cref="ReparamGenerator"/> over in-memory C# sources the way the compiler does: references
/// are the .NET 10 reference assemblies (Basic.Reference.Assemblies.Net100) plus the ReparamGen runtime,
/// C# 12, nullable enabled, and the driver tracks its incremental steps.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>The compiler's "generator threw an exception" warning; the generator must never cause it.</summary>
    public const string GeneratorExceptionId = "CS8785";

    /// <summary>The compiler's "missing XML comment" warning: required of generated code, not of test inputs.</summary>
    public const string MissingXmlCommentId = "CS1591";

    /// <summary>C# 12; XML doc comments checked (as with <c>GenerateDocumentationFile</c>) so generated docs must be valid.</summary>
    public static CSharpParseOptions ParseOptions { get; } =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.CSharp12).WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>
    /// A library build with nullable on, warning level as the .NET SDK sets it for net5.0 and later, and the
    /// SDK's default <c>NoWarn</c> (CS1701/CS1702: the net8.0 runtime library unified with .NET 10 references).
    /// </summary>
    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithWarningLevel(9999)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            })
            .WithDeterministic(true)
            .WithOptimizationLevel(OptimizationLevel.Release);

    public static ImmutableArray<MetadataReference> References { get; } =
        Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(ReparameterizableAttribute).Assembly.Location))
            .ToImmutableArray();

    /// <summary>A compilation of the sources; source <c>i</c> gets the path <c>Input{i}.cs</c>.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CreateCompilation("ReparamGenTestInput", Array.Empty<MetadataReference>(), sources);

    /// <summary>
    /// A compilation named <paramref name="assemblyName"/> that also references <paramref name="extraReferences"/>
    /// (e.g. another test compilation's image, for calls across assemblies).
    /// </summary>
    public static CSharpCompilation CreateCompilation(string assemblyName, IEnumerable<MetadataReference> extraReferences, params string[] sources)
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((text, i) => ParseTree(text, $"Input{i}.cs")),
            References.AddRange(extraReferences),
            CompilationOptions);

    public static SyntaxTree ParseTree(string text, string path)
        => CSharpSyntaxTree.ParseText(text, ParseOptions, path, Encoding.UTF8);

    /// <summary>A fresh driver for the generator, tracking its steps so that incrementality can be checked.</summary>
    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new ReparamGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(CSharpCompilation compilation) => Run(CreateDriver(), compilation);

    /// <summary>Runs <paramref name="driver"/> (fresh or from an earlier run) on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult();
        var sources = result.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => new GeneratedFileText(s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();
        var generatorDiagnostics = driverDiagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray();
        return new GeneratorRun(compilation, output, driver, result, sources, generatorDiagnostics, output.GetDiagnostics());
    }

    /// <summary>Fails when the generator threw: an exception in the run result, or the compiler's CS8785.</summary>
    public static void AssertGeneratorDidNotThrow(GeneratorRun run)
    {
        foreach (var result in run.Result.Results)
        {
            Assert.True(result.Exception is null, "The generator threw: " + result.Exception);
        }

        var thrown = run.Diagnostics(GeneratorExceptionId).ToList();
        Assert.True(thrown.Count == 0, "The generator threw (" + GeneratorExceptionId + "):\n" + Format(thrown));
    }

    /// <summary>
    /// Fails unless the output compilation (user sources + generated code) has no diagnostic at warning
    /// level or above once warnings are errors (as with <c>TreatWarningsAsErrors</c>, nullable enabled),
    /// the generator reported nothing, and the generator did not throw. Generated files must document every
    /// public member (CS1591); the test's own sources need not.
    /// </summary>
    public static void AssertCompilesWithoutWarnings(GeneratorRun run)
    {
        AssertGeneratorDidNotThrow(run);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, "The generator reported diagnostics:\n" + Format(run.GeneratorDiagnostics));
        AssertOutputCompilesWithoutWarnings(run);
    }

    /// <summary>
    /// The output-compilation half of <see cref="AssertCompilesWithoutWarnings"/>: at least one generated file,
    /// and no diagnostic at warning level or above (warnings as errors) in user code or generated code. The
    /// generator's own diagnostics are not looked at, so runs that rightly warn (RPG0005, RPG0011) can be checked.
    /// </summary>
    public static void AssertOutputCompilesWithoutWarnings(GeneratorRun run)
    {
        Assert.NotEmpty(run.Sources);

        var strict = run.Output.WithOptions(((CSharpCompilationOptions)run.Output.Options)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithNullableContextOptions(NullableContextOptions.Enable));
        var inputTrees = run.Input.SyntaxTrees.ToHashSet();
        var problems = strict.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !(d.Id == MissingXmlCommentId && d.Location.SourceTree is { } tree && inputTrees.Contains(tree)))
            .ToList();
        Assert.True(problems.Count == 0, "The output compilation has errors or warnings (warnings are errors):\n" + Format(problems) + "\n\n" + AllSources(run));
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => "  " + d.ToString()));

    private static string AllSources(GeneratorRun run)
        => string.Join("\n", run.Sources.Select(s => "// ----- " + s.HintName + "\n" + s.Text));
}
