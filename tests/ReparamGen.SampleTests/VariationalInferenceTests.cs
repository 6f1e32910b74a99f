using System;
using System.IO;
using Xunit;

namespace ReparamGen.SampleTests;

/// <summary>
/// Runs the VariationalInference sample with short settings: the three fits must pass their checks against the exact
/// posteriors, and the ELBO and posterior plots must be written.
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
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "linear-regression-elbo.png"));
        GettingStartedTests.AssertPng(Path.Combine(_outDir, "linear-regression-means.png"));
    }

    /// <summary>
    /// The 100-weight Bayesian linear regression, fitted through the generated reverse-mode gradient, reaches the exact
    /// optimal mean-field Normal (means μ = P⁻¹Xᵀy/σ², variances 1/Pⱼⱼ) within the tolerances the sample states, which
    /// come from the Monte Carlo noise measured over 20 seeds. A different seed from the run above: fresh noise.
    /// </summary>
    [Fact]
    public void LinearRegressionReachesTheExactMeanFieldOptimum()
    {
        var result = VariationalInference.BayesianLinearRegression.Run(quick: true, _outDir, seed: 777);

        Assert.True(result.Weights >= 100);
        Assert.True(result.GradientError < 1e-10, $"gradient error {result.GradientError}");
        Assert.True(result.MeanError < VariationalInference.BayesianLinearRegression.QuickMeanTolerance, $"mean error {result.MeanError}");
        Assert.True(result.VarianceError < VariationalInference.BayesianLinearRegression.QuickVarianceTolerance, $"variance error {result.VarianceError}");
        Assert.InRange(result.ElboGap, 0, 0.1);
        Assert.True(result.Passed);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outDir))
        {
            Directory.Delete(_outDir, recursive: true);
        }
    }
}
