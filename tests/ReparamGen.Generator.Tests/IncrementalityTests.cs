using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>The pipeline caches across runs and unrelated edits, and its models hold no Roslyn objects.</summary>
public class IncrementalityTests
{
    [Fact]
    public void LogNormal_steps_are_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(
            new[] { TrackingNames.Parse, TrackingNames.ParseDiagnostics, TrackingNames.Differentiate, TrackingNames.DifferentiateDiagnostics, TrackingNames.Emit },
            Inputs.LogNormal);

    [Fact]
    public void Every_tracked_step_is_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(
            // Attributes on accessors, operators and local functions, and malformed [BackwardOf] rules, are bad input:
            // those steps are checked below.
            typeof(TrackingNames).GetFields().Select(f => (string)f.GetValue(null)!).Where(n => n != TrackingNames.ParseUnsupportedTargets && n != TrackingNames.CheckBackwardRules),
            Inputs.AllSteps);

    [Fact]
    public void AllSteps_exercises_every_pipeline()
    {
        // The pipelines share tracking names, so check that each one produced its file from Inputs.AllSteps.
        var run = GeneratorHarness.Run(Inputs.AllSteps);

        Assert.Equal(
            new[]
            {
                "Demo.Implicit.Coin.g.cs", "Demo.Implicit.Exponential.g.cs", "Demo.Implicit.Pair.g.cs", "Demo.Implicit.Preferences.g.cs",
                "Demo.Implicit.Standardize.g.cs", "Demo.Implicit.Weibull.g.cs", "Demo.Samplers.LogNormal.g.cs", "Demo.Samplers.Shifted.g.cs",
                "Demo.Samplers.Softplus.g.cs",
            },
            run.Sources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.Contains("ExponentialGradientAt(", run.Source("Implicit.Exponential.g.cs").Text, System.StringComparison.Ordinal);
        Assert.Contains("WeibullPdf(", run.Source("Implicit.Weibull.g.cs").Text, System.StringComparison.Ordinal);
        Assert.Contains("PairTangentAt(", run.Source("Implicit.Pair.g.cs").Text, System.StringComparison.Ordinal);
        Assert.Contains("PreferencesRelaxedBackward(", run.Source("Implicit.Preferences.g.cs").Text, System.StringComparison.Ordinal);
        Assert.Contains("CoinRelaxed", run.Source("Implicit.Coin.g.cs").Text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_steps_are_cached_and_models_clean()
        => IncrementalityHarness.AssertCachedAndClean(
            new[] { TrackingNames.Parse, TrackingNames.ParseDiagnostics, TrackingNames.ParseUnsupportedTargets, TrackingNames.CheckBackwardRules },
            DiagnosticTests.ForeachSource,
            DiagnosticTests.NotPartialSource,
            """
            namespace Demo;

            public static partial class Rules
            {
                public static double Norm(System.ReadOnlySpan<double> a) => a[0];

                [ReparamGen.BackwardOf(typeof(Rules), nameof(Norm))]
                public static double NormBackward(System.ReadOnlySpan<double> a, double seed) => a[0];
            }

            public static partial class Accessors
            {
                public static double P { [ReparamGen.Differentiable] get => 2.0; }
            }
            """);

    [Fact]
    public void Edit_above_a_method_leaves_its_generated_text_and_Emit_step_unchanged()
    {
        // The edit moves the method (and every location in it) down two lines. Diagnostics are reported where the
        // method now is; the generated file is the same text, so the Emit step's output is Unchanged or Cached.
        var compilation = GeneratorHarness.CreateCompilation(Inputs.LogNormal);
        var first = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.ParseTree("// a comment\n// and another\n" + Inputs.LogNormal, tree.FilePath));

        var second = GeneratorHarness.Run(first.Driver, moved);

        Assert.Equal(first.Sources.Select(s => s.HintName + "\n" + s.Text), second.Sources.Select(s => s.HintName + "\n" + s.Text));
        var emit = second.Result.Results.Single().TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(emit);
        Assert.All(emit, o => Assert.True(o.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Edit_above_a_method_leaves_its_Differentiate_step_cached_and_reports_its_warnings_where_they_moved()
    {
        // Locations in a method's IR are relative to the method (Model/MethodAnchor.cs): two lines added above it
        // change no model, so Differentiate and Emit are not re-run, yet each RPG0005 is reported two lines lower.
        // The second edit, inside the body, is the control: it must re-run Differentiate.
        var source = Diagnostics.DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, double b, [Noise] double eps)
                {
                    var n = (int)a;
                    return n * b + Math.Floor(b) * a + a * eps;
                }
            """);
        var compilation = GeneratorHarness.CreateCompilation(source);
        var first = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.ParseTree("// one\n// two\n" + source, tree.FilePath));

        var second = GeneratorHarness.Run(first.Driver, moved);

        var before = first.Diagnostics("RPG0005").Select(d => d.Location.GetLineSpan()).OrderBy(l => l.StartLinePosition.Line).ToList();
        var after = second.Diagnostics("RPG0005").Select(d => d.Location.GetLineSpan()).OrderBy(l => l.StartLinePosition.Line).ToList();
        Assert.Equal(2, before.Count);
        Assert.Equal(before.Select(l => (l.StartLinePosition.Line + 2, l.StartLinePosition.Character, l.EndLinePosition.Line + 2, l.EndLinePosition.Character)),
            after.Select(l => (l.StartLinePosition.Line, l.StartLinePosition.Character, l.EndLinePosition.Line, l.EndLinePosition.Character)));
        Assert.All(second.Diagnostics("RPG0005"), d => Assert.Same(moved.SyntaxTrees.Single(), d.Location.SourceTree));
        foreach (var step in new[] { TrackingNames.Differentiate, TrackingNames.Emit })
        {
            var outputs = second.Result.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, step + ": " + o.Reason));
        }

        var edited = moved.ReplaceSyntaxTree(moved.SyntaxTrees.Single(), GeneratorHarness.ParseTree("// one\n// two\n" + source.Replace("a * eps", "a * eps * 2.0"), tree.FilePath));
        var third = GeneratorHarness.Run(second.Driver, edited);
        Assert.Contains(third.Result.Results.Single().TrackedSteps[TrackingNames.Differentiate].SelectMany(s => s.Outputs),
            o => o.Reason == Microsoft.CodeAnalysis.IncrementalStepRunReason.Modified);
    }
}
