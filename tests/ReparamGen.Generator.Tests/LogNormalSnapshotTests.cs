using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>The generated file for the LogNormal example, snapshotted.</summary>
public class LogNormalSnapshotTests
{
    [Fact]
    public void Generates_LogNormal()
    {
        var run = GeneratorHarness.Run(Inputs.LogNormal);

        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Verify(run);
    }
}
