using System.Collections.Generic;
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
        ["user FBackward property"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;

                public static int FBackward => 0;
            """, Taken("FBackward")),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

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
