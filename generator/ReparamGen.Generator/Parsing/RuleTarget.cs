using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ReparamGen.Generator.Parsing;

/// <summary>The method a <c>[TangentOf]</c> or <c>[BackwardOf]</c> rule names, read the same way for both.</summary>
internal sealed record RuleTarget(INamedTypeSymbol Type, string Name, IReadOnlyList<IMethodSymbol> Candidates)
{
    /// <summary>The rule's target and its overloads, or why the rule names none (the rule must be static).</summary>
    public static RuleTarget? Read(GeneratorAttributeSyntaxContext context, IMethodSymbol rule, string ruleKind, out string? error)
    {
        var attribute = context.Attributes.FirstOrDefault();
        if (attribute is null || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol targetType
            || attribute.ConstructorArguments[1].Value is not string targetName)
        {
            error = "the attribute needs a type and a method name";
            return null;
        }

        if (!rule.IsStatic)
        {
            error = "a " + ruleKind + " rule must be static";
            return null;
        }

        var candidates = targetType.GetMembers(targetName).OfType<IMethodSymbol>().ToList();
        if (candidates.Count == 0)
        {
            error = "'" + targetType.ToDisplayString() + "' has no method named '" + targetName + "'";
            return null;
        }

        if (candidates.All(c => !c.IsStatic))
        {
            error = "'" + targetName + "' is an instance method; rules are written for static methods only (mark the instance method [Differentiable] and its derivatives are generated from its body)";
            return null;
        }

        error = null;
        return new RuleTarget(targetType, targetName, candidates);
    }
}
