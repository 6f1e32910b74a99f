using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The normal distribution N(mean, stdDev²), reparameterized as <c>z = mean + stdDev·ε</c> with
/// <c>ε ~ N(0, 1)</c>: <c>∂z/∂mean = 1</c>, <c>∂z/∂stdDev = ε</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>mean</c> (any real), <c>stdDev &gt; 0</c>. A non-positive <c>stdDev</c> throws
/// <see cref="ArgumentOutOfRangeException"/>; NaN arguments give NaN.
/// </remarks>
public static partial class Normal
{
    /// <summary>Draws <c>mean + stdDev·ε</c> with <c>ε = <see cref="StandardNoise.Normal(Random)"/></c>.</summary>
    /// <param name="mean">Mean.</param>
    /// <param name="stdDev">Standard deviation, positive.</param>
    /// <param name="rng">The source of randomness (one standard normal draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double mean, double stdDev, Random rng)
    {
        var eps = StandardNoise.Normal(rng);
        return FromNoise(mean, stdDev, eps);
    }

    /// <summary>The sample for given standard-normal noise: <c>mean + stdDev·eps</c>.</summary>
    /// <param name="mean">Mean.</param>
    /// <param name="stdDev">Standard deviation, positive.</param>
    /// <param name="eps">Standard normal noise ε ~ N(0, 1).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double mean, double stdDev, [Noise] double eps)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        return mean + stdDev * eps;
    }

    /// <summary>The log density <c>−½((x − mean)/stdDev)² − log stdDev − ½ log 2π</c>.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="stdDev">Standard deviation, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double mean, double stdDev)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        var t = (x - mean) / stdDev;
        return -0.5 * t * t - Math.Log(stdDev) - LogSqrt2Pi;
    }

    /// <summary>The cumulative distribution function <c>Φ((x − mean)/stdDev)</c>, accurate in the lower tail.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="stdDev">Standard deviation, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double mean, double stdDev)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        var t = (x - mean) / stdDev;
        return StandardNormal.Cdf(t);
    }

    /// <summary>
    /// The quantile function <c>mean + stdDev·Φ⁻¹(p)</c>: the x with <c>P(z ≤ x) = p</c>. <c>p = 0</c> gives −∞,
    /// <c>p = 1</c> gives +∞. Differentiable in all three arguments; <c>∂/∂p = stdDev·√(2π)·e^{Φ⁻¹(p)²/2}</c>
    /// comes from the tangent rule of <see cref="SpecialFunctions.NormalQuantile(double)"/>.
    /// </summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <param name="mean">Mean.</param>
    /// <param name="stdDev">Standard deviation, positive.</param>
    /// <returns>The p-quantile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1], or <paramref name="stdDev"/> is not positive.</exception>
    [Differentiable]
    public static double Quantile(double p, double mean, double stdDev)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        return mean + stdDev * SpecialFunctions.NormalQuantile(p);
    }

    private const double LogSqrt2Pi = 0.91893853320467274178; // ½·log(2π)
}
