using System;
using CsCheck;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Property: random programs (<see cref="RandomProgram"/>: locals, branches, loops, intrinsics) called through a
/// struct parameter and through a tuple parameter give, in <c>WithGradient</c>'s struct of partials, the test-only
/// dual-number evaluator's derivatives of the same program. This checks the struct plumbing (one direction per
/// member, member reads passed to a differentiated callee, the partials gathered back into a struct, the
/// accumulation of <c>Backward</c>) on bodies the tests did not write by hand.
/// </summary>
public sealed class StructPropertyTests
{
    // Both sides apply the same textbook derivatives at the same primal values, so they agree to rounding (≈1e-14);
    // the bar is the finite-difference one, 1e-8 relative, far below any wrong or lost derivative (O(1)).
    private const double RelativeTolerance = 1e-8;

    [Fact]
    public void Struct_and_tuple_parameters_give_the_dual_numbers_derivatives()
    {
        Gen.Int[0, int.MaxValue].Sample(CheckProgram, iter: 20, threads: 1, print: seed => RandomProgram.Create(seed).AsDouble("P"));
    }

    private static void CheckProgram(int seed)
    {
        var program = RandomProgram.Create(seed);
        var source = "using System;\nusing ReparamGen;\n\nnamespace Demo;\n\npublic static partial class Random\n{\n"
            + program.AsDouble("P") + "\n" + program.AsDual("PDual") + """

                public record struct Pair(double A, double B, int Tag);

                [Reparameterizable]
                public static double ViaStruct(Pair p, [Noise] double eps) => P(p.A, p.B, eps) + p.Tag;

                [Reparameterizable]
                public static double ViaTuple((double A, double B) p, [Noise] double eps) => P(p.A, p.B, eps);

                public static double[] Partials(double a, double b, double eps)
                {
                    var s = ViaStructWithGradient(new Pair(a, b, 7), eps);
                    var t = ViaTupleWithGradient((a, b), eps);
                    var accumulated = new Pair(0.5, -0.5, 0);
                    ViaStructBackward(new Pair(a, b, 7), eps, 2.0, ref accumulated);
                    return new[] { s.Value, s.DP.A, s.DP.B, t.Value, t.DP.A, t.DP.B, accumulated.A, accumulated.B };
                }
            }

            """;
        var run = GeneratorHarness.Run(source, DualNumberSource.Text);
        using var assembly = ExecutionHarness.Load(run);
        var dualType = assembly.Type("Oracle.Dual");
        var points = new[] { (0.3, -0.7, 0.4), (1.1, 0.25, -1.3), (-0.9, 1.6, 0.05) };
        foreach (var (a, b, eps) in points)
        {
            var dual = assembly.Invoke("Demo.Random", "PDual", Activator.CreateInstance(dualType, a, 1.0, 0.0), Activator.CreateInstance(dualType, b, 0.0, 1.0), eps);
            var value = (double)dualType.GetField("V")!.GetValue(dual)!;
            var da = (double)dualType.GetField("DA")!.GetValue(dual)!;
            var db = (double)dualType.GetField("DB")!.GetValue(dual)!;
            var g = (double[])assembly.Invoke("Demo.Random", "Partials", a, b, eps)!;
            Check(value + 7, g[0], seed, "struct value", a, b, eps);
            Check(da, g[1], seed, "struct ∂/∂p.A", a, b, eps);
            Check(db, g[2], seed, "struct ∂/∂p.B", a, b, eps);
            Check(value, g[3], seed, "tuple value", a, b, eps);
            Check(da, g[4], seed, "tuple ∂/∂p.A", a, b, eps);
            Check(db, g[5], seed, "tuple ∂/∂p.B", a, b, eps);
            Check(0.5 + (2.0 * da), g[6], seed, "Backward into p.A", a, b, eps);
            Check(-0.5 + (2.0 * db), g[7], seed, "Backward into p.B", a, b, eps);
        }
    }

    private static void Check(double expected, double actual, int seed, string what, double a, double b, double eps)
    {
        if (!(Math.Abs(actual - expected) <= RelativeTolerance * Math.Max(1.0, Math.Abs(expected))))
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}: {what} at ({a}, {b}, {eps}): dual numbers {expected:R}, generated {actual:R}");
        }
    }
}
