using System;

namespace ReparamGen.Distributions;

/// <summary>
/// A finite mixture of K univariate normals: weights <c>w = softmax(logits)</c>, component k is
/// N(means[k], stdDevs[k]²), density <c>q(z) = Σₖ wₖ φ((z − μₖ)/σₖ)/σₖ</c>, with pathwise (implicit
/// reparameterization) gradients in all 3K parameters.
/// </summary>
/// <remarks>
/// <para>
/// <b>Sampling</b> (<see cref="Sample"/>): pick a component from the softmax weights, then draw from that normal.
/// The component choice is discrete, so there is no differentiable transform of fixed noise; the gradient is the
/// implicit one instead: holding the CDF value <c>u = F(z | λ)</c> fixed, <c>∂z/∂λ = −∂λF(z | λ)/q(z | λ)</c>
/// (M. Figurnov, S. Mohamed, A. Mnih, "Implicit reparameterization gradients", NeurIPS 2018; A. Graves,
/// "Stochastic backpropagation through mixture density distributions", arXiv:1607.05690, 2016).
/// </para>
/// <para>
/// <b>Gradients in closed form.</b> With <c>tₖ = (z − μₖ)/σₖ</c>, <c>nₖ = φ(tₖ)/σₖ</c> and the responsibilities
/// <c>rₖ = wₖnₖ/q</c> (posterior probability of component k given z): <c>∂z/∂μₖ = rₖ</c>, <c>∂z/∂σₖ = rₖtₖ</c>,
/// <c>∂z/∂logitₖ = wₖ(F − Φ(tₖ))/q</c>. The last is written, when F &gt; ½, as <c>wₖ(Q(tₖ) − G)/q</c> with
/// <c>Q = 1 − Φ</c> and <c>G = 1 − F = Σ wₖQ(tₖ)</c> computed directly from upper-tail probabilities, so that in
/// the upper tail it is not the difference of two numbers close to 1. Responsibilities, q and the tail probabilities
/// of this difference are carried in log space relative to the largest term (tails through the scaled
/// complementary error function erfcx), so the gradient stays finite and accurate hundreds of deviations beyond every
/// component, where the density itself underflows.
/// </para>
/// <para>
/// <b>Why not generated.</b> The generator's one-dimensional <c>[ImplicitReparam(cdf: …)]</c> route takes scalar
/// parameters only (its gradient is a record struct with one <c>double</c> per parameter); the K-component parameters
/// here are spans. The gradient is therefore written by hand, in the closed form above (it is the same formula the
/// generator would apply). The multivariate <see cref="DiagonalNormalMixture"/>, whose parameters are spans too, does
/// go through the generator (its <c>Standardize</c> route accepts span parameters); for one dimension the two agree
/// (checked in the tests).
/// </para>
/// <para>
/// <b>Domain</b>: every stdDev &gt; 0 (else <see cref="ArgumentOutOfRangeException"/> naming <c>stdDevs</c> and the
/// index), the three parameter spans of equal, non-zero length (else <see cref="ArgumentException"/> naming the
/// offending span). NaN in any parameter or in z propagates to the result.
/// </para>
/// </remarks>
public static partial class NormalMixture
{
    private const double InvSqrt2 = 0.70710678118654752440;    // 1/√2
    private const double LogSqrt2Pi = 0.91893853320467274178;  // ½ log 2π
    private const double Sqrt2Pi = 2.5066282746310005024;      // √(2π)

    /// <summary>A draw from the mixture: a component k with probability softmax(logits)ₖ, then N(means[k], stdDevs[k]²).</summary>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double Sample(ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, Random rng)
    {
        Validate(logits, means, stdDevs);
        ArgumentNullException.ThrowIfNull(rng);
        var k = ChooseComponent(logits, rng);
        if (k < 0)
        {
            return double.NaN;
        }

        return means[k] + (stdDevs[k] * StandardNoise.Normal(rng));
    }

    /// <summary>
    /// Draws z with <see cref="Sample"/> and writes its implicit reparameterization gradient
    /// (<see cref="SampleGradientAt"/>) to the three derivative spans.
    /// </summary>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="dLogits">Receives ∂z/∂logitₖ, length K.</param>
    /// <param name="dMeans">Receives ∂z/∂μₖ, length K.</param>
    /// <param name="dStdDevs">Receives ∂z/∂σₖ, length K.</param>
    /// <returns>The sample z.</returns>
    /// <exception cref="ArgumentException">A span length differs from K (or K = 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double SampleWithGradient(
        ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, Random rng,
        Span<double> dLogits, Span<double> dMeans, Span<double> dStdDevs)
    {
        ValidateGradientSpans(logits.Length, dLogits, dMeans, dStdDevs);
        var z = Sample(logits, means, stdDevs, rng);
        SampleGradientAt(z, logits, means, stdDevs, dLogits, dMeans, dStdDevs);
        return z;
    }

    /// <summary>
    /// The implicit reparameterization gradient at a given sample z, no sampling: <c>∂z/∂λ = −∂λF(z | λ)/q(z | λ)</c>
    /// for every parameter, in the closed form of the class remarks.
    /// </summary>
    /// <param name="z">The sample (any real number).</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <param name="dLogits">Receives ∂z/∂logitₖ, length K (these sum to 0: shifting all logits changes nothing).</param>
    /// <param name="dMeans">Receives ∂z/∂μₖ, length K (these sum to 1: the responsibilities).</param>
    /// <param name="dStdDevs">Receives ∂z/∂σₖ, length K.</param>
    /// <exception cref="ArgumentException">A span length differs from K (or K = 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static void SampleGradientAt(
        double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs,
        Span<double> dLogits, Span<double> dMeans, Span<double> dStdDevs)
    {
        Validate(logits, means, stdDevs);
        ValidateGradientSpans(logits.Length, dLogits, dMeans, dStdDevs);
        var count = logits.Length;
        var logNorm = LogNormalizer(logits);

        // Log-space responsibilities: s_k = log w_k + log n_k, r_k = exp(s_k − lse(s)).
        var top = double.NegativeInfinity;
        for (var k = 0; k < count; k++)
        {
            var t = (z - means[k]) / stdDevs[k];
            var s = logits[k] - logNorm - (0.5 * t * t) - Math.Log(stdDevs[k]);
            dMeans[k] = s;
            if (s > top)
            {
                top = s;
            }
        }

        var mass = 0.0;
        for (var k = 0; k < count; k++)
        {
            var e = Math.Exp(dMeans[k] - top);
            dMeans[k] = e;
            mass += e;
        }

        // q = exp(top − ½ log 2π)·mass; F and G = 1 − F from lower / upper tail probabilities.
        Tails(z, logits, means, stdDevs, out var lower, out var upper);

        // ∂z/∂logit_k = w_k (F − Φ_k)/q = w_k (Q_k − G)/q: take the side (F or G = 1 − F) that is at most ½ and write
        // its tail probabilities P_j scaled by e^{−top} (erfcx where they are far out), so that neither they nor q
        // underflow when z lies many deviations beyond every component.
        var useUpper = lower > upper;
        var scaledTail = 0.0;
        for (var k = 0; k < count; k++)
        {
            var t = (z - means[k]) / stdDevs[k];
            scaledTail += Math.Exp(logits[k] - logNorm + LogTail(useUpper ? t : -t) - top);
        }

        for (var k = 0; k < count; k++)
        {
            var logW = logits[k] - logNorm;
            var t = (z - means[k]) / stdDevs[k];
            var r = dMeans[k] / mass;
            dStdDevs[k] = r * t;
            var difference = (Math.Exp(logW) * scaledTail) - Math.Exp(logW + LogTail(useUpper ? t : -t) - top);
            dLogits[k] = (useUpper ? -difference : difference) * Sqrt2Pi / mass;
            dMeans[k] = r;
        }

        if (double.IsNaN(z))
        {
            dLogits.Fill(double.NaN);
            dMeans.Fill(double.NaN);
            dStdDevs.Fill(double.NaN);
        }
    }

    /// <summary>
    /// The cumulative distribution function <c>F(z) = Σₖ wₖ Φ((z − μₖ)/σₖ)</c>, each Φ through
    /// <see cref="SpecialFunctions.Erfc(double)"/>; where F &gt; ½ it is <c>1 − Σₖ wₖ Q((z − μₖ)/σₖ)</c>, so that
    /// <see cref="SurvivalFunction"/> and this function each keep full accuracy in their own small tail.
    /// </summary>
    /// <param name="z">The point.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <returns>P(Z ≤ z).</returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double Cdf(double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        Validate(logits, means, stdDevs);
        Tails(z, logits, means, stdDevs, out var lower, out var upper);
        return lower <= upper ? lower : 1 - upper;
    }

    /// <summary>The upper tail <c>1 − F(z) = Σₖ wₖ Q((z − μₖ)/σₖ)</c>, accurate where it is small.</summary>
    /// <param name="z">The point.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <returns>P(Z &gt; z).</returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double SurvivalFunction(double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        Validate(logits, means, stdDevs);
        Tails(z, logits, means, stdDevs, out var lower, out var upper);
        return upper <= lower ? upper : 1 - lower;
    }

    /// <summary>The log density <c>log Σₖ exp(log wₖ + log N(z | μₖ, σₖ))</c>, by a max-shifted log-sum-exp.</summary>
    /// <param name="z">The point.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <returns>log q(z); finite for any finite z (no underflow of the density).</returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double LogDensity(double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        Validate(logits, means, stdDevs);
        var logNorm = LogNormalizer(logits);
        var top = double.NegativeInfinity;
        for (var k = 0; k < logits.Length; k++)
        {
            var s = ComponentLogTerm(z, logits[k], means[k], stdDevs[k]);
            if (s > top || double.IsNaN(s))
            {
                top = s;
            }
        }

        if (double.IsNaN(top) || double.IsInfinity(top))
        {
            return top - logNorm;
        }

        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(ComponentLogTerm(z, logits[k], means[k], stdDevs[k]) - top);
        }

        return top + Math.Log(sum) - logNorm;
    }

    /// <summary>The density <c>q(z) = exp(</c><see cref="LogDensity"/><c>)</c>.</summary>
    /// <param name="z">The point.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, length K.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, length K.</param>
    /// <returns>q(z).</returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double Density(double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
        => Math.Exp(LogDensity(z, logits, means, stdDevs));

    /// <summary>log N(z | μ, σ) + logit, up to −½ log 2π.</summary>
    private static double ComponentLogTerm(double z, double logit, double mean, double stdDev)
    {
        var t = (z - mean) / stdDev;
        return logit - (0.5 * t * t) - Math.Log(stdDev) - LogSqrt2Pi;
    }

    /// <summary>
    /// log Q(x), Q(x) = erfc(x/√2)/2 the standard normal upper tail, without underflow: <c>log(erfcx(x/√2)/2) − x²/2</c>
    /// for x ≥ 0, <c>log(erfc(x/√2)/2)</c> below.
    /// </summary>
    private static double LogTail(double x)
        => x >= 0
            ? Math.Log(0.5 * SpecialFunctions.ErfcxNonNegative(x * InvSqrt2)) - (0.5 * x * x)
            : Math.Log(0.5 * SpecialFunctions.Erfc(x * InvSqrt2));

    /// <summary>Σₖ wₖΦ(tₖ) and Σₖ wₖQ(tₖ), each summed from tail probabilities (no cancellation).</summary>
    private static void Tails(double z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, out double lower, out double upper)
    {
        var logNorm = LogNormalizer(logits);
        lower = 0.0;
        upper = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            var w = Math.Exp(logits[k] - logNorm);
            var t = (z - means[k]) / stdDevs[k];
            lower += w * 0.5 * SpecialFunctions.Erfc(-t * InvSqrt2);
            upper += w * 0.5 * SpecialFunctions.Erfc(t * InvSqrt2);
        }
    }

    /// <summary>log Σ exp(logits), max-shifted.</summary>
    internal static double LogNormalizer(ReadOnlySpan<double> logits)
    {
        var top = double.NegativeInfinity;
        foreach (var l in logits)
        {
            if (l > top || double.IsNaN(l))
            {
                top = l;
            }
        }

        if (double.IsNaN(top) || double.IsInfinity(top))
        {
            return top;
        }

        var sum = 0.0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - top);
        }

        return top + Math.Log(sum);
    }

    /// <summary>A component index drawn with probability softmax(logits)ₖ; −1 when the logits contain NaN.</summary>
    internal static int ChooseComponent(ReadOnlySpan<double> logits, Random rng)
    {
        var logNorm = LogNormalizer(logits);
        if (double.IsNaN(logNorm))
        {
            return -1;
        }

        var u = StandardNoise.Uniform(rng);
        var cumulative = 0.0;
        var last = 0;
        for (var k = 0; k < logits.Length; k++)
        {
            var w = Math.Exp(logits[k] - logNorm);
            if (w > 0)
            {
                last = k;
            }

            cumulative += w;
            if (u < cumulative)
            {
                return k;
            }
        }

        return last; // u beyond the rounded total: the last component with positive weight
    }

    /// <summary>Checks the three parameter spans: equal non-zero lengths, positive standard deviations.</summary>
    internal static void Validate(ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        if (logits.Length == 0)
        {
            throw new ArgumentException("A mixture needs at least one component: 'logits' is empty.", nameof(logits));
        }

        if (means.Length != logits.Length)
        {
            throw new ArgumentException("Length of 'means' (" + means.Length + ") must equal the length of 'logits' (" + logits.Length + ").", nameof(means));
        }

        if (stdDevs.Length != logits.Length)
        {
            throw new ArgumentException("Length of 'stdDevs' (" + stdDevs.Length + ") must equal the length of 'logits' (" + logits.Length + ").", nameof(stdDevs));
        }

        CheckPositive(stdDevs, nameof(stdDevs));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the span and the index of the first non-positive entry (NaN passes).</summary>
    internal static void CheckPositive(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(name, values[i], "'" + name + "[" + i + "]' must be positive.");
            }
        }
    }

    private static void ValidateGradientSpans(int count, Span<double> dLogits, Span<double> dMeans, Span<double> dStdDevs)
    {
        if (dLogits.Length != count)
        {
            throw new ArgumentException("Length of 'dLogits' must equal the number of components (" + count + ").", nameof(dLogits));
        }

        if (dMeans.Length != count)
        {
            throw new ArgumentException("Length of 'dMeans' must equal the number of components (" + count + ").", nameof(dMeans));
        }

        if (dStdDevs.Length != count)
        {
            throw new ArgumentException("Length of 'dStdDevs' must equal the number of components (" + count + ").", nameof(dStdDevs));
        }
    }
}
