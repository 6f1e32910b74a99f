using System.Collections.Generic;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0007: [Noise] only means something on floating parameters; elsewhere it probably marks the wrong one.</summary>
public sealed class Rpg0007NoiseOnNonFloatingTests
{
    private static readonly Dictionary<string, (string Members, string Message)> Cases = new()
    {
        ["int"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] int [|k|]) => mu * k;
            """, "[Noise] on parameter 'k' of type 'int' has no effect: only double, float and their spans or arrays are differentiated"),
        ["Random"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] Random [|rng|]) => mu * rng.NextDouble();
            """, "[Noise] on parameter 'rng' of type 'System.Random' has no effect: only double, float and their spans or arrays are differentiated"),
        ["bool on a [Differentiable] helper"] = ("""
                [Differentiable]
                public static double F(double x, [Noise] bool [|flip|]) => flip ? -x : x;
            """, "[Noise] on parameter 'flip' of type 'bool' has no effect: only double, float and their spans or arrays are differentiated"),
        ["jagged array"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double[][] [|eps|]) => mu * eps[0][0];
            """, "[Noise] on parameter 'eps' of type 'double[][]' has no effect: only double, float and their spans or arrays are differentiated"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_parameter_name(string name)
    {
        var (members, message) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), Error("RPG0007", message));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }
}
