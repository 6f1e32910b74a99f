using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Laplace (double exponential) distribution, density <c>exp(−|x − location|/scale)/(2·scale)</c>,
/// reparameterized by inversion: <c>z = location + scale·s(u)</c> with <c>u ~ U(0, 1)</c>,
/// <c>s = log(2u)</c> for u &lt; ½ and <c>−log(2 − 2u)</c> otherwise: <c>∂z/∂location = 1</c>,
/// <c>∂z/∂scale = s</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>location</c> (any real), <c>scale &gt; 0</c>; otherwise
/// <see cref="ArgumentOutOfRangeException"/>. NaN arguments give NaN.
/// </remarks>
public static partial class Laplace
{
    /// <summary>Draws <c>location + scale·s(u)</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
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

    /// <summary>The quantile at <paramref name="eps"/>: <c>location + scale·log(2·eps)</c> below ½, <c>location − scale·log(2 − 2·eps)</c> above.</summary>
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

        // Each branch keeps its tail exact: 2·eps and 2 − 2·eps (for eps ≥ ½) are computed without rounding.
        var standard = eps < 0.5 ? Math.Log(2.0 * eps) : -Math.Log(2.0 - 2.0 * eps);
        return location + scale * standard;
    }

    /// <summary>The log density <c>−|x − location|/scale − log(2·scale)</c>.</summary>
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

        return -Math.Abs(x - location) / scale - Math.Log(2.0 * scale);
    }

    /// <summary>The cumulative distribution function: <c>½·exp(t)</c> for t &lt; 0, <c>1 − ½·exp(−t)</c> otherwise, <c>t = (x − location)/scale</c>.</summary>
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
            return 0.5 * Math.Exp(t);
        }

        return 1.0 - 0.5 * Math.Exp(-t);
    }
}
