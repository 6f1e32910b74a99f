using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// A ?: whose condition is a compile-time constant gives the user no warning, but the generator turns a ?: with
/// calls in its branches into if/else statements, and 'if (false)' is CS0162 (unreachable code) in generated code,
/// so a build with warnings as errors fails. Found by the differential fuzzer (valid seeds 5003863 and 5003968 of
/// the long mode), minimized here. A realistic form: 'const bool Fast = false;' and 'Fast ? … : …'. The
/// differentiator now keeps only the branch a constant condition selects.
/// </summary>
public sealed class ConstantConditionTests
{
    [Fact]
    public void A_conditional_with_a_constant_condition_compiles_without_warnings()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double H(double x)
                {
                    double v = Math.Abs(x);
                    x = (0.75 + x) > Math.Tanh(1.75) ? (-2.0 > -1.75 ? Math.Exp(Math.Tanh(v)) : Math.Atan(-2.0)) : Math.Pow(1.0 + (v * v), Math.Sin(x));
                    return x;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
    }
}
