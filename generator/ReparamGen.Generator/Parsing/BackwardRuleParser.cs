using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Checks a user [BackwardOf(typeof(T), "M")] rule against the reverse-mode calling convention (RPG0010 when it does
/// not fit). Rules are found beside the callee by <see cref="CallResolver"/> (in source and in metadata), with the
/// same <see cref="Fits"/>, so that a rule reported here is never used.
/// </summary>
internal static class BackwardRuleParser
{
    public static EquatableArray<DiagnosticInfo> Check(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IMethodSymbol rule)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        EquatableArray<DiagnosticInfo> Fail(string reason)
            => EquatableArray.Create(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTangentRule, LocationInfo.From(rule.Locations.FirstOrDefault()), "[BackwardOf]", rule.Name, reason));

        if (RuleTarget.Read(context, rule, "reverse-mode", out var error) is not { } named)
        {
            return Fail(error!);
        }

        var (targetType, targetName, candidates) = (named.Type, named.Name, named.Candidates);
        if (!SymbolEqualityComparer.Default.Equals(rule.ContainingType.OriginalDefinition, targetType.OriginalDefinition))
        {
            return Fail("it must be declared in '" + targetType.ToDisplayString() + "' itself, where reversed callers look for it");
        }

        return candidates.Any(target => Fits(rule, target))
            ? EquatableArray<DiagnosticInfo>.Empty
            : Fail("expected the primal parameters of '" + targetName + "', then 'seed' when the result is floating, a seed per floating output (ReadOnlySpan<T> for a span, T for an out), then an accumulator per differentiated input (Span<T> for a span or array, ref T for a scalar), returning the primal's result");
    }

    /// <summary>Whether <paramref name="rule"/> follows the reverse-mode calling convention for <paramref name="target"/>.</summary>
    public static bool Fits(IMethodSymbol rule, IMethodSymbol target)
    {
        if (rule.IsStatic != target.IsStatic || !SymbolEqualityComparer.Default.Equals(rule.ReturnType, target.ReturnType))
        {
            return false;
        }

        var expected = target.Parameters.Select(p => (Code: TypeMapper.Map(p.Type).Code, p.RefKind)).ToList();
        if (TypeMapper.Map(target.ReturnType).IsFloatingScalar)
        {
            expected.Add((TypeMapper.Map(target.ReturnType).Code, RefKind.None));
        }

        foreach (var p in target.Parameters)
        {
            var type = TypeMapper.Map(p.Type);
            if (type.IsFloating && !CallResolver.IsHeldConstant(p) && (p.RefKind == RefKind.Out || type.Shape == ShapeKind.Span))
            {
                expected.Add((type.Shape == ShapeKind.Scalar ? type.Code : type.ElementType.AsReadOnlySpan().Code, RefKind.None));
            }
        }

        foreach (var p in target.Parameters)
        {
            var type = TypeMapper.Map(p.Type);
            if (type.IsFloating && !CallResolver.IsHeldConstant(p) && p.RefKind != RefKind.Out && type.Shape != ShapeKind.Span)
            {
                expected.Add(type.Shape == ShapeKind.Scalar ? (type.Code, RefKind.Ref) : (type.ElementType.AsSpan().Code, RefKind.None));
            }
        }

        return rule.Parameters.Length == expected.Count
               && rule.Parameters.Select((p, i) => TypeMapper.Map(p.Type).Code == expected[i].Code && p.RefKind == expected[i].RefKind).All(same => same);
    }
}
