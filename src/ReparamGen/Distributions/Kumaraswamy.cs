using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Kumaraswamy distribution on [0, 1], density <c>a·b·x^(a−1)·(1 − x^a)^(b−1)</c> and CDF
/// <c>1 − (1 − x^a)^b</c>: a Beta-like law with a closed-form quantile, reparameterized by inversion:
/// <c>z = (1 − (1 − u)^(1/b))^(1/a)</c> with <c>u ~ U(0, 1)</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>a &gt; 0</c>, <c>b &gt; 0</c> (Kumaraswamy 1980, J. Hydrology 46; Jones 2009, Statistical
/// Methodology 6); otherwise <see cref="ArgumentOutOfRangeException"/> naming the parameter. NaN
/// arguments give NaN. The quantile is evaluated as <c>exp(log(−expm1(log(1 − u)/b))/a)</c> and <c>log(1 − x^a)</c>
/// by log1p or expm1 whichever keeps the digits, so the tails near 0 and 1 keep full relative accuracy.
/// </remarks>
public static partial class Kumaraswamy
{
    /// <summary>Draws <c>(1 − (1 − u)^(1/b))^(1/a)</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double a, double b, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(a, b, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>(1 − (1 − eps)^(1/b))^(1/a)</c>.</summary>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <param name="eps">Uniform noise in [0, 1].</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double a, double b, [Noise] double eps)
    {
        // The checks of CheckParameters written out: the batch overload tests guard clauses on whole SIMD vectors, and a
        // call to a helper is opaque to it (it would keep the scalar loop).
        if (!(a > 0))
        {
            Guard.ThrowNotPositive(nameof(a), a);
        }

        if (!(b > 0))
        {
            Guard.ThrowNotPositive(nameof(b), b);
        }
        if (!(eps >= 0 && eps <= 1))
        {
            Guard.ThrowNotProbability(nameof(eps), eps);
        }

        var logComplement = SpecialFunctions.Log1p(-eps);       // log(1 − u) ≤ 0
        var w = -SpecialFunctions.Expm1(logComplement / b);      // 1 − (1 − u)^(1/b) = z^a
        return Math.Exp(Math.Log(w) / a);
    }

    /// <summary>The log density <c>log a + log b + (a − 1)·log x + (b − 1)·log(1 − x^a)</c> on (0, 1), −∞ outside [0, 1], its limits at 0 and 1.</summary>
    /// <param name="x">The point.</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double a, double b)
    {
        CheckParameters(a, b);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x < 0 || x > 1)
        {
            return double.NegativeInfinity;
        }

        if (x == 0)
        {
            // (a − 1)·log 0, without the NaN of 0·(−∞) at a = 1.
            return a < 1 ? double.PositiveInfinity : a > 1 ? double.NegativeInfinity : Math.Log(b);
        }

        if (x == 1)
        {
            // (b − 1)·log 0 likewise.
            return b < 1 ? double.PositiveInfinity : b > 1 ? double.NegativeInfinity : Math.Log(a);
        }

        var logX = Math.Log(x);
        return Math.Log(a) + Math.Log(b) + (a - 1.0) * logX + (b - 1.0) * LogOneMinusPower(logX, a);
    }

    /// <summary>The cumulative distribution function <c>1 − (1 − x^a)^b</c> (via expm1 and log1p), clamped to [0, 1].</summary>
    /// <param name="x">The point.</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double a, double b)
    {
        CheckParameters(a, b);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x <= 0)
        {
            return 0.0;
        }

        if (x >= 1)
        {
            return 1.0;
        }

        return -SpecialFunctions.Expm1(b * LogOneMinusPower(Math.Log(x), a));
    }

    /// <summary>
    /// <c>log(1 − x^a)</c> from <c>log x</c>: <c>log1p(−x^a)</c> while <c>x^a &lt; ½</c>, else
    /// <c>log(−expm1(a·log x))</c>, so that neither a tiny <c>x^a</c> nor a tiny <c>1 − x^a</c> (x near 1)
    /// loses digits (forming <c>x^a</c> first would round <c>1 − x^a = 5.6e-12</c> to 5 digits).
    /// </summary>
    [Differentiable]
    internal static double LogOneMinusPower(double logX, double a)
    {
        var aLogX = a * logX;
        if (aLogX < -LogTwo)
        {
            return SpecialFunctions.Log1p(-Math.Exp(aLogX));
        }

        return Math.Log(-SpecialFunctions.Expm1(aLogX));
    }

    private const double LogTwo = 0.69314718055994530942;

    private static void CheckParameters(double a, double b)
    {
        if (!(a > 0))
        {
            Guard.ThrowNotPositive(nameof(a), a);
        }

        if (!(b > 0))
        {
            Guard.ThrowNotPositive(nameof(b), b);
        }
    }
}
