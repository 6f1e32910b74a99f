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
/// arXiv:1607.05690, 2016): <c>εᵈ = F(z_d | z₁ … z_{d−1})</c>, the conditional CDFs. Given the earlier coordinates,
/// coordinate d of a diagonal mixture is again a mixture of normals, with the same component means and deviations
/// in that coordinate and the posterior weights <c>πₖ ∝ wₖ Πⱼ&lt;d φ((zⱼ − μₖⱼ)/σₖⱼ)/σₖⱼ</c>. The ε are independent
/// uniforms whatever the parameters, so differentiating <c>S(z | λ) = ε</c> at fixed ε gives
/// <c>∂z/∂λ = −(∂S/∂z)⁻¹ ∂S/∂λ</c>; ∂S/∂z is lower-triangular (εᵈ depends on z₁ … z_d), so the generated code solves
/// it by forward substitution. <see cref="Standardize"/> is the C# of S; the generator differentiates it in forward
/// mode and emits <c>SampleTangentAt</c> (the Jacobian–vector product at a given sample, along a parameter
/// direction) and <c>SampleTangent</c> (draw, then that product).
/// </para>
/// <para>
/// <b>Numerics</b>: posterior weights are formed in log space with the largest log weight subtracted, so a sample
/// far from every component does not underflow them. Each εᵈ is summed from lower-tail probabilities Φ where it is at
/// most ½ and written as <c>1 − Σ πₖQ</c> from upper-tail probabilities where it is above ½: only the derivatives of S
/// are used, and these are then sums of small accurate terms rather than differences of numbers close to 1.
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
    /// The standardization: <c>eps[d] = F(z_d | z₁ … z_{d−1})</c>, the conditional CDFs of the mixture (see the class
    /// remarks). For a draw z these are independent uniforms on (0, 1).
    /// </summary>
    /// <param name="z">A point, length D.</param>
    /// <param name="logits">Unnormalized log weights, length K ≥ 1.</param>
    /// <param name="means">Component means, row-major K×D.</param>
    /// <param name="stdDevs">Component standard deviations, each &gt; 0, row-major K×D.</param>
    /// <param name="eps">Receives the conditional CDF values, length D.</param>
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
                var a = logits[k];
                for (var j = 0; j < d; j++)
                {
                    var t = (z[j] - means[(k * dim) + j]) / stdDevs[(k * dim) + j];
                    a = a - (0.5 * t * t) - Math.Log(stdDevs[(k * dim) + j]);
                }

                if (a > top)
                {
                    top = a;
                }
            }

            var norm = 0.0;
            var lower = 0.0;
            var upper = 0.0;
            for (var k = 0; k < count; k++)
            {
                var a = logits[k];
                for (var j = 0; j < d; j++)
                {
                    var t = (z[j] - means[(k * dim) + j]) / stdDevs[(k * dim) + j];
                    a = a - (0.5 * t * t) - Math.Log(stdDevs[(k * dim) + j]);
                }

                var w = Math.Exp(a - top);
                var s = (z[d] - means[(k * dim) + d]) / stdDevs[(k * dim) + d];
                norm = norm + w;
                lower = lower + (w * SpecialFunctions.Erfc(-s * InvSqrt2));
                upper = upper + (w * SpecialFunctions.Erfc(s * InvSqrt2));
            }

            if (lower <= upper)
            {
                eps[d] = 0.5 * lower / norm;
            }
            else
            {
                eps[d] = 1.0 - (0.5 * upper / norm);
            }
        }
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
