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
