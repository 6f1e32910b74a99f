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
        ["generic without a number constraint"] = ("""
                [Reparameterizable]
                public static double [|F|]<T>(double mu, [Noise] double eps) => mu * eps;
            """, new[] { "its type parameter 'T' has no interface constraint, which does not make it a number type; constrain it to generic floating-point math ('where T : IFloatingPointIeee754<T>', or INumber<T> when the body needs only arithmetic and comparisons)" }),
        ["generic with another constraint"] = ("""
                [Differentiable]
                public static T [|F|]<T>(T x) where T : IComparable<T> => x;
            """, new[] { "its type parameter 'T' has the constraint 'System.IComparable<T>', which does not make it a number type; constrain it to generic floating-point math ('where T : IFloatingPointIeee754<T>', or INumber<T> when the body needs only arithmetic and comparisons)" }),
        ["two type parameters"] = ("""
                [Differentiable]
                public static T [|F|]<T, U>(T x, U y) where T : System.Numerics.IFloatingPointIeee754<T> where U : System.Numerics.IFloatingPointIeee754<U> => x;
            """, new[] { "it has 2 type parameters ('T', 'U'); a generic method is differentiated when it has exactly one, constrained to generic floating-point math (where T : IFloatingPointIeee754<T>)" }),
        ["generic implicit sampler"] = ("""
                [ImplicitReparam(nameof(Cdf))]
                public static T [|F|]<T>(T rate, [Noise] T u) where T : System.Numerics.IFloatingPointIeee754<T> => -T.Log(u) / rate;

                public static double Cdf(double z, double rate) => 1 - Math.Exp(-rate * z);
            """, new[] { "generic methods are differentiated with [Reparameterizable] and [Differentiable] only (the [ImplicitReparam] members are written for double); write it for double" }),
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
            """, new[] { "its type parameter 'T' has no interface constraint, which does not make it a number type; constrain it to generic floating-point math ('where T : IFloatingPointIeee754<T>', or INumber<T> when the body needs only arithmetic and comparisons)", "'params' parameter 'x' is not supported" }),
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
