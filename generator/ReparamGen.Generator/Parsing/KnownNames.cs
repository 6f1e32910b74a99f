namespace ReparamGen.Generator.Parsing;

/// <summary>Metadata names of the runtime library's attributes and helpers the generator recognises.</summary>
internal static class KnownNames
{
    public const string Reparameterizable = "ReparamGen.ReparameterizableAttribute";
    public const string Differentiable = "ReparamGen.DifferentiableAttribute";
    public const string ImplicitReparam = "ReparamGen.ImplicitReparamAttribute";
    public const string GumbelSoftmax = "ReparamGen.GumbelSoftmaxAttribute";
    public const string Noise = "ReparamGen.NoiseAttribute";
    public const string Constant = "ReparamGen.ConstantAttribute";
    public const string TangentOf = "ReparamGen.TangentOfAttribute";
    public const string BackwardOf = "ReparamGen.BackwardOfAttribute";

    /// <summary>The convergence test whose tangent the differentiator extends (loops "until converged").</summary>
    public const string ConvergenceType = "global::ReparamGen.Convergence";
    public const string ConvergenceMethod = "Reached";

    public const string TangentSuffix = "Tangent";
    public const string GradientSuffix = "WithGradient";
    public const string BackwardSuffix = "Backward";

    /// <summary>The attributes that make the generator add members to a method's type (one per method).</summary>
    public static bool IsGenerating(string metadataName)
        => metadataName is Reparameterizable or Differentiable or ImplicitReparam or GumbelSoftmax;

    public static bool IsGeneratingAttribute(string metadataName)
        => metadataName is Reparameterizable or Differentiable or ImplicitReparam;
}
