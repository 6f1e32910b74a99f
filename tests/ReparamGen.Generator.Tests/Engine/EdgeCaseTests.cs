using System;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Inputs at the edges of what the generator accepts: each ends in generated code that compiles with warnings
/// as errors and computes the right derivative, or in the right diagnostic.
/// </summary>
public sealed class EdgeCaseTests
{
    private static string InClass(string members) => """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class C
        {

        """ + members + """

        }

        """;

    [Fact]
    public void Throw_expression_in_a_conditional_compiles_and_differentiates_the_other_branch()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps)
                    => x > 0 ? Math.Log(x) * eps : throw new ArgumentOutOfRangeException(nameof(x));
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        const double Eps = 1.75;
        foreach (var x in new[] { 0.3, 2.0, 11.0 })
        {
            var gradient = assembly.Invoke("Demo.C", "FWithGradient", x, Eps);
            Assert.Equal(Math.Log(x) * Eps, LoadedAssembly.Property<double>(gradient, "Value"));
            AssertClose(Eps / x, LoadedAssembly.Property<double>(gradient, "DX"), $"∂F/∂x at {x}"); // closed form: eps/x
            var call = assembly.CallStatic("Demo.C", "FTangent", x, Eps, 1.0, null);
            AssertClose(Eps / x, call.Out<double>(3), $"JVP at {x}");
        }

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => assembly.Invoke("Demo.C", "FWithGradient", -1.0, Eps));
        Assert.Equal("x", thrown.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => assembly.CallStatic("Demo.C", "FTangent", 0.0, Eps, 1.0, null));
    }

    [Fact]
    public void Cast_of_a_negated_value_to_an_enum_keeps_its_parentheses()
    {
        var run = GeneratorHarness.Run(InClass("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps, int k)
                {
                    var day = (DayOfWeek)(-k);
                    return day == DayOfWeek.Monday ? x * x : x * eps;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        // k = -1 gives Monday: x², derivative 2x; otherwise x·eps, derivative eps (closed forms).
        Assert.Equal(2 * 1.5, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, -1), "DX"));
        Assert.Equal(0.25, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.5, 0.25, 2), "DX"));
    }

    // Tolerance: closed forms evaluated in double differ from the generated arithmetic by a few ulps; 1e-12
    // relative is far above that and far below any wrong derivative.
    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-12)
        => Assert.True(FiniteDifference.Close(expected, actual, tolerance), $"{what}: expected {expected:R}, generated {actual:R}");
}
