using System;

namespace ReparamGen;

/// <summary>
/// Marks a static sampler whose body is a black box (rejection sampling, Marsaglia–Tsang, …) and whose
/// gradients come from implicit reparameterization (Figurnov, Mohamed and Mnih 2018):
/// <c>∂λ z = −∂λ F(z | λ) / q(z | λ)</c>, with <c>F</c> the cumulative distribution function named here.
/// </summary>
/// <remarks>
/// The CDF has the signature <c>static double C(double z, λ…)</c> with the sampler's differentiable
/// parameters, by name. <c>∂λ F</c> is obtained by forward-mode differentiation of the CDF's body; the
/// density <c>q</c> comes from <see cref="Pdf"/> when given, else from <c>∂z F</c> by forward mode.
/// For multivariate samplers give <see cref="Standardize"/> instead of a CDF.
/// <example>
/// <code>
/// [ImplicitReparam(cdf: nameof(GammaCdf))]
/// static double Gamma(double shape, double rate, Random rng) => …;      // any sampler
/// static double GammaCdf(double z, double shape, double rate) => SpecialFunctions.RegularizedGammaP(shape, rate * z);
/// // Generated: GammaWithGradient(shape, rate, rng), GammaGradientAt(z, shape, rate), …
/// </code>
/// </example>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ImplicitReparamAttribute : Attribute
{
    /// <summary>Creates the attribute for a multivariate sampler; set <see cref="Standardize"/>.</summary>
    public ImplicitReparamAttribute()
    {
    }

    /// <summary>Creates the attribute for a univariate sampler with the given CDF.</summary>
    /// <param name="cdf">Name of a static method <c>double C(double z, λ…)</c> in the same type; use <c>nameof</c>.</param>
    public ImplicitReparamAttribute(string cdf)
    {
        Cdf = cdf;
    }

    /// <summary>Name of the cumulative distribution function <c>F(z | λ)</c>.</summary>
    public string? Cdf { get; }

    /// <summary>Optional name of the density <c>q(z | λ)</c>; when absent, <c>∂z F</c> is used.</summary>
    public string? Pdf { get; set; }

    /// <summary>
    /// Name of <c>log F(z | λ)</c>, instead of the CDF itself: gradients become
    /// <c>∂λ z = −∂λ log F / ∂z log F</c> (or <c>−exp(log F − log q)·∂λ log F</c> with <see cref="LogPdf"/>),
    /// which stay finite where F and q underflow (samples near the smallest double).
    /// </summary>
    public string? LogCdf { get; set; }

    /// <summary>Optional name of <c>log q(z | λ)</c>, used with <see cref="LogCdf"/>.</summary>
    public string? LogPdf { get; set; }

    /// <summary>
    /// Name of a standardization function
    /// <c>void S(ReadOnlySpan&lt;double&gt; z, λ…, Span&lt;double&gt; eps)</c> whose output law is free of λ;
    /// gradients are <c>∇λ z = −(∇z S)⁻¹ ∇λ S</c>.
    /// </summary>
    public string? Standardize { get; set; }
}
