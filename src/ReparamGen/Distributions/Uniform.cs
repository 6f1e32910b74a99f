using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The continuous uniform distribution on [lower, upper], reparameterized as
/// <c>z = lower + (upper − lower)·u</c> with <c>u ~ U(0, 1)</c>: <c>∂z/∂lower = 1 − u</c>,
/// <c>∂z/∂upper = u</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>lower &lt; upper</c>; otherwise <see cref="ArgumentOutOfRangeException"/> naming
/// <c>upper</c>. NaN arguments give NaN.
/// </remarks>
public static partial class Uniform
{
    /// <summary>Draws <c>lower + (upper − lower)·u</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="lower">Lower end of the interval.</param>
    /// <param name="upper">Upper end of the interval, greater than <paramref name="lower"/>.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double lower, double upper, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(lower, upper, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>lower + (upper − lower)·eps</c>.</summary>
    /// <param name="lower">Lower end of the interval.</param>
    /// <param name="upper">Upper end of the interval, greater than <paramref name="lower"/>.</param>
    /// <param name="eps">Uniform noise in [0, 1].</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double lower, double upper, [Noise] double eps)
    {
        CheckParameters(lower, upper);
        if (!(eps >= 0 && eps <= 1))
        {
            Guard.ThrowNotProbability(nameof(eps), eps);
        }

        return lower + (upper - lower) * eps;
    }

    /// <summary>The log density <c>−log(upper − lower)</c> on [lower, upper], −∞ outside.</summary>
    /// <param name="x">The point.</param>
    /// <param name="lower">Lower end of the interval.</param>
    /// <param name="upper">Upper end of the interval, greater than <paramref name="lower"/>.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double lower, double upper)
    {
        CheckParameters(lower, upper);
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x < lower || x > upper)
        {
            return double.NegativeInfinity;
        }

        return -Math.Log(upper - lower);
    }

    /// <summary>The cumulative distribution function <c>(x − lower)/(upper − lower)</c>, clamped to [0, 1].</summary>
    /// <param name="x">The point.</param>
    /// <param name="lower">Lower end of the interval.</param>
    /// <param name="upper">Upper end of the interval, greater than <paramref name="lower"/>.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double lower, double upper)
    {
        CheckParameters(lower, upper);
        if (x <= lower)
        {
            return 0.0;
        }

        if (x >= upper)
        {
            return 1.0;
        }

        return (x - lower) / (upper - lower);
    }

    private static void CheckParameters(double lower, double upper)
    {
        if (!(upper > lower))
        {
            Guard.ThrowNotGreater(nameof(upper), upper, nameof(lower), lower);
        }
    }
}
