using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Cauchy distribution, density <c>1/(π·scale·(1 + t²))</c> with <c>t = (x − location)/scale</c>,
/// reparameterized by inversion: <c>z = location + scale·tan(π(u − ½))</c> with <c>u ~ U(0, 1)</c>:
/// <c>∂z/∂location = 1</c>, <c>∂z/∂scale = tan(π(u − ½))</c>. It has no mean.
/// </summary>
/// <remarks>
/// Parameters: <c>location</c> (median, any real), <c>scale &gt; 0</c> (half-width at half-maximum);
/// otherwise <see cref="ArgumentOutOfRangeException"/>. NaN arguments give NaN.
/// </remarks>
public static partial class Cauchy
{
    /// <summary>Draws <c>location + scale·tan(π(u − ½))</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="location">Location (median).</param>
    /// <param name="scale">Scale, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double location, double scale, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(location, scale, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>location + scale·tan(π(eps − ½))</c>.</summary>
    /// <param name="location">Location (median).</param>
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

        // tan(π(eps − ½)) = −1/tan(π·eps) = 1/tan(π(1 − eps)): the argument stays exact near both poles
        // (eps − ½ would round tiny eps to −½).
        var standard = eps < 0.5 ? -1.0 / double.TanPi(eps) : 1.0 / double.TanPi(1.0 - eps);
        return location + scale * standard;
    }

    /// <summary>The log density <c>−log(π·scale) − log(1 + t²)</c>, <c>t = (x − location)/scale</c> (no overflow for huge |t|).</summary>
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

        var t = (x - location) / scale;
        var absT = Math.Abs(t);
        var logOnePlusT2 = absT > 1.0
            ? 2.0 * Math.Log(absT) + SpecialFunctions.Log1p(1.0 / (absT * absT))
            : SpecialFunctions.Log1p(t * t);
        return -logOnePlusT2 - Math.Log(scale) - LogPi;
    }

    /// <summary>The cumulative distribution function <c>½ + atan(t)/π</c>, evaluated as <c>atan2(1, −t)/π</c> to keep the lower tail's relative accuracy.</summary>
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
        return Math.Atan2(1.0, -t) / Math.PI;
    }

    private const double LogPi = 1.1447298858494001741; // log π
}
