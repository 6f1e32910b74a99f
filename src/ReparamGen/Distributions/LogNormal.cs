using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The log-normal distribution: <c>log z ~ N(mu, sigma²)</c>, reparameterized as
/// <c>z = exp(mu + sigma·ε)</c> with <c>ε ~ N(0, 1)</c>: <c>∂z/∂mu = z</c>, <c>∂z/∂sigma = z·ε</c>.
/// </summary>
/// <remarks>
/// Parameters are those of the logarithm: <c>mu</c> (any real), <c>sigma &gt; 0</c>. A non-positive
/// <c>sigma</c> throws <see cref="ArgumentOutOfRangeException"/>; NaN arguments give NaN. Support (0, ∞).
/// </remarks>
public static partial class LogNormal
{
    /// <summary>Draws <c>exp(mu + sigma·ε)</c> with <c>ε = <see cref="StandardNoise.Normal(Random)"/></c>.</summary>
    /// <param name="mu">Mean of log z.</param>
    /// <param name="sigma">Standard deviation of log z, positive.</param>
    /// <param name="rng">The source of randomness (one standard normal draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double mu, double sigma, Random rng)
    {
        var eps = StandardNoise.Normal(rng);
        return FromNoise(mu, sigma, eps);
    }

    /// <summary>The sample for given standard-normal noise: <c>exp(mu + sigma·eps)</c>.</summary>
    /// <param name="mu">Mean of log z.</param>
    /// <param name="sigma">Standard deviation of log z, positive.</param>
    /// <param name="eps">Standard normal noise ε ~ N(0, 1).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double mu, double sigma, [Noise] double eps)
    {
        if (!(sigma > 0))
        {
            Guard.ThrowNotPositive(nameof(sigma), sigma);
        }

        return Math.Exp(mu + sigma * eps);
    }

    /// <summary>The log density <c>−½((log x − mu)/sigma)² − log x − log sigma − ½ log 2π</c>; −∞ for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mu">Mean of log z.</param>
    /// <param name="sigma">Standard deviation of log z, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double mu, double sigma)
    {
        if (!(sigma > 0))
        {
            Guard.ThrowNotPositive(nameof(sigma), sigma);
        }

        if (double.IsNaN(mu) || double.IsNaN(sigma))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x <= 0)
        {
            return double.NegativeInfinity;
        }

        var logX = Math.Log(x);
        var t = (logX - mu) / sigma;
        return -0.5 * t * t - logX - Math.Log(sigma) - LogSqrt2Pi;
    }

    /// <summary>The cumulative distribution function <c>Φ((log x − mu)/sigma)</c>; 0 for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mu">Mean of log z.</param>
    /// <param name="sigma">Standard deviation of log z, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double mu, double sigma)
    {
        if (!(sigma > 0))
        {
            Guard.ThrowNotPositive(nameof(sigma), sigma);
        }

        if (double.IsNaN(mu) || double.IsNaN(sigma))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x <= 0)
        {
            return 0.0;
        }

        var t = (Math.Log(x) - mu) / sigma;
        return StandardNormal.Cdf(t);
    }

    /// <summary>
    /// The quantile function <c>exp(mu + sigma·Φ⁻¹(p))</c>: the x with <c>P(z ≤ x) = p</c>. <c>p = 0</c> gives 0,
    /// <c>p = 1</c> gives +∞. Differentiable in all three arguments (p through the tangent rule of
    /// <see cref="SpecialFunctions.NormalQuantile(double)"/>).
    /// </summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <param name="mu">Mean of log z.</param>
    /// <param name="sigma">Standard deviation of log z, positive.</param>
    /// <returns>The p-quantile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1], or <paramref name="sigma"/> is not positive.</exception>
    [Differentiable]
    public static double Quantile(double p, double mu, double sigma)
    {
        if (!(sigma > 0))
        {
            Guard.ThrowNotPositive(nameof(sigma), sigma);
        }

        return Math.Exp(mu + sigma * SpecialFunctions.NormalQuantile(p));
    }

    private const double LogSqrt2Pi = 0.91893853320467274178; // ½·log(2π)
}
