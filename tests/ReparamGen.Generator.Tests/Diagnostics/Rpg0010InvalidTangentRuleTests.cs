using System.Collections.Generic;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0010: a [TangentOf] rule that is not static, names no method, or breaks the tangent calling convention.</summary>
public sealed class Rpg0010InvalidTangentRuleTests
{
    private const string Convention = "expected the primal parameters of 'Cube', then one tangent per double/float parameter in order, then 'out' the result's tangent, returning the primal value";

    private static readonly Dictionary<string, (string Members, string Message)> Cases = new()
    {
        ["missing tangent parameter"] = ("""
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static double [|CubeTangent|](double x, out double dResult)
                {
                    dResult = 0;
                    return x;
                }
            """, "[TangentOf] rule 'CubeTangent' does not fit: " + Convention),
        ["result tangent not out"] = ("""
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static double [|CubeTangent|](double x, double dX, double dResult) => x * x * x;
            """, "[TangentOf] rule 'CubeTangent' does not fit: " + Convention),
        ["wrong return type"] = ("""
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static float [|CubeTangent|](double x, double dX, out double dResult)
                {
                    dResult = 3 * x * x * dX;
                    return (float)(x * x * x);
                }
            """, "[TangentOf] rule 'CubeTangent' does not fit: " + Convention),
        ["float tangent for a double parameter"] = ("""
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static double [|CubeTangent|](double x, float dX, out double dResult)
                {
                    dResult = 3 * x * x * dX;
                    return x * x * x;
                }
            """, "[TangentOf] rule 'CubeTangent' does not fit: " + Convention),
        ["not static"] = ("""
                public static double Cube(double x) => x * x * x;

                public sealed class Rules
                {
                    [TangentOf(typeof(C), nameof(C.Cube))]
                    public double [|CubeTangent|](double x, double dX, out double dResult)
                    {
                        dResult = 3 * x * x * dX;
                        return x * x * x;
                    }
                }
            """, "[TangentOf] rule 'CubeTangent' does not fit: a tangent rule must be static"),
        ["no such method"] = ("""
                [TangentOf(typeof(C), "Cub")]
                public static double [|CubeTangent|](double x, double dX, out double dResult)
                {
                    dResult = 3 * x * x * dX;
                    return x * x * x;
                }
            """, "[TangentOf] rule 'CubeTangent' does not fit: 'Demo.C' has no method named 'Cub'"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_rule_name(string name)
    {
        var (members, message) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), Error("RPG0010", message));

        // A rule is not a generated method; the rest of the compilation is generated as usual.
        DiagnosticAssert.GeneratedFor(run, DiagnosticAssert.Bystander);
    }

    [Fact]
    public void A_rejected_rule_leaves_its_callers_without_a_tangent()
    {
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                public static double Cube(double x) => x * x * x;

                [TangentOf(typeof(C), nameof(Cube))]
                public static double [|CubeTangent|](double x, out double dResult)
                {
                    dResult = 0;
                    return x;
                }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps) => [|Cube(mu)|] * eps;
            """),
            new[]
            {
                Error("RPG0010", "[TangentOf] rule 'CubeTangent' does not fit: " + Convention),
                Error("RPG0004", "Call to 'Demo.C.Cube' depends on a differentiated value but has no tangent: mark 'Demo.C.Cube' [Differentiable], or supply a rule with [TangentOf(typeof(Demo.C), \"Cube\")]"),
            });

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }
}
