using System;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    /// <summary><c>exp(x) − 1</c>, accurate for small |x| (where <c>Math.Exp(x) − 1</c> cancels; .NET's <c>double.ExpM1</c> is that naive formula).</summary>
    /// <remarks>
    /// Method: Kahan's correction <c>(u − 1)·x/log(u)</c> with <c>u = exp(x)</c> rounded, as analysed in Higham,
    /// "Accuracy and Stability of Numerical Algorithms", 2nd ed., SIAM 2002, §1.14.1: (u − 1)/log u is smooth
    /// in u, so the rounding error of exp(x) cancels. Measured against mpmath on 2,000 points over
    /// ±[1e-300, 700] (tests/ReparamGen.Tests/Distributions/ElementaryTests): worst relative error 3.4e-16.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double Expm1(double x) => Expm1(x, out _);

    /// <summary>Tangent rule of <see cref="Expm1(double)"/>: <c>d(exp(x) − 1) = exp(x)·dx</c>, with exp(x) itself (not expm1(x) + 1, which cancels for x ≪ 0).</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Expm1))]
    public static double Expm1Tangent(double x, double dX, out double dResult)
    {
        var r = Expm1(x, out var expX);
        dResult = expX * dX;
        return r;
    }

    private static double Expm1(double x, out double expX)
    {
        var u = Math.Exp(x);
        expX = u;
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * (x / Math.Log(u));
    }
}
