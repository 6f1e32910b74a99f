using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Reverse mode across assemblies: library A is compiled with the generator to an image; project B references it as
/// metadata and its span method calls A's span methods. B's reverse sweep must go through A's generated
/// <c>MBackward</c> (found through its <c>[BackwardOf]</c> marker) and through a hand-written <c>[BackwardOf]</c> rule
/// of A's, never through a forward-mode stand-in; B's gradient is checked against finite differences of B itself.
/// </summary>
public sealed class CrossAssemblyReverseTests
{
    private const string Library = """
        using System;
        using ReparamGen;

        namespace Lib;

        public static partial class Models
        {
            [Differentiable]
            public static double LogLikelihood(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y)
            {
                double lp = 0;
                int d = w.Length;
                for (int i = 0; i < y.Length; i++)
                {
                    double eta = 0;
                    for (int j = 0; j < d; j++) eta += x[i * d + j] * w[j];
                    lp += y[i] * eta - Math.Log(1 + Math.Exp(eta));
                }

                return lp;
            }

            public static double SumSq(ReadOnlySpan<double> a)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i];
                return s;
            }

            [TangentOf(typeof(Models), nameof(SumSq))]
            public static double SumSqTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> dA, out double dResult)
            {
                double d = 0;
                for (int i = 0; i < a.Length; i++) d += 2 * a[i] * dA[i];
                dResult = d;
                return SumSq(a);
            }

            [BackwardOf(typeof(Models), nameof(SumSq))]
            public static double SumSqBackward(ReadOnlySpan<double> a, double seed, Span<double> gradA)
            {
                for (int i = 0; i < a.Length; i++) gradA[i] += seed * 2 * a[i];
                return SumSq(a);
            }
        }
        """;

    private const string Project = """
        using System;
        using ReparamGen;
        using Lib;

        namespace App;

        public static partial class Objective
        {
            [Differentiable]
            public static double LogJoint(ReadOnlySpan<double> w, double priorScale, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y)
                => Models.LogLikelihood(w, x, y) - 0.5 * Models.SumSq(w) / (priorScale * priorScale);

            public static double Gradient(double[] w, double priorScale, double[] x, double[] y, double[] gradW, double[] gradScale)
                => LogJointBackward(w, priorScale, x, y, 1.0, gradW, ref gradScale[0]);

            public static double Value(double[] w, double priorScale, double[] x, double[] y) => LogJoint(w, priorScale, x, y);
        }
        """;

    [Fact]
    public void Reversed_body_calls_the_library_Backward_members_found_in_metadata_and_matches_finite_differences()
    {
        var libraryRun = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("Lib", Array.Empty<MetadataReference>(), Library));
        GeneratorHarness.AssertCompilesWithoutWarnings(libraryRun);
        var library = ExecutionHarness.Emit(libraryRun);

        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("App", new[] { MetadataReference.CreateFromImage(library) }, Project));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Empty(run.GeneratorDiagnostics); // in particular no RPG0018: the body is reversed, not stood in for
        var generated = run.Source("App.Objective.LogJoint.g.cs").Text;
        Assert.Contains("global::Lib.Models.LogLikelihoodBackward(", generated, StringComparison.Ordinal); // generated member, by its marker
        Assert.Contains("global::Lib.Models.SumSqBackward(", generated, StringComparison.Ordinal); // the library's hand-written rule

        using var assembly = ExecutionHarness.Load(run, library);
        var random = new Random(11);
        const int n = 9, d = 4;
        var w = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, n * d).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (double)random.Next(2)).ToArray();
        const double Scale = 1.7;
        var (gradW, gradScale) = (new double[d], new double[1]);
        var value = (double)assembly.Invoke("App.Objective", "Gradient", w, Scale, x, y, gradW, gradScale)!;
        Assert.Equal((double)assembly.Invoke("App.Objective", "Value", w, Scale, x, y)!, value);

        // Oracle: 5-point central differences of B's primal; tolerance FiniteDifference.RelativeTolerance (smooth, O(1)-scaled).
        for (var k = 0; k < d; k++)
        {
            var index = k;
            var expected = FiniteDifference.Derivative(t =>
            {
                var shifted = (double[])w.Clone();
                shifted[index] = t;
                return (double)assembly.Invoke("App.Objective", "Value", shifted, Scale, x, y)!;
            }, w[k]);
            Assert.True(FiniteDifference.Close(expected, gradW[k]), $"∂/∂w[{k}]: expected {expected:R}, reverse {gradW[k]:R}");
        }

        var expectedScale = FiniteDifference.Derivative(s => (double)assembly.Invoke("App.Objective", "Value", w, s, x, y)!, Scale);
        Assert.True(FiniteDifference.Close(expectedScale, gradScale[0]), $"∂/∂priorScale: expected {expectedScale:R}, reverse {gradScale[0]:R}");
    }
}
