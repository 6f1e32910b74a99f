using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0009: signatures the generated members cannot mirror, reported at the method name with the reason.</summary>
public sealed class Rpg0009UnsupportedSignatureTests
{
    private static readonly Dictionary<string, (string Members, string[] Reasons)> Cases = new()
    {
        ["generic"] = ("""
                [Reparameterizable]
                public static double [|F|]<T>(double mu, [Noise] double eps) => mu * eps;
            """, new[] { "generic methods are not supported" }),
        ["ref return"] = ("""
                private static double cell;

                [Reparameterizable]
                public static ref double [|F|](double mu, [Noise] double eps) => ref cell;
            """, new[] { "ref returns are not supported" }),
        ["params"] = ("""
                [Reparameterizable]
                public static double [|F|](double mu, params double[] eps) => mu * eps[0];
            """, new[] { "'params' parameter 'eps' is not supported" }),
        ["int result"] = ("""
                [Reparameterizable]
                public static int [|F|](double mu, [Noise] double eps) => (int)(mu * eps);
            """, new[] { "it must return double, float, a tuple or struct of them, or void (with out or Span<T> outputs), not 'int'" }),
        ["ref floating parameter"] = ("""
                [Reparameterizable]
                public static double [|F|](ref double mu, [Noise] double eps) => mu * eps;
            """, new[] { "'ref' floating parameter 'mu' is not supported; use a value or an 'out' parameter" }),
        ["no body"] = ("""
                [Reparameterizable]
                public static extern double [|F|](double mu, [Noise] double eps);
            """, new[] { "it has no body" }),
        ["generic with params"] = ("""
                [Differentiable]
                public static double [|F|]<T>(params double[] x) => x[0];
            """, new[] { "generic methods are not supported", "'params' parameter 'x' is not supported" }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_method_name_with_the_reason(string name)
    {
        var (members, reasons) = Cases[name];

        // Several reasons are several diagnostics, all at the method name.
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members),
            reasons.Select(r => Error("RPG0009", "Method 'F' cannot be differentiated: " + r)).ToArray());

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }
}
