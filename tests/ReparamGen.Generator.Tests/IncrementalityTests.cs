using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>The pipeline caches across runs and unrelated edits, and its models hold no Roslyn objects (SPEC §10).</summary>
public class IncrementalityTests
{
    [Fact]
    public void LogNormal_steps_are_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(
            new[] { TrackingNames.Parse, TrackingNames.ParseDiagnostics, TrackingNames.Differentiate, TrackingNames.DifferentiateDiagnostics, TrackingNames.Emit },
            Inputs.LogNormal);

    [Fact]
    public void Every_tracked_step_is_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(requiredSteps: null, Inputs.AllSteps);

    [Fact]
    public void Bad_input_steps_are_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(
            new[] { TrackingNames.Parse, TrackingNames.ParseDiagnostics },
            DiagnosticTests.ForeachSource,
            DiagnosticTests.NotPartialSource);
}
