using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The normal distribution N(mean, stdDev²) restricted to <c>[lower, upper]</c> (either bound may be infinite),
/// density <c>φ((x − μ)/σ) / (σ·(Φ(β) − Φ(α)))</c> with <c>α = (lower − μ)/σ</c>, <c>β = (upper − μ)/σ</c>.
/// Exact sampling everywhere, far tails included, and implicit reparameterization gradients in all four parameters.
/// </summary>
/// <remarks>
/// <para>
/// <b>Sampling</b> (<see cref="Sample"/>), in standard units <c>[α, β]</c>, by accept–reject, never by inverting the CDF
/// (which would need <c>Φ⁻¹</c> of a number that rounds to 0 or 1 in the tails):
/// </para>
/// <list type="bullet">
/// <item>0 ∈ [α, β] and <c>β − α ≥ √(2π)</c>: draw N(0, 1) until it lands in the interval (acceptance ≥ 0.49);</item>
/// <item>0 ∈ [α, β], narrower: uniform proposal on [α, β], accepted with probability <c>exp(−t²/2)</c> (acceptance ≥ 0.49);</item>
/// <item>α ≥ 0 (β ≤ 0 by the mirror image <c>t → −t</c>): Robert's two tail samplers (C. P. Robert, "Simulation of
/// truncated normal variables", Statistics and Computing 5 (1995) 121–125, §2): the translated exponential
/// proposal <c>α + Exp(λ)</c> with the optimal rate <c>λ = (α + √(α² + 4))/2</c>, accepted with probability
/// <c>exp(−(t − λ)²/2)</c> (and rejected above β), or, when the interval is narrow, the uniform proposal on [α, β]
/// accepted with probability <c>exp((α² − t²)/2)</c>. The uniform one is used when it has the higher acceptance rate,
/// i.e. when <c>β − α &lt; exp((λ − α)²/2)/λ</c> (Robert's criterion). The rate of the one chosen is at least 0.63
/// however far out the interval lies (it tends to 1 for wide intervals), so [20, ∞) or [−31, −30] cost a few uniforms
/// per draw.
/// N. Chopin ("Fast simulation of truncated Gaussian distributions", Statistics and Computing 21 (2011) 275–288)
/// gives a faster table-based variant of the same regions; these samplers are exact too.</item>
/// </list>
/// <para>
/// The sample <c>μ + σt</c> is clamped to [lower, upper], which only matters for the last rounding.
/// </para>
/// <para>
/// <b>Gradients</b>: implicit reparameterization <c>∂z/∂θ = −∂θF(z)/q(z)</c>, generated from <see cref="Cdf"/> and
/// <see cref="Density"/>. The CDF is written so that it and its forward-mode derivatives keep full relative accuracy
/// in both tails and near both bounds: <c>F = L/(L + U)</c> with <c>L = (Φ(ζ) − Φ(α))/φ(m)</c> and
/// <c>U = (Φ(β) − Φ(ζ))/φ(m)</c> two positive masses (never <c>1 − something</c>), scaled by the density at the point
/// <c>m</c> of the interval nearest 0 so that nothing underflows however far out it lies. Each mass is a difference
/// of upper-tail probabilities <c>Q(x) = erfc(x/√2)/2</c> on the side of 0 where they do not cancel, carried as
/// <c>√(π/2)·erfcx(x/√2)·exp(−(x² − m²)/2)</c>; for a short piece (length δ with <c>δ·(max|x| + 1) ≤ 1</c>, e.g. a
/// sample next to a bound), by the Taylor series <c>Φ(x + δ) − Φ(x) = φ(x)·Σₖ Heₖ(−x)·δᵏ⁺¹/(k + 1)!</c> (Hermite
/// polynomials, from <c>φ⁽ᵏ⁾(x) = (−1)ᵏHeₖ(x)φ(x)</c>), with δ taken as <c>(z − lower)/σ</c> directly so that its
/// relative accuracy is not lost to the cancellation <c>ζ − α</c>. A derivative that is small because the sample sits
/// against a bound (∂z/∂μ ≈ 0 there) is then a product of small accurate factors rather than the difference of two
/// order-one numbers. An infinite bound is replaced by the constant ±∞ before it reaches any arithmetic, so its
/// derivative is exactly 0 (not ∞·0 = NaN).
/// </para>
/// <para>
/// <b>Domain</b>: <c>stdDev &gt; 0</c>, <c>lower &lt; upper</c>, neither bound NaN; otherwise
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter (<c>upper</c> when <c>lower ≥ upper</c>). A NaN
/// mean or stdDev gives NaN from every member; so does an infinite mean or stdDev from <see cref="Sample"/>.
/// </para>
/// </remarks>
public static partial class TruncatedNormal
{
    private const double SqrtHalfPi = 1.2533141373155002512;   // √(π/2)
    private const double InvSqrt2 = 0.70710678118654752440;    // 1/√2
    private const double Sqrt2Pi = 2.5066282746310005024;      // √(2π)

    /// <summary>A draw from N(mean, stdDev²) truncated to [lower, upper] (see the class remarks for the algorithm).</summary>
    /// <param name="mean">Mean μ of the untruncated normal.</param>
    /// <param name="stdDev">Standard deviation σ &gt; 0 of the untruncated normal.</param>
    /// <param name="lower">Lower bound, may be −∞.</param>
    /// <param name="upper">Upper bound, greater than <paramref name="lower"/>; may be +∞.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample, in [lower, upper]; NaN when mean or stdDev is NaN or infinite.</returns>
    /// <exception cref="ArgumentOutOfRangeException">stdDev ≤ 0, lower ≥ upper, or a NaN bound.</exception>
    [ImplicitReparam(cdf: nameof(Cdf), Pdf = nameof(Density))]
    public static double Sample(double mean, double stdDev, double lower, double upper, Random rng)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        CheckBounds(lower, upper);
        if (!double.IsFinite(mean) || !double.IsFinite(stdDev))
        {
            return double.NaN;
        }

        var a = lower == double.NegativeInfinity ? double.NegativeInfinity : (lower - mean) / stdDev;
        var b = upper == double.PositiveInfinity ? double.PositiveInfinity : (upper - mean) / stdDev;
        if (a == double.PositiveInfinity || !(a < b))
        {
            return lower; // the interval lies beyond double range in standard units (or collapsed by rounding)
        }

        if (b == double.NegativeInfinity)
        {
            return upper;
        }

        var t = StandardSample(a, b, rng);
        return Math.Clamp(mean + (stdDev * t), lower, upper);
    }

    /// <summary>
    /// A draw from N(0, 1) truncated to [a, b], a &lt; b (a may be −∞, b +∞), by the accept–reject samplers of the
    /// class remarks.
    /// </summary>
    /// <param name="a">Lower bound in standard units.</param>
    /// <param name="b">Upper bound in standard units.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample in [a, b].</returns>
    internal static double StandardSample(double a, double b, Random rng)
    {
        if (a >= 0)
        {
            return PositiveTail(a, b, rng);
        }

        if (b <= 0)
        {
            return -PositiveTail(-b, -a, rng);
        }

        if (b - a >= Sqrt2Pi)
        {
            while (true)
            {
                var t = StandardNoise.Normal(rng);
                if (t >= a && t <= b)
                {
                    return t;
                }
            }
        }

        while (true)
        {
            var t = a + ((b - a) * StandardNoise.Uniform(rng));
            if (Math.Log(StandardNoise.Uniform(rng)) <= -0.5 * t * t)
            {
                return Math.Min(t, b);
            }
        }
    }

    // N(0, 1) on [a, b], 0 ≤ a < b ≤ ∞: Robert (1995) §2, exponential or uniform proposal by the higher acceptance rate.
    private static double PositiveTail(double a, double b, Random rng)
    {
        var root = Math.Sqrt((a * a) + 4);
        var lambdaMinusA = 2 / (a + root);   // λ − a, without cancellation (λ = (a + √(a² + 4))/2)
        var lambda = a + lambdaMinusA;
        if (b - a < Math.Exp(0.5 * lambdaMinusA * lambdaMinusA) / lambda)
        {
            while (true)
            {
                var t = a + ((b - a) * StandardNoise.Uniform(rng));
                if (Math.Log(StandardNoise.Uniform(rng)) <= -0.5 * (t - a) * (t + a))
                {
                    return Math.Min(t, b);
                }
            }
        }

        while (true)
        {
            var excess = StandardNoise.Exponential(rng) / lambda;   // t − a
            if (excess > b - a)
            {
                continue;
            }

            var offset = excess - lambdaMinusA;                    // t − λ
            if (Math.Log(StandardNoise.Uniform(rng)) <= -0.5 * offset * offset)
            {
                return a + excess;
            }
        }
    }

    /// <summary>
    /// The CDF <c>(Φ(ζ) − Φ(α))/(Φ(β) − Φ(α))</c>, <c>ζ = (z − μ)/σ</c>: 0 below <paramref name="lower"/>, 1 above
    /// <paramref name="upper"/>. Computed as the ratio of two positive scaled masses (class remarks), so that its value
    /// and its derivatives in every parameter keep their relative accuracy far in the tails and next to either bound.
    /// </summary>
    /// <param name="z">The point.</param>
    /// <param name="mean">Mean μ of the untruncated normal.</param>
    /// <param name="stdDev">Standard deviation σ &gt; 0.</param>
    /// <param name="lower">Lower bound, may be −∞.</param>
    /// <param name="upper">Upper bound, &gt; lower; may be +∞.</param>
    /// <returns>P(Z ≤ z).</returns>
    /// <exception cref="ArgumentOutOfRangeException">stdDev ≤ 0, lower ≥ upper, or a NaN bound.</exception>
    [Differentiable]
    public static double Cdf(double z, double mean, double stdDev, double lower, double upper)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        CheckBounds(lower, upper);
        if (z < lower)
        {
            return 0;
        }

        if (z > upper)
        {
            return 1;
        }

        var a = lower == double.NegativeInfinity ? double.NegativeInfinity : (lower - mean) / stdDev;
        var b = upper == double.PositiveInfinity ? double.PositiveInfinity : (upper - mean) / stdDev;
        var t = (z - mean) / stdDev;
        var fromLower = lower == double.NegativeInfinity ? double.PositiveInfinity : (z - lower) / stdDev;
        var toUpper = upper == double.PositiveInfinity ? double.PositiveInfinity : (upper - z) / stdDev;
        var m = 0.0;
        if (a > 0)
        {
            m = a;
        }
        else if (b < 0)
        {
            m = b;
        }

        var below = ScaledMass(a, t, fromLower, m);
        var above = ScaledMass(t, b, toUpper, m);

        // The smaller mass goes in the numerator: the quotient rule then multiplies the other one's tangent by the
        // small ratio, never by a rounded F ≈ 1 (whose 1 − F would carry only a few correct digits).
        if (below <= above)
        {
            return below / (below + above);
        }

        return 1 - (above / (below + above));
    }

    /// <summary>The density <c>exp(<see cref="LogDensity"/>)</c>: 0 outside [lower, upper].</summary>
    /// <param name="z">The point.</param>
    /// <param name="mean">Mean μ of the untruncated normal.</param>
    /// <param name="stdDev">Standard deviation σ &gt; 0.</param>
    /// <param name="lower">Lower bound, may be −∞.</param>
    /// <param name="upper">Upper bound, &gt; lower; may be +∞.</param>
    /// <returns>q(z).</returns>
    [Differentiable]
    public static double Density(double z, double mean, double stdDev, double lower, double upper) => Math.Exp(LogDensity(z, mean, stdDev, lower, upper));

    /// <summary>
    /// The log-density <c>−(ζ² − m²)/2 − log σ − log((Φ(β) − Φ(α))/φ(m))</c>, with <c>m</c> the point of [α, β]
    /// nearest 0: the normalizer is taken in the scaled form of the class remarks, so it neither underflows nor
    /// cancels far in a tail. −∞ outside [lower, upper].
    /// </summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Mean μ of the untruncated normal.</param>
    /// <param name="stdDev">Standard deviation σ &gt; 0.</param>
    /// <param name="lower">Lower bound, may be −∞.</param>
    /// <param name="upper">Upper bound, &gt; lower; may be +∞.</param>
    /// <returns>log q(x).</returns>
    /// <exception cref="ArgumentOutOfRangeException">stdDev ≤ 0, lower ≥ upper, or a NaN bound.</exception>
    [Differentiable]
    public static double LogDensity(double x, double mean, double stdDev, double lower, double upper)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        CheckBounds(lower, upper);
        if (x < lower || x > upper)
        {
            return double.NegativeInfinity;
        }

        var a = lower == double.NegativeInfinity ? double.NegativeInfinity : (lower - mean) / stdDev;
        var b = upper == double.PositiveInfinity ? double.PositiveInfinity : (upper - mean) / stdDev;
        var width = lower == double.NegativeInfinity || upper == double.PositiveInfinity ? double.PositiveInfinity : (upper - lower) / stdDev;
        var t = (x - mean) / stdDev;
        var m = 0.0;
        if (a > 0)
        {
            m = a;
        }
        else if (b < 0)
        {
            m = b;
        }

        var total = ScaledMass(a, b, width, m);
        return (-0.5 * (t - m) * (t + m)) - Math.Log(stdDev) - Math.Log(total);
    }

    /// <summary>
    /// <c>(Φ(y) − Φ(x))/φ(m)</c> for <c>x ≤ y</c>, <c>δ = y − x</c> given separately (accurately), and <c>m</c> the point
    /// of the enclosing interval nearest 0 (so <c>|m| ≤ |x|</c> when x ≥ 0 and <c>|m| ≤ |y|</c> when y ≤ 0; m = 0 when
    /// x &lt; 0 &lt; y). Short pieces by the Hermite series; otherwise upper-tail differences on the side of 0 where they
    /// do not cancel, or <c>erf(y/√2) − erf(x/√2)</c>, a sum of two positive numbers, across 0. Infinite x or y must be
    /// passed as the constants ±∞.
    /// </summary>
    [Differentiable]
    internal static double ScaledMass(double x, double y, double delta, double m)
    {
        var reach = Math.Max(Math.Abs(x), Math.Abs(y)) + 1;
        if (delta * reach <= 1)
        {
            return Math.Exp(-0.5 * (x - m) * (x + m)) * HermiteSeries(x, delta);
        }

        if (x >= 0)
        {
            if (y == double.PositiveInfinity)
            {
                return ScaledUpperTail(x, m);
            }

            return ScaledUpperTail(x, m) - ScaledUpperTail(y, m);
        }

        if (y <= 0)
        {
            if (x == double.NegativeInfinity)
            {
                return ScaledUpperTail(-y, m);
            }

            return ScaledUpperTail(-y, m) - ScaledUpperTail(-x, m);
        }

        return SqrtHalfPi * (SpecialFunctions.Erf(y * InvSqrt2) - SpecialFunctions.Erf(x * InvSqrt2));
    }

    /// <summary><c>Q(x)/φ(m) = √(π/2)·erfcx(x/√2)·exp(−(x − m)(x + m)/2)</c> for finite x ≥ |m|: no underflow, no cancellation.</summary>
    [Differentiable]
    internal static double ScaledUpperTail(double x, double m)
        => SqrtHalfPi * SpecialFunctions.ErfcxNonNegative(x * InvSqrt2) * Math.Exp(-0.5 * (x - m) * (x + m));

    /// <summary>
    /// <c>(Φ(x + δ) − Φ(x))/φ(x) = Σₖ Heₖ(−x)·δᵏ⁺¹/(k + 1)!</c> (Taylor series of Φ, with
    /// <c>φ⁽ᵏ⁾ = (−1)ᵏHeₖφ</c>), for <c>δ·(|x| + 1) ≤ 1</c> roughly, where successive terms shrink at least like
    /// <c>(|x| + √k)δ/(k + 2)</c>. Heₖ by the three-term recurrence <c>Heₖ₊₁(u) = u·Heₖ(u) − k·Heₖ₋₁(u)</c>. The loop stops
    /// when two consecutive terms are negligible (a single term can vanish at a root of Heₖ), on the value and, in
    /// generated code, on every tangent.
    /// </summary>
    [Differentiable]
    internal static double HermiteSeries(double x, double delta)
    {
        var u = -x;
        var hePrevious = 1.0;   // He₀(u)
        var he = u;             // He₁(u)
        var power = delta;      // δᵏ⁺¹/(k + 1)!
        var sum = delta;
        var last = delta;
        for (var k = 1; k < 300; k++)
        {
            power = power * delta / (k + 1);
            var term = he * power;
            sum += term;
            var pair = Math.Abs(term) + Math.Abs(last);
            if (Convergence.Reached(pair, sum, 1e-17))
            {
                break;
            }

            last = term;
            var next = (u * he) - (k * hePrevious);
            hePrevious = he;
            he = next;
        }

        return sum;
    }

    private static void CheckBounds(double lower, double upper)
    {
        if (double.IsNaN(lower))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), lower, "'lower' must not be NaN.");
        }

        if (double.IsNaN(upper))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, "'upper' must not be NaN.");
        }

        if (!(lower < upper))
        {
            Guard.ThrowNotGreater(nameof(upper), upper, nameof(lower), lower);
        }
    }
}
