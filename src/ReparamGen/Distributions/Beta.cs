using System;

namespace ReparamGen.Distributions;

/// <summary>The beta distribution Beta(a, b) on (0, 1), density <c>zᵃ⁻¹(1 − z)ᵇ⁻¹ / B(a, b)</c>.</summary>
/// <remarks>
/// Sampling: <c>G₁/(G₁ + G₂)</c> with <c>G₁ ~ Gamma(a, 1)</c>, <c>G₂ ~ Gamma(b, 1)</c>. Gradients: implicit
/// reparameterization, <c>∂z = −∂I_z(a, b)/q(z)</c> (Figurnov et al. 2018), generated from the log-CDF
/// <c>log I_z(a, b)</c> and the log-density, which keeps tiny samples finite.
/// </remarks>
public static partial class Beta
{
    /// <summary>A draw from Beta(a, b).</summary>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample in (0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A shape is not positive (NaN propagates).</exception>
    [ImplicitReparam(LogCdf = nameof(LogCdf), LogPdf = nameof(LogDensity))]
    public static double Sample(double a, double b, Random rng)
    {
        CheckShapes(a, b);
        var g1 = Gamma.StandardSample(a, rng);
        var g2 = Gamma.StandardSample(b, rng);
        return g1 / (g1 + g2);
    }

    /// <summary>
    /// log I_x(a, b), the log-CDF. Where I_x underflows (tiny x) it is formed in log space from
    /// <c>I_x = xᵃ/(a·B(a, b))·Σₙ (1 − b)ₙ/n!·a/(a + n)·xⁿ</c> (DLMF 8.17.7 with 15.2.1), differentiated by the generator.
    /// </summary>
    /// <param name="x">The point in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    [Differentiable]
    public static double LogCdf(double x, double a, double b)
    {
        var p = Cdf(x, a, b);
        if (p > 1e-280 || x >= 0.5)
        {
            return Math.Log(p);
        }

        return (a * Math.Log(x)) - Math.Log(a) - SpecialFunctions.LogBeta(a, b) + Math.Log(LowerSeries(x, a, b));
    }

    /// <summary>Σₙ (1 − b)ₙ/n!·a/(a + n)·xⁿ for x &lt; 1/2, where its terms shrink geometrically.</summary>
    /// <param name="x">The point, 0 ≤ x &lt; 1/2.</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    [Differentiable]
    internal static double LowerSeries(double x, double a, double b)
    {
        var sum = 1.0;
        var pochhammer = 1.0;
        for (var n = 1; n < 100000; n++)
        {
            pochhammer *= (n - b) * x / n;
            var term = pochhammer * a / (a + n);
            sum += term;
            if (Convergence.Reached(term, sum, 1e-17))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>The CDF I_x(a, b) (regularized incomplete beta function).</summary>
    /// <param name="x">The point.</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    [Differentiable]
    public static double Cdf(double x, double a, double b)
    {
        CheckShapes(a, b);
        if (x <= 0)
        {
            return 0;
        }

        return x >= 1 ? 1 : SpecialFunctions.RegularizedBeta(a, b, x);
    }

    /// <summary>The log-density <c>(a − 1) log x + (b − 1) log(1 − x) − log B(a, b)</c>; −∞ outside (0, 1).</summary>
    /// <param name="x">The point.</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    [Differentiable]
    public static double LogDensity(double x, double a, double b)
    {
        CheckShapes(a, b);
        if (x <= 0 || x >= 1)
        {
            return double.NegativeInfinity;
        }

        return ((a - 1) * Math.Log(x)) + ((b - 1) * SpecialFunctions.Log1p(-x)) - SpecialFunctions.LogBeta(a, b);
    }

    private static void CheckShapes(double a, double b)
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
