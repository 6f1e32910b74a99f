using System;
using System.Collections.Generic;
using ReparamGen.Generator.Tests.Harness;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0013: generated names (<c>FGradient</c>, <c>FTangent</c>, …) already taken, by another differentiated
/// overload or by a user member. Reported instead of generating code that would not compile.
/// </summary>
public sealed class Rpg0013GeneratedNameInUseTests
{
    private static string Taken(string member) => "Cannot generate the gradient members of 'F': 'C' already declares '" + member + "', a name the generator needs; rename it or the method";

    private static readonly Dictionary<string, (string Members, string Message)> Cases = new()
    {
        ["second attributed overload"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => mu * eps;

                [Reparameterizable]
                public static double [|F|](double mu, double sigma, [Noise] double eps) => mu + (sigma * eps);
            """, "Cannot generate the gradient members of 'F': another overload of 'F' is already differentiated and both would declare 'FGradient'; give one of them another name"),
        ["user FGradient type"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;

                public readonly record struct FGradient(double Value);
            """, Taken("FGradient")),
        ["user FTangent method"] = ("""
                [Differentiable]
                public static double [|F|](double x) => x * x;

                public static double FTangent(double x) => 2 * x;
            """, Taken("FTangent")),
        ["user FWithGradient with the generated batch's parameters"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;

                public static void FWithGradient(ReadOnlySpan<double> mu, ReadOnlySpan<double> eps, Span<double> value, Span<double> dMu) { }
            """, Taken("FWithGradient")),
        ["user FWithGradient with the generated scalar member's parameters"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;

                public static (double, double) FWithGradient(double mu, double eps) => (mu * eps, eps);
            """, Taken("FWithGradient")),
        ["user FBackward property"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;

                public static int FBackward => 0;
            """, Taken("FBackward")),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Fact]
    public void A_WithGradient_overload_that_CSharp_tells_apart_is_not_a_clash()
    {
        // A batch that takes the counter-based Philox where the generated batch takes any Random: an overload, chosen
        // by C# for a Philox argument; the generated members are all still there and the generated batch still works.
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, Random rng) => mu * rng.NextDouble();

                public static void FWithGradient(ReadOnlySpan<double> mu, Philox rng, Span<double> value, Span<double> dMu)
                {
                    for (int i = 0; i < value.Length; i++) { value[i] = -1; dMu[i] = -1; }
                }

                public static double ThroughRandom(double[] mu, Random rng, double[] value, double[] dMu) { FWithGradient(mu, rng, value, dMu); return value[0]; }
                public static double ThroughPhilox(double[] mu, Philox rng, double[] value, double[] dMu) { FWithGradient(mu, rng, value, dMu); return value[0]; }
            """));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var (value, dMu) = (new double[1], new double[1]);
        Assert.Equal(-1.0, (double)assembly.Invoke("Demo.C", "ThroughPhilox", new[] { 2.0 }, new Philox(1), value, dMu)!);
        var u = new Random(3).NextDouble();
        Assert.Equal(2.0 * u, (double)assembly.Invoke("Demo.C", "ThroughRandom", new[] { 2.0 }, new Random(3), value, dMu)!);
        Assert.Equal(u, dMu[0]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_method_name(string name)
    {
        var (members, message) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), Error("RPG0013", message));

        DiagnosticAssert.GeneratedFor(run, DiagnosticAssert.Bystander);
        if (name == "second attributed overload")
        {
            // The first overload keeps its members; only the second is rejected.
            Assert.Single(run.Sources, s => s.HintName.StartsWith("Demo.C.F_", System.StringComparison.Ordinal));
        }
        else
        {
            DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
        }
    }
}
