using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The Dirichlet distribution on the simplex: normalized draws <c>gᵢ / Σ gⱼ</c> with <c>gᵢ ~ Gamma(αᵢ, 1)</c>,
/// differentiated through Gamma's implicit gradient (the generated tangent is a JVP over the concentration span).
/// </summary>
public static partial class Dirichlet
{
    /// <summary>A draw from Dirichlet(concentration), written to <paramref name="sample"/>.</summary>
    /// <param name="concentration">Concentrations αᵢ &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="sample">Receives the draw; same length as <paramref name="concentration"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    [Reparameterizable]
    public static void Sample(ReadOnlySpan<double> concentration, Random rng, Span<double> sample)
    {
        if (sample.Length != concentration.Length)
        {
            throw new ArgumentException("Length of 'sample' must equal the length of 'concentration'.", nameof(sample));
        }

        var total = 0.0;
        for (var i = 0; i < concentration.Length; i++)
        {
            var g = Gamma.StandardSample(concentration[i], rng);
            sample[i] = g;
            total += g;
        }

        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = sample[i] / total;
        }
    }

    /// <summary>
    /// The implicit reparameterization gradient of a Dirichlet sample at a given point, no sampling: writes the K×K
    /// Jacobian <c>jacobian[i·K + j] = ∂zᵢ/∂αⱼ</c> (row-major) as a function of the sample z and the concentrations alone.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A sample drawn as <c>zᵢ = gᵢ/S</c>, <c>gᵢ ~ Gamma(αᵢ, 1)</c>, <c>S = Σ gₖ</c>, moves with αⱼ as
    /// <c>∂zᵢ/∂αⱼ = (δᵢⱼ − zᵢ)·(∂gⱼ/∂αⱼ)/S</c>, which depends on the Gammas, not only on z. This member returns the
    /// conditional expectation of that Jacobian given z, which is a function of z:
    /// <c>∂zᵢ/∂αⱼ = (δᵢⱼ − zᵢ)·cⱼ</c> with <c>cⱼ = Dⱼ/(1 − zⱼ)</c>, where <c>Dⱼ = −∂ₐI_{zⱼ}(a, b)/∂ₓI_{zⱼ}(a, b)</c> is the
    /// implicit gradient of the marginal <c>zⱼ ~ Beta(a = αⱼ, b = Σ_{k≠j} αₖ)</c> in its first shape with the second held
    /// fixed (<see cref="ImplicitDerivatives.Beta(double, double, double, out double, out double)"/>).
    /// </para>
    /// <para>
    /// Why: given z, S is independent of z (S ~ Gamma(Σα, 1)) and gⱼ = zⱼS, so <c>E[(∂gⱼ/∂αⱼ)/S | z] = Hⱼ(zⱼ)</c> for some
    /// function Hⱼ. Varying αⱼ alone moves the marginal Beta(αⱼ, Σ_{k≠j}αₖ) of zⱼ; its pathwise derivative on the Gamma
    /// path is <c>(1 − zⱼ)(∂gⱼ/∂αⱼ)/S</c>, and the conditional expectation of any pathwise derivative of a one-dimensional
    /// law given the sample is that law's implicit gradient (both solve the same continuity equation). Hence
    /// <c>(1 − zⱼ)Hⱼ(zⱼ) = Dⱼ(zⱼ)</c>. Being a conditional expectation of an unbiased pathwise gradient, the result is
    /// itself unbiased for <c>∇α E[f(z)]</c> (Rao–Blackwellized). The diagonal is the marginal Beta gradient
    /// <c>∂zⱼ/∂αⱼ = Dⱼ</c>; each column sums to 0 (the sample stays on the simplex); and
    /// <c>E[∂zᵢ/∂αⱼ] = ∂E[zᵢ]/∂αⱼ = (δᵢⱼα₀ − αᵢ)/α₀²</c>, α₀ = Σα. PyTorch's <c>_dirichlet_grad</c> computes the same cⱼ
    /// (with approximations; these use the Beta implicit derivative accurate to ~1e-12).
    /// </para>
    /// <para>Cost: K Beta implicit derivatives (continued fractions) and K² writes. <see cref="SampleTangentAt"/> and
    /// <see cref="SampleBackwardAt"/> give the Jacobian–vector products in O(K) beyond the K derivatives.</para>
    /// </remarks>
    /// <param name="z">A point of the simplex (coordinates in [0, 1]); typically a draw from <see cref="Sample"/>.</param>
    /// <param name="concentration">Concentrations αᵢ &gt; 0.</param>
    /// <param name="jacobian">Receives ∂zᵢ/∂αⱼ at index i·K + j; length K².</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A concentration is not positive, or a coordinate of z is outside [0, 1].</exception>
    public static void SampleGradientAt(ReadOnlySpan<double> z, ReadOnlySpan<double> concentration, Span<double> jacobian)
    {
        var k = concentration.Length;
        if (jacobian.Length != k * k)
        {
            throw new ArgumentException("Length of 'jacobian' must be the square of the length of 'concentration'.", nameof(jacobian));
        }

        Span<double> c = k <= 64 ? stackalloc double[k] : new double[k];
        ColumnScales(z, concentration, c);
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                jacobian[i * k + j] = ((i == j ? 1.0 : 0.0) - z[i]) * c[j];
            }
        }
    }

    /// <summary>
    /// Forward mode of <see cref="SampleGradientAt"/>: <c>dZᵢ = Σⱼ ∂zᵢ/∂αⱼ·dαⱼ = cᵢdαᵢ − zᵢ·Σⱼ cⱼdαⱼ</c> at a given sample.
    /// </summary>
    /// <param name="z">A point of the simplex.</param>
    /// <param name="concentration">Concentrations αᵢ &gt; 0.</param>
    /// <param name="dConcentration">Tangent of the concentrations.</param>
    /// <param name="dZ">Receives the sample's tangent.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A concentration is not positive, or a coordinate of z is outside [0, 1].</exception>
    public static void SampleTangentAt(ReadOnlySpan<double> z, ReadOnlySpan<double> concentration, ReadOnlySpan<double> dConcentration, Span<double> dZ)
    {
        var k = concentration.Length;
        CheckLength(k, dConcentration.Length, nameof(dConcentration));
        CheckLength(k, dZ.Length, nameof(dZ));
        Span<double> c = k <= 64 ? stackalloc double[k] : new double[k];
        ColumnScales(z, concentration, c);
        var mixed = 0.0;
        for (var j = 0; j < k; j++)
        {
            c[j] *= dConcentration[j];
            mixed += c[j];
        }

        for (var i = 0; i < k; i++)
        {
            dZ[i] = c[i] - z[i] * mixed;
        }
    }

    /// <summary>
    /// Reverse mode of <see cref="SampleGradientAt"/>: adds <c>Σᵢ upstreamᵢ·∂zᵢ/∂αⱼ = cⱼ·(upstreamⱼ − Σᵢ zᵢ·upstreamᵢ)</c>
    /// to <c>gradConcentration[j]</c>, at a given sample.
    /// </summary>
    /// <param name="z">A point of the simplex.</param>
    /// <param name="concentration">Concentrations αᵢ &gt; 0.</param>
    /// <param name="upstream">∂L/∂zᵢ.</param>
    /// <param name="gradConcentration">Accumulates ∂L/∂αⱼ.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A concentration is not positive, or a coordinate of z is outside [0, 1].</exception>
    public static void SampleBackwardAt(ReadOnlySpan<double> z, ReadOnlySpan<double> concentration, ReadOnlySpan<double> upstream, Span<double> gradConcentration)
    {
        var k = concentration.Length;
        CheckLength(k, upstream.Length, nameof(upstream));
        CheckLength(k, gradConcentration.Length, nameof(gradConcentration));
        Span<double> c = k <= 64 ? stackalloc double[k] : new double[k];
        ColumnScales(z, concentration, c);
        var projected = 0.0;
        for (var i = 0; i < k; i++)
        {
            projected += z[i] * upstream[i];
        }

        for (var j = 0; j < k; j++)
        {
            gradConcentration[j] += c[j] * (upstream[j] - projected);
        }
    }

    // cⱼ = Dⱼ/(1 − zⱼ), Dⱼ the implicit gradient of the marginal Beta(αⱼ, Σ_{k≠j}αₖ) in its first shape. The second shape
    // is summed from prefix and suffix sums (not α₀ − αⱼ, which cancels when αⱼ dominates).
    private static void ColumnScales(ReadOnlySpan<double> z, ReadOnlySpan<double> concentration, Span<double> c)
    {
        var k = concentration.Length;
        CheckLength(k, z.Length, nameof(z));
        for (var j = 0; j < k; j++)
        {
            if (!(concentration[j] > 0))
            {
                Guard.ThrowNotPositive(nameof(concentration), concentration[j]);
            }

            if (z[j] < 0 || z[j] > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(z), z[j], "The coordinates of a Dirichlet sample lie in [0, 1].");
            }
        }

        // c temporarily holds the suffix sums Σ_{m>j} αₘ.
        var suffix = 0.0;
        for (var j = k - 1; j >= 0; j--)
        {
            c[j] = suffix;
            suffix += concentration[j];
        }

        var prefix = 0.0;
        for (var j = 0; j < k; j++)
        {
            var others = prefix + c[j];
            prefix += concentration[j];
            if (k == 1)
            {
                c[j] = 0; // a one-point simplex: z = 1 whatever α
                continue;
            }

            ImplicitDerivatives.Beta(z[j], concentration[j], others, out var d, out _);
            var y = 1.0 - z[j];
            c[j] = y == 0 ? 0 : d / y; // z_j = 1: the sample sits at a vertex and cannot move (d = 0)
        }
    }

    private static void CheckLength(int expected, int actual, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException("Length of '" + name + "' must equal the length of 'concentration'.", name);
        }
    }

    /// <summary>The log-density <c>Σ (αᵢ − 1) log xᵢ − log B(α)</c> at a point of the simplex.</summary>
    /// <param name="x">A point of the simplex.</param>
    /// <param name="concentration">Concentrations αᵢ &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(ReadOnlySpan<double> x, ReadOnlySpan<double> concentration)
    {
        if (x.Length != concentration.Length)
        {
            throw new ArgumentException("Length of 'x' must equal the length of 'concentration'.", nameof(x));
        }

        var sum = 0.0;
        var total = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += ((concentration[i] - 1) * Math.Log(x[i])) - SpecialFunctions.LogGamma(concentration[i]);
            total += concentration[i];
        }

        return sum + SpecialFunctions.LogGamma(total);
    }
}
