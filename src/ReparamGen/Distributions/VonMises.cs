using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The von Mises distribution on the circle, density <c>exp(κ cos(z − μ)) / (2π I₀(κ))</c>. Samples lie in
/// <c>[mean − π, mean + π]</c>, so that <c>∂z/∂mean = 1</c>.
/// </summary>
/// <remarks>
/// Sampling: Best and Fisher (1979), "Efficient simulation of the von Mises distribution". Gradients:
/// implicit reparameterization through the CDF (Hill 1977's series, as in TFP), <c>∂z/∂κ = −∂κF/q</c>.
/// </remarks>
public static partial class VonMises
{
    /// <summary>A draw from VonMises(mean, concentration).</summary>
    /// <param name="mean">Location μ.</param>
    /// <param name="concentration">Concentration κ &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample in [mean − π, mean + π].</returns>
    /// <exception cref="ArgumentOutOfRangeException">The concentration is not positive (NaN propagates).</exception>
    [ImplicitReparam(cdf: nameof(Cdf), Pdf = nameof(Density))]
    public static double Sample(double mean, double concentration, Random rng)
    {
        if (!(concentration > 0))
        {
            Guard.ThrowNotPositive(nameof(concentration), concentration);
            return double.NaN;
        }

        var tau = 1 + Math.Sqrt(1 + (4 * concentration * concentration));
        var rho = (tau - Math.Sqrt(2 * tau)) / (2 * concentration);
        var r = (1 + (rho * rho)) / (2 * rho);
        while (true)
        {
            var z = Math.Cos(Math.PI * StandardNoise.Uniform(rng));
            var f = (1 + (r * z)) / (r + z);
            var c = concentration * (r - f);
            var u2 = StandardNoise.Uniform(rng);
            if ((c * (2 - c)) - u2 > 0 || Math.Log(c / u2) + 1 - c >= 0)
            {
                var angle = Math.Acos(Math.Clamp(f, -1, 1));
                return StandardNoise.Uniform(rng) < 0.5 ? mean - angle : mean + angle;
            }
        }
    }

    /// <summary>The CDF on [mean − π, mean + π] (0 below, 1 above).</summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Location μ.</param>
    /// <param name="concentration">Concentration κ &gt; 0.</param>
    [Differentiable]
    public static double Cdf(double x, double mean, double concentration)
    {
        if (!(concentration > 0))
        {
            Guard.ThrowNotPositive(nameof(concentration), concentration);
        }

        var d = x - mean;
        if (d <= -Math.PI)
        {
            return 0;
        }

        return d >= Math.PI ? 1 : SpecialFunctions.VonMisesCdf(d, concentration);
    }

    /// <summary>The density <c>exp(κ cos(x − μ) − log I₀(κ)) / 2π</c>, formed in log space so that large κ does not overflow.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Location μ.</param>
    /// <param name="concentration">Concentration κ &gt; 0.</param>
    [Differentiable]
    public static double Density(double x, double mean, double concentration) => Math.Exp(LogDensity(x, mean, concentration));

    /// <summary>The log-density <c>κ cos(x − μ) − log(2π I₀(κ))</c>.</summary>
    /// <param name="x">The point.</param>
    /// <param name="mean">Location μ.</param>
    /// <param name="concentration">Concentration κ &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(double x, double mean, double concentration)
    {
        if (!(concentration > 0))
        {
            Guard.ThrowNotPositive(nameof(concentration), concentration);
        }

        return (concentration * Math.Cos(x - mean)) - SpecialFunctions.LogBesselI0(concentration) - Math.Log(2 * Math.PI);
    }
}
