using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>Parses a user [TangentOf(typeof(T), "M")] rule and checks it against the tangent calling convention.</summary>
internal static class TangentRuleParser
{
    public static ParseResult<TangentRuleInfo> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IMethodSymbol rule)
        {
            return ParseResult<TangentRuleInfo>.Nothing;
        }

        var location = LocationInfo.From(rule.Locations.FirstOrDefault());
        ParseResult<TangentRuleInfo> Fail(string reason)
            => new(null, EquatableArray.Create(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTangentRule, location, "[TangentOf]", rule.Name, reason)));

        if (RuleTarget.Read(context, rule, "tangent", out var error) is not { } named)
        {
            return Fail(error!);
        }

        var (targetType, targetName, candidates) = (named.Type, named.Name, named.Candidates);
        foreach (var target in candidates)
        {
            if (Fits(rule, target))
            {
                var primalTypes = target.Parameters.Select(p => TypeMapper.Map(p.Type).Code).ToList();
                var key = targetType.ToDisplayString(TypeMapper.FullyQualified) + "." + targetName;
                var tangentMethod = new IR.MethodRef(rule.ContainingType.ToDisplayString(TypeMapper.FullyQualified), rule.Name);
                return new ParseResult<TangentRuleInfo>(new TangentRuleInfo(key, primalTypes.ToEquatableArray(), tangentMethod), EquatableArray<DiagnosticInfo>.Empty);
            }
        }

        return Fail("expected the primal parameters of '" + targetName + "', then one tangent per double/float parameter in order, then 'out' the result's tangent, returning the primal value");
    }

    /// <summary>
    /// Whether <paramref name="rule"/> follows the tangent calling convention for <paramref name="target"/>: the
    /// primal parameters, one tangent of the same type per differentiable parameter, <c>out</c> the result's
    /// tangent when the result is floating, and the primal's return type. Used for rules in this compilation and
    /// for rules found beside a callee (also in metadata), so that both accept the same rules.
    /// </summary>
    public static bool Fits(IMethodSymbol rule, IMethodSymbol target)
    {
        var differentiable = target.Parameters.Select(CallResolver.IsDifferentiated).ToList();
        var floatingResult = TypeMapper.Map(target.ReturnType).IsFloating;
        // Static for a static target (a [TangentOf] rule); an instance tangent for an instance target (the one generated
        // beside an instance method, found in metadata), called on the same receiver.
        if (rule.IsStatic != target.IsStatic
            || rule.Parameters.Length != TangentConvention.ParameterCount(differentiable, floatingResult)
            || !SymbolEqualityComparer.Default.Equals(rule.ReturnType, target.ReturnType))
        {
            return false;
        }

        var fits = true;
        for (var i = 0; i < target.Parameters.Length; i++)
        {
            fits &= SymbolEqualityComparer.Default.Equals(rule.Parameters[i].Type, target.Parameters[i].Type);
        }

        var next = target.Parameters.Length;
        for (var i = 0; i < target.Parameters.Length; i++)
        {
            if (differentiable[i])
            {
                fits &= SymbolEqualityComparer.Default.Equals(rule.Parameters[next].Type, target.Parameters[i].Type);
                next++;
            }
        }

        if (floatingResult)
        {
            fits &= rule.Parameters[next].RefKind == RefKind.Out && SymbolEqualityComparer.Default.Equals(rule.Parameters[next].Type, target.ReturnType);
        }

        return fits;
    }
}
