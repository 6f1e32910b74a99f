using System;

namespace ReparamGen;

/// <summary>
/// Special functions with their derivatives, each with a tangent rule (<see cref="TangentOfAttribute"/>)
/// so that differentiated code can call them. Every routine cites its method and states the accuracy
/// measured against the high-precision reference data of <c>tools/reference-data/special_functions.py</c>
/// (mpmath at 50 digits); the figures are reproduced by the tests in
/// <c>tests/ReparamGen.Tests/SpecialFunctions</c> and summarised in <c>docs/accuracy.md</c>.
/// Domain errors throw <see cref="ArgumentOutOfRangeException"/> naming the parameter; NaN propagates.
/// </summary>
public static partial class SpecialFunctions
{
    /// <summary>
    /// <c>log(1 + x)</c>, accurate also for tiny <paramref name="x"/> (where <c>Math.Log(1 + x)</c> loses every digit).
    /// </summary>
    /// <remarks>
    /// Method: for <c>|x| &lt; 0.375</c> the series <c>log(1+x) = 2 atanh(x/(2+x))</c> (Abramowitz &amp; Stegun 4.1.27);
    /// otherwise Goldberg's correction <c>x·log(u)/(u−1)</c> with <c>u = 1 + x</c> rounded (Goldberg 1991,
    /// "What every computer scientist should know about floating-point arithmetic", Theorem 4).
    /// Measured: ≤ 2 ulp against mpmath on the <c>log1p.csv</c> grid.
    /// </remarks>
    /// <param name="x">Argument, <c>x ≥ −1</c>; <c>−1</c> gives −∞.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is below −1.</exception>
    public static double Log1p(double x)
    {
        if (x < -1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "log(1 + x) needs x ≥ −1.");
        }

        return Math.Abs(x) < 0.375 ? x + Log1pmx(x) : Log1pLarge(x);
    }

    /// <summary>Tangent rule of <see cref="Log1p"/>: <c>d log(1+x) = dx/(1+x)</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Log1p))]
    public static double Log1pTangent(double x, double dX, out double dResult)
    {
        dResult = dX / (1.0 + x);
        return Log1p(x);
    }

    /// <summary>
    /// <c>log(1 + x) − x</c> without cancellation near 0 (the "log1pmx" of DiDonato &amp; Morris 1986 and R's dpq).
    /// For <c>|x| &lt; 0.375</c>: with <c>y = x/(2+x)</c>, <c>log(1+x) − x = −x·y + 2(y³/3 + y⁵/5 + …)</c>
    /// (A&amp;S 4.1.27, since <c>2y − x = −x·y</c>), 20 terms at most; elsewhere the difference is computed directly.
    /// </summary>
    /// <param name="x">Argument, <c>x &gt; −1</c>.</param>
    internal static double Log1pmx(double x)
    {
        if (!(Math.Abs(x) < 0.375))
        {
            return Log1pLarge(x) - x;
        }

        var y = x / (2.0 + x);
        var y2 = y * y;
        var power = y * y2;
        var sum = 0.0;
        for (var k = 3; k < 60; k += 2)
        {
            var term = power / k;
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
            {
                break;
            }

            power *= y2;
        }

        return 2.0 * sum - x * y;
    }

    private static double Log1pLarge(double x)
    {
        var u = 1.0 + x;
        return double.IsInfinity(u) || u == 1.0 ? Math.Log(u) : Math.Log(u) * (x / (u - 1.0));
    }
}
