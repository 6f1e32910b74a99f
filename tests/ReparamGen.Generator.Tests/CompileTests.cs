using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>Generated code compiles with nullable enabled and warnings as errors, its public members documented.</summary>
public class CompileTests
{
    [Fact]
    public void Generated_LogNormal_compiles_with_warnings_as_errors()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Inputs.LogNormal));

    [Fact]
    public void Generated_calls_helpers_and_rules_compile_with_warnings_as_errors()
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Inputs.AllSteps));

    [Fact]
    public void Documentation_check_is_live_but_spares_test_inputs()
    {
        var run = GeneratorHarness.Run(Inputs.LogNormal);

        // The undocumented public class of the input is reported, so a generated one would be too.
        Assert.Contains(run.Diagnostics(GeneratorHarness.MissingXmlCommentId), d => d.Location.SourceTree?.FilePath == "Input0.cs");
        Assert.DoesNotContain(run.Diagnostics(GeneratorHarness.MissingXmlCommentId), d => d.Location.SourceTree?.FilePath != "Input0.cs");
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
    }
}
