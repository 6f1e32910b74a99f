using System;
using System.IO;
using Xunit;

namespace ReparamGen.SampleTests;

/// <summary>
/// Runs the VariationalInference sample with short settings: both fits must pass their checks against the exact
/// conjugate posteriors, and the ELBO and posterior plots must be written.
/// </summary>
public sealed class VariationalInferenceTests : IDisposable
{
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "reparamgen-vi-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void QuickRunPassesItsChecksAndWritesThePlots()
    {
        var exitCode = VariationalInference.Program.Run(new[] { "--quick", "--out", _outDir });

        Assert.Equal(0, exitCode);
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "poisson-gamma-elbo.png"));
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "poisson-gamma-posterior.png"));
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "dirichlet-categorical-elbo.png"));
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "dirichlet-categorical-posterior.png"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_outDir))
        {
            Directory.Delete(_outDir, recursive: true);
        }
    }
}
