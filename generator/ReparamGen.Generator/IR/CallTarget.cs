using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

internal enum TangentSourceKind
{
    /// <summary>No tangent known yet; resolved later against [TangentOf] rules of the compilation.</summary>
    None,

    /// <summary>A rule built into the differentiator (System.Math, System.MathF).</summary>
    BuiltIn,

    /// <summary>A tangent method following the calling convention (generated, or a [TangentOf] rule).</summary>
    TangentMethod,
}

/// <summary>One parameter of a callee, as the tangent calling convention needs it.</summary>
internal sealed record ParameterSignature(string Name, IrType Type, ArgumentKind Kind, bool IsDifferentiable);

/// <summary>
/// A resolved callee. Tangent calling convention, shared by generated tangents and [TangentOf] rules:
/// the primal parameters, then a tangent for each differentiable parameter in order (same type and
/// passing mode), then <c>out</c> the result's tangent when the result is floating; returns the primal value.
/// </summary>
internal sealed record CallTarget(
    string ContainingType,
    string Name,
    bool IsStatic,
    EquatableArray<ParameterSignature> Parameters,
    TangentSourceKind TangentSource,
    MethodRef? TangentMethod,
    string? BuiltInRule,
    MethodRef? GradientMethod = null,
    MethodRef? BackwardMethod = null)
{
    /// <summary>
    /// Set when the callee is attributed in this compilation's source, so that its tangent and other members are
    /// generated here: its key (<c>Parsing.GeneratedCallee</c>). If the callee turns out to be refused, the caller is
    /// held back rather than emitted naming members that do not exist.
    /// </summary>
    public string? GeneratedKey { get; init; }

    /// <summary>Key under which [TangentOf] rules are looked up: containing type and method name.</summary>
    public string RuleKey => ContainingType + "." + Name;

    public string Code => ContainingType + "." + Name;
}
