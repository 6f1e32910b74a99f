using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The logistic distribution, CDF <c>1/(1 + exp(−(x − location)/scale))</c>, reparameterized by
/// inversion: <c>z = location + scale·log(u/(1 − u))</c> with <c>u ~ U(0, 1)</c>:
/// <c>∂z/∂location = 1</c>, <c>∂z/∂scale = log(u/(1 − u))</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>location</c> (any real), <c>scale &gt; 0</c>; otherwise
/// <see cref="ArgumentOutOfRangeException"/>. NaN arguments give NaN.
/// </remarks>
public static partial class Logistic
{
    /// <summary>Draws <c>location + scale·log(u/(1 − u))</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="location">Location (mean and median).</param>
    /// <param name="scale">Scale, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double location, double scale, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(location, scale, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>location + scale·(log eps − log(1 − eps))</c>.</summary>
    /// <param name="location">Location (mean and median).</param>
    /// <param name="scale">Scale, positive.</param>
    /// <param name="eps">Uniform noise in [0, 1].</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double location, double scale, [Noise] double eps)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        if (!(eps >= 0 && eps <= 1))
        {
            Guard.ThrowNotProbability(nameof(eps), eps);
        }

        var standard = Math.Log(eps) - SpecialFunctions.Log1p(-eps);
        return location + scale * standard;
    }

    /// <summary>The log density <c>−|t| − 2·log(1 + exp(−|t|)) − log scale</c>, <c>t = (x − location)/scale</c> (stable in both tails).</summary>
    /// <param name="x">The point.</param>
    /// <param name="location">Location.</param>
    /// <param name="scale">Scale, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double location, double scale)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var absT = Math.Abs((x - location) / scale);
        return -absT - 2.0 * SpecialFunctions.Log1p(Math.Exp(-absT)) - Math.Log(scale);
    }

    /// <summary>The cumulative distribution function <c>1/(1 + exp(−t))</c>, <c>t = (x − location)/scale</c>, written as <c>eᵗ/(1 + eᵗ)</c> for t &lt; 0 so that neither it nor its derivative overflows.</summary>
    /// <param name="x">The point.</param>
    /// <param name="location">Location.</param>
    /// <param name="scale">Scale, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double location, double scale)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var t = (x - location) / scale;
        if (t < 0)
        {
            var e = Math.Exp(t);
            return e / (1.0 + e);
        }

        return 1.0 / (1.0 + Math.Exp(-t));
    }
}
