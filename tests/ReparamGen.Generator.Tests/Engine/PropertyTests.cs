using System;
using CsCheck;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Property: for random programs with locals, branches, loops and intrinsics, the generated gradient
/// equals the test-only dual-number evaluator's. Both take the same branches, so they agree
/// at every point; the bar is the finite-difference bar of 1e-8 relative, while both are exact up to rounding (≈1e-14).
/// A failing seed is printed by CsCheck and reproduces the program with <see cref="RandomProgram.Create"/>.
/// </summary>
public sealed class PropertyTests
{
    private const double RelativeTolerance = 1e-8;

    [Fact]
    public void Generated_gradients_equal_dual_numbers_on_random_programs()
    {
        Gen.Int[0, int.MaxValue].Sample(CheckProgram, iter: 40, threads: 1, print: seed => RandomProgram.Create(seed).AsDouble("P"));
    }

    [Fact]
    public void The_random_program_generator_covers_branches_loops_and_intrinsics()
    {
        // Guards the property above against a generator that silently stopped producing the hard cases.
        var text = "";
        for (var seed = 0; seed < 40; seed++)
        {
            text += RandomProgram.Create(seed).Body;
        }

        foreach (var feature in new[] { "if (", "for (", " ? ", ".Exp(", ".Log(", ".Pow(", "*=", "+=" })
        {
            Assert.Contains(feature, text, StringComparison.Ordinal);
        }
    }

    private static void CheckProgram(int seed)
    {
        var program = RandomProgram.Create(seed);
        var source = "using System;\nusing ReparamGen;\n\nnamespace Demo;\n\npublic static partial class Random\n{\n"
            + program.AsDouble("P") + "\n" + program.AsDual("PDual") + "}\n";
        var run = GeneratorHarness.Run(source, DualNumberSource.Text);
        using var assembly = ExecutionHarness.Load(run);
        var dualType = assembly.Type("Oracle.Dual");
        var points = new[] { (0.3, -0.7, 0.4), (1.1, 0.25, -1.3), (-0.9, 1.6, 0.05) };
        foreach (var (a, b, eps) in points)
        {
            var generated = assembly.Invoke("Demo.Random", "PWithGradient", a, b, eps);
            var dual = assembly.Invoke("Demo.Random", "PDual", Activator.CreateInstance(dualType, a, 1.0, 0.0), Activator.CreateInstance(dualType, b, 0.0, 1.0), eps);
            var value = (double)dualType.GetField("V")!.GetValue(dual)!;
            var da = (double)dualType.GetField("DA")!.GetValue(dual)!;
            var db = (double)dualType.GetField("DB")!.GetValue(dual)!;
            Check(value, LoadedAssembly.Property<double>(generated, "Value"), seed, "value", a, b, eps);
            Check(da, LoadedAssembly.Property<double>(generated, "DA"), seed, "∂/∂a", a, b, eps);
            Check(db, LoadedAssembly.Property<double>(generated, "DB"), seed, "∂/∂b", a, b, eps);
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
