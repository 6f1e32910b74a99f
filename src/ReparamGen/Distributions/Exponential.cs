using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The exponential distribution with rate λ (mean 1/λ), reparameterized by inversion:
/// <c>z = −log(1 − u)/rate</c> with <c>u ~ U(0, 1)</c>: <c>∂z/∂rate = −z/rate</c>.
/// </summary>
/// <remarks>
/// Parameter: <c>rate &gt; 0</c>; otherwise <see cref="ArgumentOutOfRangeException"/>. NaN arguments
/// give NaN. Support [0, ∞).
/// </remarks>
public static partial class Exponential
{
    /// <summary>Draws <c>−log(1 − u)/rate</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="rate">Rate, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double rate, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(rate, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>−log(1 − eps)/rate</c>.</summary>
    /// <param name="rate">Rate, positive.</param>
    /// <param name="eps">Uniform noise in [0, 1].</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double rate, [Noise] double eps)
    {
        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        if (!(eps >= 0 && eps <= 1))
        {
            Guard.ThrowNotProbability(nameof(eps), eps);
        }

        var standard = -SpecialFunctions.Log1p(-eps);
        return standard / rate;
    }

    /// <summary>The log density <c>log rate − rate·x</c> for x ≥ 0, −∞ for x &lt; 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="rate">Rate, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double rate)
    {
        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        if (double.IsNaN(rate))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x < 0)
        {
            return double.NegativeInfinity;
        }

        return Math.Log(rate) - rate * x;
    }

    /// <summary>The cumulative distribution function <c>1 − exp(−rate·x)</c> (via expm1), 0 for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="rate">Rate, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double rate)
    {
        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        if (double.IsNaN(rate))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x <= 0)
        {
            return 0.0;
        }

        return -SpecialFunctions.Expm1(-rate * x);
    }
}
