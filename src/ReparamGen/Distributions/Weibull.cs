using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Weibull distribution, CDF <c>1 − exp(−(x/scale)^shape)</c> on x ≥ 0, reparameterized by inversion:
/// <c>z = scale·E^(1/shape)</c> with <c>E = −log(1 − u)</c>, <c>u ~ U(0, 1)</c>:
/// <c>∂z/∂scale = z/scale</c>, <c>∂z/∂shape = −z·log(E)/shape²</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>shape &gt; 0</c> (k), <c>scale &gt; 0</c> (λ); otherwise
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter. NaN arguments give NaN.
/// Mean <c>scale·Γ(1 + 1/shape)</c>.
/// </remarks>
public static partial class Weibull
{
    /// <summary>Draws <c>scale·(−log(1 − u))^(1/shape)</c> with <c>u = <see cref="StandardNoise.Uniform(Random)"/></c>.</summary>
    /// <param name="shape">Shape k, positive.</param>
    /// <param name="scale">Scale λ, positive.</param>
    /// <param name="rng">The source of randomness (one uniform draw).</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double Sample(double shape, double scale, Random rng)
    {
        var eps = StandardNoise.Uniform(rng);
        return FromNoise(shape, scale, eps);
    }

    /// <summary>The quantile at <paramref name="eps"/>: <c>scale·(−log(1 − eps))^(1/shape)</c>.</summary>
    /// <param name="shape">Shape k, positive.</param>
    /// <param name="scale">Scale λ, positive.</param>
    /// <param name="eps">Uniform noise in [0, 1].</param>
    /// <returns>The sample.</returns>
    [Reparameterizable]
    public static double FromNoise(double shape, double scale, [Noise] double eps)
    {
        // The checks of CheckParameters written out: the batch overload tests guard clauses on whole SIMD vectors, and a
        // call to a helper is opaque to it (it would keep the scalar loop).
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }
        if (!(eps >= 0 && eps <= 1))
        {
            Guard.ThrowNotProbability(nameof(eps), eps);
        }

        var logE = Math.Log(-SpecialFunctions.Log1p(-eps)); // log of the standard exponential draw
        return scale * Math.Exp(logE / shape);
    }

    /// <summary>The log density <c>log(shape/scale) + (shape − 1)·log(x/scale) − (x/scale)^shape</c> for x &gt; 0; −∞ for x &lt; 0; its limit at x = 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape k, positive.</param>
    /// <param name="scale">Scale λ, positive.</param>
    /// <returns>log q(x).</returns>
    [Differentiable]
    public static double LogDensity(double x, double shape, double scale)
    {
        CheckParameters(shape, scale);
        if (double.IsNaN(shape) || double.IsNaN(scale))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x < 0)
        {
            return double.NegativeInfinity;
        }

        if (x == 0)
        {
            // (shape − 1)·log 0: +∞ for shape < 1, −∞ for shape > 1, and 0 (not NaN) for shape = 1.
            return shape < 1 ? double.PositiveInfinity : shape > 1 ? double.NegativeInfinity : -Math.Log(scale);
        }

        var logRatio = Math.Log(x / scale);
        return Math.Log(shape / scale) + (shape - 1.0) * logRatio - Math.Exp(shape * logRatio);
    }

    /// <summary>The cumulative distribution function <c>1 − exp(−(x/scale)^shape)</c> (via expm1), 0 for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape k, positive.</param>
    /// <param name="scale">Scale λ, positive.</param>
    /// <returns>P(z ≤ x).</returns>
    [Differentiable]
    public static double Cdf(double x, double shape, double scale)
    {
        CheckParameters(shape, scale);
        if (double.IsNaN(shape) || double.IsNaN(scale))
        {
            return double.NaN; // NaN parameters propagate instead of taking a constant branch below
        }

        if (x <= 0)
        {
            return 0.0;
        }

        var power = Math.Exp(shape * Math.Log(x / scale));
        return -SpecialFunctions.Expm1(-power);
    }

    private static void CheckParameters(double shape, double scale)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }
    }
}
