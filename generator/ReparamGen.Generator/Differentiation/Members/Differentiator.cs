using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>The Differentiate stage's output: the members to generate, and any diagnostics.</summary>
internal sealed record DifferentiationResult(GeneratedFile? File, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The outcome for the whole compilation's bookkeeping: set by the pipeline from the model differentiated.</summary>
    public GenerationOutcome? Outcome { get; init; }
}

/// <summary>
/// Differentiate stage: <see cref="MethodIr"/> → the generated members (docs/generated-members.md) as IR
/// (<c>MTangent</c>, <c>MWithGradient</c> + <c>MGradient</c>, <c>MBackward</c>, the batch overload).
/// </summary>
internal static class Differentiator
{
    public static DifferentiationResult Differentiate(MethodIr method, EquatableArray<TangentRuleInfo> rules)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var structs = new List<GeneratedStruct>();
        var methods = new List<GeneratedMethod> { TangentMember.Build(method, rules, diagnostics) };
        if (GradientMembers.Applies(method))
        {
            var gradient = GradientMembers.Struct(method);
            structs.Add(gradient);
            var withGradient = GradientMembers.WithGradient(method, gradient, rules, diagnostics);
            methods.Add(withGradient);
            methods.Add(GradientMembers.Backward(method, gradient));
            if (BatchMember.Applies(method))
            {
                methods.Add(BatchMember.Build(method, gradient, withGradient.Body));
            }
        }
        else if (BackwardMember.Build(method, rules, diagnostics) is { } backward)
        {
            methods.Add(backward);
            if (BackwardMember.WithGradient(method, backward) is { } withGradient)
            {
                methods.Add(withGradient);
            }
        }

        // Diagnostics are reported once: both transforms see the same body.
        var distinct = diagnostics.Distinct().ToList();
        if (distinct.Any(d => d.IsError))
        {
            return new DifferentiationResult(null, distinct.ToEquatableArray());
        }

        var file = new GeneratedFile(
            method.HintName,
            method.Namespace,
            method.ContainingTypes,
            method.ContainingTypeCode,
            method.Name,
            method.Accessibility,
            structs.ToEquatableArray(),
            methods.ToEquatableArray())
        {
            IsInstance = method.IsInstance,
            IsReadOnly = method.IsReadOnly,
            TypeParameterList = method.TypeParameterList,
            ConstraintClauses = method.ConstraintClauses,
        };
        return new DifferentiationResult(file, distinct.ToEquatableArray());
    }

    /// <summary>Every name the body and signature already use, so generated names avoid them.</summary>
    public static NameScope NewScope(MethodIr method)
        => new(method.Parameters.Select(p => p.Name).Concat(NameScope.NamesIn(method.Body)));
}
