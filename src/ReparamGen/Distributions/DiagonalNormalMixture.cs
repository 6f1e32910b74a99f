using System;

namespace ReparamGen.Distributions;

/// <summary>
/// A mixture of K normals in D dimensions with diagonal covariances: weights <c>w = softmax(logits)</c>, component k
/// has mean row <c>means[k·D .. k·D + D − 1]</c> and standard deviations <c>stdDevs[k·D .. k·D + D − 1]</c>
/// (row-major K×D). Pathwise gradients through the generator's multivariate implicit route.
/// </summary>
/// <remarks>
/// <para>
/// <b>Standardization</b> (A. Graves, "Stochastic backpropagation through mixture density distributions",
/// arXiv:1607.05690, 2016): the conditional CDFs <c>u_d = F(z_d | z₁ … z_{d−1})</c>. Given the earlier coordinates,
/// coordinate d of a diagonal mixture is again a mixture of normals, with the same component means and deviations
/// in that coordinate and the posterior weights <c>πₖ ∝ wₖ Πⱼ&lt;d φ((zⱼ − μₖⱼ)/σₖⱼ)/σₖⱼ</c>. The u are independent
/// uniforms whatever the parameters; <see cref="Standardize"/> returns <c>ε_d = h(u_d)</c> with h the standard Laplace
/// quantile (<c>log 2u</c> for u ≤ ½, <c>−log 2(1 − u)</c> above), a fixed increasing map, so the ε are independent
/// standard Laplace variables whatever the parameters and <c>S(z | λ) = ε</c> is a standardization just as the u are.
/// Differentiating it at fixed ε gives <c>∂z/∂λ = −(∂S/∂z)⁻¹ ∂S/∂λ</c>; ∂S/∂z is lower-triangular (ε_d depends on
/// z₁ … z_d), so the generated code solves it by forward substitution. The generator differentiates
/// <see cref="Standardize"/> in forward mode and emits <c>SampleTangentAt</c> (the Jacobian–vector product at a given
/// sample, along a parameter direction) and <c>SampleTangent</c> (draw, then that product).
/// </para>
/// <para>
/// <b>Numerics</b>. Why the Laplace quantile rather than u itself: far from every component, u (or 1 − u) and all
/// its derivatives underflow together and the triangular solve would divide 0 by 0. Its logarithm does not: the
/// posterior weights are formed in log space with the largest subtracted, the small side (u where u ≤ ½, 1 − u
/// above) is a sum of tail probabilities each in log space (through the scaled complementary error function erfcx
/// beyond the component's mean) and shifted by the largest, so S and its derivatives stay of moderate size hundreds
/// of deviations out, and near the median they are as accurate as u's.
/// </para>
/// <para>
/// <b>Domain</b>: every stdDev &gt; 0 (else <see cref="ArgumentOutOfRangeException"/> naming <c>stdDevs</c> and the
/// index); <c>logits</c> non-empty, <c>means.Length = stdDevs.Length = K·D</c> with D the sample's length (else
/// <see cref="ArgumentException"/> naming the span). NaN propagates.
/// </para>
/// </remarks>
public static partial class DiagonalNormalMixture
{
    private const double InvSqrt2 = 0.70710678118654752440;    // 1/√2
    private const double Ln2 = 0.69314718055994530942;         // log 2

    /// <summary>
    /// A draw from the mixture, written to <paramref name="z"/>: a component k with probability softmax(logits)ₖ, then
    /// independent normals <c>z_d = μₖd + σₖd·ε_d</c>.
    /// </summary>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, row-major K×D.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, row-major K×D.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="z">Receives the sample, length D ≥ 1.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    [ImplicitReparam(Standardize = nameof(Standardize))]
    public static void Sample(ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, Random rng, Span<double> z)
    {
        Validate(z.Length, logits, means, stdDevs);
        ArgumentNullException.ThrowIfNull(rng);
        var dim = z.Length;
        var k = NormalMixture.ChooseComponent(logits, rng);
        if (k < 0)
        {
            z.Fill(double.NaN);
            return;
        }

        for (var d = 0; d < dim; d++)
        {
            z[d] = means[(k * dim) + d] + (stdDevs[(k * dim) + d] * StandardNoise.Normal(rng));
        }
    }

    /// <summary>
    /// The standardization: <c>eps[d] = h(F(z_d | z₁ … z_{d−1}))</c>, the conditional CDFs of the mixture mapped by the
    /// standard Laplace quantile h (<c>log 2u</c> for u ≤ ½, <c>−log 2(1 − u)</c> above), computed in log space (see
    /// the class remarks). For a draw z these are independent standard Laplace variables.
    /// </summary>
    /// <param name="z">A point, length D.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, row-major K×D.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, row-major K×D.</param>
    /// <param name="eps">Receives the standardized values, length D.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    [Differentiable]
    public static void Standardize(ReadOnlySpan<double> z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, Span<double> eps)
    {
        Validate(z.Length, logits, means, stdDevs);
        CheckLength(eps.Length, z.Length);
        var dim = z.Length;
        var count = logits.Length;
        for (var d = 0; d < dim; d++)
        {
            // Largest log posterior weight a_k = logit_k + Σ_{j<d} (−t²/2 − log σ), for the shift.
            var top = double.NegativeInfinity;
            for (var k = 0; k < count; k++)
            {
                var a = LogPosteriorWeight(z, logits, means, stdDevs, k, d);

                if (a > top)
                {
                    top = a;
                }
            }

            // Which side is the small one: F (lower tail, side −1) or 1 − F (upper tail, side +1).
            var norm = 0.0;
            var lower = 0.0;
            var upper = 0.0;
            for (var k = 0; k < count; k++)
            {
                var a = LogPosteriorWeight(z, logits, means, stdDevs, k, d);

                var w = Math.Exp(a - top);
                var s = (z[d] - means[(k * dim) + d]) / stdDevs[(k * dim) + d];
                norm = norm + w;
                lower = lower + (w * SpecialFunctions.Erfc(-s * InvSqrt2));
                upper = upper + (w * SpecialFunctions.Erfc(s * InvSqrt2));
            }

            var side = 1.0;
            if (lower <= upper)
            {
                side = -1.0;
            }

            // log of the small side, Σ πₖ·Q(side·sₖ), with each tail in log space (erfcx beyond 0) and shifted by its
            // largest term: no underflow however far z_d lies from every component.
            var tailTop = double.NegativeInfinity;
            for (var k = 0; k < count; k++)
            {
                var a = LogPosteriorWeight(z, logits, means, stdDevs, k, d);

                var logTail = LogUpperTail(side * (z[d] - means[(k * dim) + d]) / stdDevs[(k * dim) + d]);

                if (a + logTail > tailTop)
                {
                    tailTop = a + logTail;
                }
            }

            var tailSum = 0.0;
            for (var k = 0; k < count; k++)
            {
                var a = LogPosteriorWeight(z, logits, means, stdDevs, k, d);

                var logTail = LogUpperTail(side * (z[d] - means[(k * dim) + d]) / stdDevs[(k * dim) + d]);

                tailSum = tailSum + Math.Exp(a + logTail - tailTop);
            }

            // Standard Laplace quantile of the conditional CDF: log 2F below the median, −log 2(1 − F) above.
            var logSmall = tailTop + Math.Log(tailSum) - top - Math.Log(norm);
            eps[d] = -side * (Ln2 + logSmall);
        }
    }

    /// <summary>
    /// Component k's log posterior weight given the first d coordinates, up to a constant shared by all
    /// components: logit_k + Σ_{j&lt;d} (−t²/2 − log σ_kj), t = (z_j − μ_kj)/σ_kj.
    /// </summary>
    [Differentiable]
    private static double LogPosteriorWeight(ReadOnlySpan<double> z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs, int k, int d)
    {
        var dim = z.Length;
        var a = logits[k];
        for (var j = 0; j < d; j++)
        {
            var t = (z[j] - means[(k * dim) + j]) / stdDevs[(k * dim) + j];
            a = a - (0.5 * t * t) - Math.Log(stdDevs[(k * dim) + j]);
        }

        return a;
    }

    /// <summary>log Q(x), the standard normal upper tail: through erfcx beyond 0, so it does not underflow.</summary>
    [Differentiable]
    private static double LogUpperTail(double x)
    {
        if (x >= 0)
        {
            return Math.Log(0.5 * SpecialFunctions.ErfcxNonNegative(x * InvSqrt2)) - (0.5 * x * x);
        }

        return Math.Log(0.5 * SpecialFunctions.Erfc(x * InvSqrt2));
    }

    /// <summary>The log density <c>log Σₖ wₖ Π_d N(z_d | μₖd, σₖd)</c>, by a max-shifted log-sum-exp.</summary>
    /// <param name="z">The point, length D.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, row-major K×D.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, row-major K×D.</param>
    /// <returns>log q(z).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive.</exception>
    public static double LogDensity(ReadOnlySpan<double> z, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        Validate(z.Length, logits, means, stdDevs);
        var dim = z.Length;
        var count = logits.Length;
        Span<double> terms = count <= 128 ? stackalloc double[count] : new double[count];
        for (var k = 0; k < count; k++)
        {
            var a = logits[k];
            for (var j = 0; j < dim; j++)
            {
                var t = (z[j] - means[(k * dim) + j]) / stdDevs[(k * dim) + j];
                a -= (0.5 * t * t) + Math.Log(stdDevs[(k * dim) + j]) + 0.91893853320467274178;
            }

            terms[k] = a;
        }

        return SpecialFunctions.LogSumExp(terms) - NormalMixture.LogNormalizer(logits);
    }

    /// <summary>Checks lengths (K ≥ 1, D ≥ 1, K·D means and stdDevs) and positive standard deviations.</summary>
    private static void Validate(int dim, ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> stdDevs)
    {
        if (logits.Length == 0)
        {
            throw new ArgumentException("A mixture needs at least one component: 'logits' is empty.", nameof(logits));
        }

        if (dim == 0)
        {
            throw new ArgumentException("The sample 'z' must have at least one coordinate.", "z");
        }

        if (means.Length != logits.Length * dim)
        {
            throw new ArgumentException("Length of 'means' (" + means.Length + ") must be K·D = " + (logits.Length * dim) + ".", nameof(means));
        }

        if (stdDevs.Length != logits.Length * dim)
        {
            throw new ArgumentException("Length of 'stdDevs' (" + stdDevs.Length + ") must be K·D = " + (logits.Length * dim) + ".", nameof(stdDevs));
        }

        NormalMixture.CheckPositive(stdDevs, nameof(stdDevs));
    }

    private static void CheckLength(int epsLength, int dim)
    {
        if (epsLength != dim)
        {
            throw new ArgumentException("Length of 'eps' must equal the length of 'z' (" + dim + ").", "eps");
        }
    }
}
