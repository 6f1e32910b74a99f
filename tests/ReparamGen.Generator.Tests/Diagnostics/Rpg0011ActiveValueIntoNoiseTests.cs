using ReparamGen.Generator.Tests.Harness;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0011 (warning): a differentiated value passed to a callee's [Noise] parameter. The code is generated, it
/// compiles, and that path's derivative is dropped as the message says (checked against the closed form).
/// </summary>
public sealed class Rpg0011ActiveValueIntoNoiseTests
{
    [Fact]
    public void Warned_at_the_call_and_that_path_dropped()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Shift(double mu, [Noise] double eps) => mu + (2 * eps);

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => [|Shift(mu, mu * eps)|];
            """),
            Warning("RPG0011", "Argument for [Noise] or [Constant] parameter 'eps' of 'Shift' depends on a differentiated parameter; its derivative is dropped"));

        DiagnosticAssert.GeneratedFor(run, "Demo.C.F");
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);

        // F = mu + 2·mu·eps; with the noise path dropped the generated ∂F/∂mu is 1, not 1 + 2·eps.
        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25);
        Assert.Equal(1.5 + (2 * 1.5 * 0.25), LoadedAssembly.Property<double>(gradient, "Value"));
        Assert.Equal(1.0, LoadedAssembly.Property<double>(gradient, "DMu"));
    }

    [Fact]
    public void Constant_argument_for_noise_is_not_warned()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Shift(double mu, [Noise] double eps) => mu + (2 * eps);

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => Shift(mu, eps * eps);
            """));

        GeneratorHarness.AssertCompilesWithoutWarnings(run);
    }
}
