using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// The generator adds members named after the method (<c>MGradient</c>, <c>MTangent</c>, …). Two
/// attributed overloads would both declare <c>MGradient</c>, and a user member of a generated name would
/// clash: both are reported (RPG0013) instead of generating code that does not compile.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>Suffixes of the members generated for <paramref name="method"/> in its role.</summary>
    public static IReadOnlyList<string> Suffixes(MethodIr method)
    {
        var names = new List<string> { "Tangent" };
        var gradient = GradientMembers.Applies(method);
        if (method.Role == MethodRole.ImplicitReparam)
        {
            return method.ReturnType.IsFloatingScalar
                ? new[] { "Gradient", "GradientAt", "WithGradient", "Tangent", "Backward" }
                : new[] { "TangentAt", "Tangent" };
        }

        if (gradient)
        {
            names.AddRange(new[] { "Gradient", "WithGradient", "Backward" });
        }

        if (method.Role == MethodRole.GumbelSoftmax)
        {
            names.AddRange(new[] { "GumbelMax", "Relaxed", "RelaxedTangent", "RelaxedBackward", "StraightThrough", "RelaxedLogDensity" });
        }

        return names;
    }

    public static string? Conflict(IMethodSymbol method, MethodIr model)
    {
        var type = method.ContainingType;
        var suffixes = Suffixes(model);
        if (suffixes.FirstOrDefault(s => method.Name + s == type.Name) is { } named)
        {
            // CS0542: a member cannot have the name of its enclosing type.
            return "its containing type is named '" + type.Name + "', a member name the generator needs (a member cannot have its type's name); rename the type or the method";
        }

        if (suffixes.Contains("Gradient"))
        {
            // A partial method's two parts are one method: the type lists its definition part only.
            var self = method.PartialDefinitionPart ?? method;
            var earlierOverload = type.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Where(m => !SymbolEqualityComparer.Default.Equals(m, self) && m.GetAttributes().Any(IsGenerating) && HasGradientStruct(m))
                .FirstOrDefault(m => DeclaredBefore(m, method));
            if (earlierOverload is not null)
            {
                return "another overload of '" + method.Name + "' is already differentiated and both would declare '" + method.Name + "Gradient'; give one of them another name";
            }
        }

        foreach (var suffix in suffixes)
        {
            var clash = type.GetMembers(method.Name + suffix).FirstOrDefault(m => !m.IsImplicitlyDeclared && m.DeclaringSyntaxReferences.Length > 0
                && !m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.TangentOf)
                && !(suffix == "WithGradient" && IsDistinctWithGradientOverload(m, method)));
            if (clash is not null)
            {
                return "'" + type.Name + "' already declares '" + clash.Name + "', a name the generator needs; rename it or the method";
            }
        }

        return null;
    }

    /// <summary>
    /// A user overload of <c>MWithGradient</c> that C# tells apart from the generated ones, e.g. a batch taking the
    /// counter-based <c>Philox</c> generator where the generated batch takes any <c>Random</c>: for a method with scalar
    /// parameters only, the generated forms are <c>MWithGradient(parameters…)</c> and the batch
    /// <c>MWithGradient(parameters as spans…, Span&lt;T&gt; outputs…)</c>; a user method whose parameter types match
    /// neither is an overload, not a clash. (Methods with span parameters keep the name to themselves: their
    /// <c>MWithGradient(inputs…, gradients…)</c> member is left out when the name is taken.)
    /// </summary>
    private static bool IsDistinctWithGradientOverload(ISymbol member, IMethodSymbol method)
    {
        if (member is not IMethodSymbol user || method.Parameters.Any(p => TypeMapper.Map(p.Type).Shape != ShapeKind.Scalar))
        {
            return false;
        }

        var scalar = method.Parameters.Select(p => p.Type).ToList();
        if (user.Parameters.Length == scalar.Count && user.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, scalar[i])).All(same => same))
        {
            return false;
        }

        // The batch form: each floating parameter as a ReadOnlySpan of its type, the others as they are, then Span outputs.
        string Batch(ITypeSymbol t) => TypeMapper.Map(t).IsFloatingScalar ? "System.ReadOnlySpan<" + t.ToDisplayString() + ">" : t.ToDisplayString();
        var prefixMatches = user.Parameters.Length >= method.Parameters.Length
            && method.Parameters.Select((p, i) => Batch(p.Type) == user.Parameters[i].Type.ToDisplayString()).All(same => same);
        var outputsMatch = user.Parameters.Skip(method.Parameters.Length).All(p => p.Type.ToDisplayString() == "System.Span<" + method.ReturnType.ToDisplayString() + ">");
        return !(prefixMatches && outputsMatch);
    }

    private static bool IsGenerating(AttributeData attribute)
        => attribute.AttributeClass?.ToDisplayString() is { } name && KnownNames.IsGenerating(name);

    /// <summary>
    /// The gradient struct (<c>MGradient</c>) is a nested <c>record struct</c>, which C# does not allow in an interface
    /// with <c>in</c>/<c>out</c> type parameters (CS8427): the reason, or null when the type can hold it.
    /// </summary>
    public static string? CannotHoldGradientStruct(IMethodSymbol method, MethodIr model)
    {
        var type = method.ContainingType;
        return type.TypeKind == TypeKind.Interface && type.TypeParameters.Any(t => t.Variance != VarianceKind.None) && Suffixes(model).Contains("Gradient")
            ? "its gradient struct '" + method.Name + "Gradient' would be nested in '" + type.Name + "', an interface with 'in' or 'out' type parameters, where C# allows no nested types; move the method to a class or remove the variance"
            : null;
    }

    /// <summary>
    /// A user [TangentOf] rule for <paramref name="method"/> named <c>MTangent</c> in the same type: the rule is the
    /// method's tangent (it follows the same convention, so it has the generated member's signature).
    /// </summary>
    /// <summary>
    /// The type already declares a member named <c>MBackward</c> (a hand-written reverse mode): the generated one, for
    /// span inputs and outputs, is left out instead of clashing with it.
    /// </summary>
    public static bool HasUserBackward(IMethodSymbol method)
        => !method.ContainingType.GetMembers(method.Name + "Backward").IsEmpty;

    /// <summary>The type already declares a member named <c>MWithGradient</c>: the span convenience member is left out.</summary>
    public static bool HasUserWithGradient(IMethodSymbol method)
        => !method.ContainingType.GetMembers(method.Name + "WithGradient").IsEmpty;

    public static bool HasUserTangentRule(IMethodSymbol method)
        => method.ContainingType.GetMembers(method.Name + KnownNames.TangentSuffix).OfType<IMethodSymbol>().Any(rule =>
            rule.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.TangentOf
                                          && a.ConstructorArguments.Length == 2
                                          && a.ConstructorArguments[0].Value is INamedTypeSymbol target
                                          && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.ContainingType.OriginalDefinition)
                                          && a.ConstructorArguments[1].Value as string == method.Name)
            && rule.Parameters.Length > method.Parameters.Length
            && method.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, rule.Parameters[i].Type) && p.RefKind == rule.Parameters[i].RefKind).All(same => same));

    /// <summary>Symbol-level form of <see cref="GradientMembers.Applies"/>.</summary>
    private static bool HasGradientStruct(IMethodSymbol method)
    {
        var parameters = method.Parameters.Select(p => (Type: TypeMapper.Map(p.Type), p.RefKind, Noise: CallResolver.IsHeldConstant(p))).ToList();
        return TypeMapper.Map(method.ReturnType).IsFloatingScalar
               && (parameters.Any(p => p.Type.IsFloatingScalar && !p.Noise && p.RefKind == RefKind.None) || method.Parameters.Any(CallResolver.IsDifferentiatedStruct))
               && parameters.All(p => !p.Type.IsFloating || p.Noise || (p.Type.IsFloatingScalar && p.RefKind == RefKind.None));
    }

    private static bool DeclaredBefore(IMethodSymbol a, IMethodSymbol b)
    {
        var la = a.Locations.FirstOrDefault();
        var lb = b.Locations.FirstOrDefault();
        if (la?.SourceTree is null || lb?.SourceTree is null)
        {
            return false;
        }

        var byPath = string.CompareOrdinal(la.SourceTree.FilePath, lb.SourceTree.FilePath);
        return byPath < 0 || (byPath == 0 && la.SourceSpan.Start < lb.SourceSpan.Start);
    }
}
