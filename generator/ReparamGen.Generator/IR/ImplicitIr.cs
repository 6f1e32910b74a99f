using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>How the implicit gradient divides: by <c>∂z F</c> (no density given) or by the named density.</summary>
internal enum DensitySource
{
    /// <summary>No density: <c>∂λ z = −∂λ F / ∂z F</c>, both by forward mode through F.</summary>
    FromCdf,

    /// <summary><c>∂λ z = −∂λ F / q</c> with q the named density.</summary>
    Pdf,

    /// <summary>Log space: <c>∂λ z = −exp(log F − log q)·∂λ log F</c>.</summary>
    LogPdf,
}

/// <summary>
/// An [ImplicitReparam] sampler: its signature (the body is a black box), the parsed CDF (or log-CDF)
/// that forward mode differentiates, and how the density enters.
/// </summary>
internal sealed record ImplicitIr(MethodIr Sampler, MethodIr Cdf, DensitySource Density, MethodRef? DensityMethod) : ImplicitModel(Sampler);

/// <summary>What an [ImplicitReparam] sampler parses to: univariate (<see cref="ImplicitIr"/>) or multivariate (<see cref="StandardizeIr"/>).</summary>
internal abstract record ImplicitModel(MethodIr Sampler);

/// <summary>
/// A multivariate [ImplicitReparam(Standardize = …)] sampler: <c>void Sample(λ…, …, Span z)</c> whose
/// standardization <c>void S(ReadOnlySpan z, λ…, Span eps)</c> is [Differentiable]; gradients solve
/// <c>(∇z S) ∂z = −∇λ S · dλ</c>.
/// </summary>
internal sealed record StandardizeIr(MethodIr Sampler, MethodRef StandardizeTangent, string OutputName) : ImplicitModel(Sampler)
{
    /// <summary>The standardization's key (<c>Parsing.GeneratedCallee</c>): the sampler's members call its generated tangent.</summary>
    public string StandardizeKey { get; init; } = "";

    /// <summary>The standardization's name, for diagnostics.</summary>
    public string StandardizeName { get; init; } = "";
}
