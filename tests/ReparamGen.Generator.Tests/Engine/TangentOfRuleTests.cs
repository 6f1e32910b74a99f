using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// User [TangentOf(typeof(T), "M")] rules: found beside M or anywhere in the compilation, called by the generated
/// code (counted, so a rule that is found but not used fails), and checked against closed forms; rules that break
/// the calling convention are RPG0010 and leave callers with RPG0004.
/// </summary>
public sealed class TangentOfRuleTests
{
    /// <summary>
    /// Drag(v) = ½·c·v² computed in a way the generator cannot see through (a call without a tangent), so only a
    /// rule can differentiate it; Hypot has a rule beside it. Each rule counts its calls.
    /// </summary>
    private const string Physics = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static class Physics
        {
            public const double C = 0.47;

            public static double Drag(double v) => 0.5 * C * Math.ScaleB(v * v, 0) * Opaque(1.0);

            public static float Drag(float v) => (float)Drag((double)v);

            public static double Hypot(double x, double y) => double.Hypot(x, y);

            public static int HypotRuleCalls;

            [TangentOf(typeof(Physics), nameof(Hypot))]
            public static double HypotTangent(double x, double y, double dX, double dY, out double dResult)
            {
                HypotRuleCalls++;
                var h = Hypot(x, y);
                dResult = ((x * dX) + (y * dY)) / h;
                return h;
            }

            private static double Opaque(double one) => one;
        }

        public static class Rules
        {
            public static int DragRuleCalls;

            [TangentOf(typeof(Physics), nameof(Physics.Drag))]
            public static double DragTangent(double v, double dV, out double dResult)
            {
                DragRuleCalls++;
                dResult = Physics.C * v * dV;
                return Physics.Drag(v);
            }
        }
        """;

    [Fact]
    public void Rule_declared_in_another_class_is_found_and_called()
    {
        var run = GeneratorHarness.Run(Physics, """
            using ReparamGen;

            namespace Demo;

            public static partial class Samplers
            {
                [Reparameterizable]
                public static double Wind(double v, double k, [Noise] double eps) => Physics.Drag(v * eps) * k;
            }
            """);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        foreach (var (v, k, eps) in new[] { (2.0, 0.3, 1.1), (-0.7, 1.9, 0.4) })
        {
            var callsBefore = RuleCalls(assembly, "Demo.Rules", "DragRuleCalls");
            var gradient = assembly.Invoke("Demo.Samplers", "WindWithGradient", v, k, eps);
            Assert.True(RuleCalls(assembly, "Demo.Rules", "DragRuleCalls") > callsBefore, "the rule was not called");

            // Closed form: Wind = ½·c·(v·eps)²·k, ∂v = c·v·eps²·k, ∂k = ½·c·(v·eps)².
            const double C = 0.47;
            AssertClose(0.5 * C * (v * eps) * (v * eps) * k, LoadedAssembly.Property<double>(gradient, "Value"), "value");
            AssertClose(C * v * eps * eps * k, LoadedAssembly.Property<double>(gradient, "DV"), "∂v");
            AssertClose(0.5 * C * (v * eps) * (v * eps), LoadedAssembly.Property<double>(gradient, "DK"), "∂k");
        }
    }

    [Fact]
    public void Rule_beside_the_callee_is_found_and_used_in_every_direction()
    {
        var run = GeneratorHarness.Run(Physics, """
            using ReparamGen;

            namespace Demo;

            public static partial class Samplers
            {
                [Reparameterizable]
                public static double Radius(double a, double b, [Noise] double eps) => Physics.Hypot(a * eps, b);
            }
            """);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.DoesNotContain("DragTangent", run.Source("Samplers.Radius.g.cs").Text, StringComparison.Ordinal);
        Assert.Contains("global::Demo.Physics.HypotTangent(", run.Source("Samplers.Radius.g.cs").Text, StringComparison.Ordinal);

        using var assembly = ExecutionHarness.Load(run);
        const double A = 1.2, B = -0.9, Eps = 0.8;
        var h = Math.Sqrt((A * Eps * A * Eps) + (B * B));
        var gradient = assembly.Invoke("Demo.Samplers", "RadiusWithGradient", A, B, Eps);
        // Closed form: ∂a = eps·(a·eps)/h, ∂b = b/h.
        AssertClose(Eps * A * Eps / h, LoadedAssembly.Property<double>(gradient, "DA"), "∂a");
        AssertClose(B / h, LoadedAssembly.Property<double>(gradient, "DB"), "∂b");

        var callsBefore = RuleCalls(assembly, "Demo.Physics", "HypotRuleCalls");
        var jvp = assembly.CallStatic("Demo.Samplers", "RadiusTangent", A, B, Eps, 1.0, 2.0, null);
        Assert.Equal(callsBefore + 1, RuleCalls(assembly, "Demo.Physics", "HypotRuleCalls"));
        AssertClose((Eps * A * Eps / h) + (2 * B / h), jvp.Out<double>(5), "JVP along (1, 2)");
    }

    [Fact]
    public void Rule_matches_the_overload_by_parameter_types()
    {
        // The rule is for Drag(double); Drag(float) has none.
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public static partial class C
            {
                [Reparameterizable]
                public static float F(float v, [Noise] float eps) => [|Physics.Drag(v)|] * eps;

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => Physics.Drag(mu) + eps;
            }
            """,
            Error("RPG0004", "Call to 'Demo.Physics.Drag' depends on a differentiated value but has no tangent: mark 'Demo.Physics.Drag' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.Physics), \"Drag\")]"),
            Physics);

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Theory]
    [InlineData("double CubeTangent(double x, double dX, double dResult) => x * x * x;")]
    [InlineData("double CubeTangent(double x, float dX, out double dResult) { dResult = 3 * x * x * dX; return x * x * x; }")]
    [InlineData("float CubeTangent(double x, double dX, out double dResult) { dResult = 3 * x * x * dX; return (float)(x * x * x); }")]
    public void Rule_with_a_wrong_signature_is_RPG0010_and_its_callers_RPG0004(string rule)
    {
        // Same parameter count as the convention, so only a full check rejects it beside the callee too.
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public static partial class C
            {
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static RULE

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => eps * [|Cube(mu)|];

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """.Replace("RULE", rule.Replace("CubeTangent", "[|CubeTangent|]", StringComparison.Ordinal), StringComparison.Ordinal),
            new[]
            {
                Error("RPG0010", "[TangentOf] rule 'CubeTangent' does not fit: expected the primal parameters of 'Cube', then one tangent per double/float parameter in order, then 'out' the result's tangent, returning the primal value"),
                Error("RPG0004", "Call to 'Demo.C.Cube' depends on a differentiated value but has no tangent: mark 'Demo.C.Cube' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.C), \"Cube\")]"),
            });

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Call_without_any_rule_is_RPG0004_at_the_call()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public static partial class C
            {
                public static double Cube(double x) => x * x * x;

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var cubed = [|Cube(mu + eps)|];
                    return cubed;
                }

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """,
            Error("RPG0004", "Call to 'Demo.C.Cube' depends on a differentiated value but has no tangent: mark 'Demo.C.Cube' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.C), \"Cube\")]"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    private static int RuleCalls(LoadedAssembly assembly, string type, string field)
        => (int)assembly.Type(type).GetField(field)!.GetValue(null)!;

    // Tolerance: closed forms in double against a few generated operations: 1e-13 relative is ~500 ulps.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual, 1e-13), $"{what}: expected {expected:R}, generated {actual:R}");
}
