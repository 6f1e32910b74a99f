using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Gumbel (type-I extreme value, maximum) distribution, CDF <c>exp(−exp(−(x − location)/scale))</c>,
/// reparameterized by inversion: <c>z = location − scale·log(−log u)</c> with <c>u ~ U(0, 1)</c>:
/// <c>∂z/∂location = 1</c>, <c>∂z/∂scale = −log(−log u)</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>location</c> (mode, any real), <c>scale &gt; 0</c>; otherwise
/// <see cref="ArgumentOutOfRangeException"/>. NaN arguments give NaN. Mean <c>location + γ·scale</c>.
/// </remarks>
public static partial class Gumbel
{
    /// <summary>Draws <c>location − scale·log(−log u)</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="location">Location (mode).</param>
    /// <param name="scale">Scale, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double location, double scale, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(location, scale, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>location − scale·log(−log eps)</c>.</summary>
    /// <param name="location">Location (mode).</param>
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

        var standard = -Math.Log(-Math.Log(eps));
        return location + scale * standard;
    }

    /// <summary>The log density <c>−t − exp(−t) − log scale</c>, <c>t = (x − location)/scale</c>.</summary>
    /// <param name="x">The point.</param>
    /// <param name="location">Location (mode).</param>
    /// <param name="scale">Scale, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double location, double scale)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var t = (x - location) / scale;
        if (t < -40)
        {
            // −t is below 2e-16 of e^(−t) here; dropping it keeps t = −∞ from giving ∞ − ∞ = NaN.
            return -Math.Exp(-t) - Math.Log(scale);
        }

        return -t - Math.Exp(-t) - Math.Log(scale);
    }

    /// <summary>The cumulative distribution function <c>exp(−exp(−t))</c>, <c>t = (x − location)/scale</c>.</summary>
    /// <param name="x">The point.</param>
    /// <param name="location">Location (mode).</param>
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
        return Math.Exp(-Math.Exp(-t));
    }
}
