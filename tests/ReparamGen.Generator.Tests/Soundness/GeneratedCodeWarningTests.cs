using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// Warning-free user code whose generated members once had compiler warnings, so that a build with warnings
/// as errors failed on code the user never wrote. Found by the differential fuzzer (Fuzz/FuzzTests.cs) and
/// minimized; each case compiles strictly and differentiates right.
/// </summary>
public sealed class GeneratedCodeWarningTests
{
    [Fact]
    public void Max_of_a_variable_with_itself_has_no_self_comparison_in_generated_code()
    {
        // The Min/Max rule compared its two arguments to pick a tangent: v >= v is CS1718.
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, [Noise] double e)
                {
                    double v = a * e;
                    return Math.Max(v, v) + Math.Min(v, v);
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var (a, e) = (0.7, 1.3);
        AssertClose(2 * e, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", a, e), "DA"), "∂F/∂a"); // closed form
    }

    [Theory]
    [InlineData("a parameter assigned but never read", "b--; return a * e;")]
    [InlineData("an unused copy of a parameter", "double v = b; return a * e;")]
    [InlineData("a local given a parameter or a constant, never read", "double v; if (e > 0) { v = b; } else { v = 1.0; } return a * e;")]
    [InlineData("an unused sum of a parameter with itself", "double v = b + b; return a * e;")]
    public void A_seeded_tangent_that_is_never_read_is_left_out(string what, string body)
    {
        // Each gave a tangent local set only to constants (1.0, 0.0 or 1.0 + 1.0) and never read: CS0219 in generated code.
        _ = what;
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, double b, [Noise] double e)
                {
            """ + body + """

                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 0.7, -0.4, 1.3);
        AssertClose(1.3, LoadedAssembly.Property<double>(gradient, "DA"), "∂F/∂a"); // closed form
        AssertClose(0.0, LoadedAssembly.Property<double>(gradient, "DB"), "∂F/∂b");
    }

    // Tolerance: closed forms evaluated in double differ from the generated arithmetic by a few ulps; 1e-12
    // relative is far above that and far below any wrong derivative.
    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-12)
        => Assert.True(FiniteDifference.Close(expected, actual, tolerance), $"{what}: expected {expected:R}, generated {actual:R}");
}
