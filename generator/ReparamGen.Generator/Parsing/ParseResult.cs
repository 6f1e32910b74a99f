using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// The Parse stage's output for one attributed declaration, whatever the attribute: the model to differentiate (null
/// when nothing can be generated) and the diagnostics found on the way.
/// </summary>
/// <typeparam name="TModel">
/// <see cref="IR.MethodIr"/> for [Reparameterizable]/[Differentiable]/[GumbelSoftmax] methods,
/// <see cref="IR.ImplicitModel"/> for [ImplicitReparam] samplers, <see cref="TangentRuleInfo"/> for [TangentOf] rules.
/// </typeparam>
internal sealed record ParseResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
    where TModel : class
{
    /// <summary>
    /// The method's key (<see cref="GeneratedCallee.KeyOf"/>), set for the generating attributes even when the
    /// method is refused: a method that calls a refused one cannot name its generated members either.
    /// </summary>
    public string? MethodKey { get; init; }

    public static ParseResult<TModel> Refused(EquatableArray<DiagnosticInfo> diagnostics) => new(null, diagnostics);

    public static ParseResult<TModel> Nothing { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
