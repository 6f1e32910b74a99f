using System;
using System.Globalization;
using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>Generated text is byte-identical across runs and across the current culture.</summary>
public class DeterminismTests
{
    [Fact]
    public void Two_runs_generate_identical_text()
    {
        var first = Generate();
        var second = Generate();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("fr-FR")]
    public void Culture_does_not_change_generated_text(string cultureName)
    {
        var invariant = InCulture(CultureInfo.InvariantCulture, Generate);
        var culture = CultureInfo.GetCultureInfo(cultureName);

        // The input has decimal literals: make sure this culture would print them differently.
        Assert.NotEqual("1.5", InCulture(culture, () => 1.5.ToString(CultureInfo.CurrentCulture)));
        var other = InCulture(culture, Generate);

        Assert.Equal(invariant, other);
    }

    /// <summary>Every generated file of a fresh run, hint name and text, in order.</summary>
    private static string[] Generate()
    {
        var run = GeneratorHarness.Run(Inputs.AllSteps);
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.Sources.Length >= 3, "expected files for LogNormal, Softplus and Shifted");
        return run.Sources.Select(s => s.HintName + "\n" + s.Text).ToArray();
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        // Only this thread's culture: the driver runs the generator on the calling thread, and other
        // tests running in parallel must not see the change.
        var (savedCulture, savedUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }
    }
}
