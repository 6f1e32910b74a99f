using System;

namespace ReparamGen.Distributions;

/// <summary>
/// <c>log(1 + x)</c> and <c>exp(x) − 1</c> without cancellation near 0, with their tangent rules, so the
/// distributions' tails keep full relative accuracy. (.NET's <c>double.LogP1</c>/<c>double.ExpM1</c> are
/// the naive formulas: <c>double.LogP1(1e-17)</c> is 0.)
/// </summary>
/// <remarks>
/// Both use the correction trick that cancels the rounding error of <c>1 + x</c> (resp. <c>exp(x)</c>):
/// log1p after Goldberg, "What every computer scientist should know about floating-point arithmetic",
/// ACM Computing Surveys 23(1), 1991, Theorem 4; expm1 after Kahan, as analysed in Higham, "Accuracy and
/// Stability of Numerical Algorithms", 2nd ed., SIAM 2002, §1.14.1. Measured against mpmath on about 1,200
/// points each over ±[1e-300, 700] (tests/…/Distributions/ElementaryTests): worst relative error 2.2e-16.
/// </remarks>
internal static class Elementary
{
    /// <summary><c>log(1 + x)</c>, accurate for small |x|; NaN for x &lt; −1.</summary>
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        // log(u)/(u − 1) is smooth, so evaluating it at the rounded u and multiplying by the exact x
        // cancels the rounding error of 1 + x.
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>Tangent rule: <c>d log(1 + x) = dx / (1 + x)</c>.</summary>
    [TangentOf(typeof(Elementary), nameof(Log1p))]
    public static double Log1pTangent(double x, double dX, out double dResult)
    {
        dResult = dX / (1.0 + x);
        return Log1p(x);
    }

    /// <summary><c>exp(x) − 1</c>, accurate for small |x|.</summary>
    public static double Expm1(double x) => Expm1(x, out _);

    /// <summary>Tangent rule: <c>d(exp(x) − 1) = exp(x)·dx</c>, with exp(x) itself (not expm1(x) + 1, which cancels for x ≪ 0).</summary>
    [TangentOf(typeof(Elementary), nameof(Expm1))]
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

        // (u − 1)/log(u) is smooth in u: the rounding error of exp(x) cancels against log(u) ≠ x.
        return um1 * (x / Math.Log(u));
    }
}
