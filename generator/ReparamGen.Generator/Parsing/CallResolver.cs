using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Decides how a callee's tangent is obtained: a built-in rule, the tangent generated for a
/// [Differentiable]-style method, or a [TangentOf] rule declared beside the callee (in source or in
/// metadata, which is how tangents are found across assemblies). Rules declared elsewhere in the
/// compilation are matched later by <see cref="CallTarget.RuleKey"/>.
/// </summary>
internal static class CallResolver
{
    /// <param name="callee">The method called.</param>
    /// <param name="constrainedOwner">
    /// The type parameter a static abstract interface member is called on (<c>T</c> in <c>T.Exp(x)</c>): generated code
    /// names it, not the interface, and the rule table knows generic math's functions on it. Null for other calls.
    /// </param>
    public static CallTarget Resolve(IMethodSymbol callee, string? constrainedOwner = null)
    {
        var containing = constrainedOwner ?? callee.ContainingType.ToDisplayString(TypeMapper.FullyQualified);
        // A generic callee's generated members are generic too: called with the same type arguments (Softplus<T> →
        // SoftplusTangent<T>), so that a member whose type parameter appears in no argument still binds.
        var typeArguments = callee.IsGenericMethod
            ? "<" + string.Join(", ", callee.TypeArguments.Select(t => t.ToDisplayString(TypeMapper.FullyQualified))) + ">"
            : "";
        var name = callee.Name + typeArguments;
        // [ImplicitReparam] and [GumbelSoftmax] methods hold struct parameters constant; every other tangent
        // (generated for [Differentiable]/[Reparameterizable], or a [TangentOf] rule) takes a struct tangent.
        var structsHaveTangents = !callee.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is KnownNames.ImplicitReparam or KnownNames.GumbelSoftmax);
        var parameters = callee.Parameters
            .Select(p => new ParameterSignature(p.Name, TypeMapper.Map(p.Type), KindOf(p.RefKind), structsHaveTangents ? IsDifferentiated(p) : TypeMapper.Map(p.Type).IsFloating && !IsHeldConstant(p)))
            .ToEquatableArray();

        if (BuiltInRules.IsKnown(containing, callee.Name, callee.Parameters.Length))
        {
            return new CallTarget(containing, name, callee.IsStatic, parameters, TangentSourceKind.BuiltIn, null, containing + "." + callee.Name);
        }

        // In source, the generator will emit the tangent. In metadata, only the [TangentOf] marker of a tangent that
        // was actually generated counts (the library may have been built without ReparamGen): see below.
        if (!callee.DeclaringSyntaxReferences.IsEmpty
            && callee.GetAttributes().Any(a => a.AttributeClass is { } c && KnownNames.IsGeneratingAttribute(c.ToDisplayString())))
        {
            var gradient = GradientEligible(callee, parameters) ? new MethodRef(containing, callee.Name + KnownNames.GradientSuffix, typeArguments) : null;
            var backward = BackwardEligible(callee, parameters) ? new MethodRef(containing, callee.Name + KnownNames.BackwardSuffix, typeArguments) : FindBackwardBeside(callee);
            return new CallTarget(containing, name, callee.IsStatic, parameters, TangentSourceKind.TangentMethod, new MethodRef(containing, callee.Name + KnownNames.TangentSuffix, typeArguments), null, gradient, backward)
            {
                GeneratedKey = GeneratedCallee.KeyOf(callee),
            };
        }

        var rule = FindRuleBeside(callee);
        if (rule is not null)
        {
            var gradient = GradientEligible(callee, parameters) && HasGradientBeside(callee) ? new MethodRef(containing, callee.Name + KnownNames.GradientSuffix, typeArguments) : null;
            return new CallTarget(containing, name, callee.IsStatic, parameters, TangentSourceKind.TangentMethod, rule, null, gradient, FindBackwardBeside(callee));
        }

        return new CallTarget(containing, name, callee.IsStatic, parameters, TangentSourceKind.None, null, null);
    }

    /// <summary>Whether the generator makes <c>MWithGradient</c> for this signature (see GradientMembers.Applies).</summary>
    private static bool GradientEligible(IMethodSymbol callee, EquatableArray<ParameterSignature> parameters)
        => TypeMapper.Map(callee.ReturnType).IsFloatingScalar
           && parameters.Any(p => p.IsDifferentiable)
           && parameters.All(p => !p.IsDifferentiable || (p.Type.IsFloatingScalar && p.Kind == ArgumentKind.Value));

    /// <summary>
    /// Whether the generator makes the reverse-mode <c>MBackward</c> for this [Differentiable]/[Reparameterizable] method
    /// in source (see BackwardMember.Applies): always generated for such signatures (by reverse mode, or by forward
    /// mode where the body is not reversible), unless the type declares its own member of that name.
    /// </summary>
    private static bool BackwardEligible(IMethodSymbol callee, EquatableArray<ParameterSignature> parameters)
        => callee.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is KnownNames.Differentiable or KnownNames.Reparameterizable)
           && !GradientEligible(callee, parameters)
           && parameters.Any(p => p.IsDifferentiable && p.Kind != ArgumentKind.Out && p.Type.Shape != ShapeKind.Span)
           && (TypeMapper.Map(callee.ReturnType).IsFloatingScalar || parameters.Any(p => p.IsDifferentiable && (p.Kind == ArgumentKind.Out || p.Type.Shape == ShapeKind.Span)))
           && !parameters.Any(p => p.Type.IsFloating && p.Kind == ArgumentKind.Ref)
           && parameters.All(p => BackwardMember.IsPlainNumber(p.Type))
           && callee.ContainingType.GetMembers(callee.Name + KnownNames.BackwardSuffix).IsEmpty;

    /// <summary>A <c>[BackwardOf(typeof(T), "M")]</c> method beside the callee (generated in another assembly, or written by hand).</summary>
    private static MethodRef? FindBackwardBeside(IMethodSymbol callee)
    {
        foreach (var member in callee.ContainingType.GetMembers())
        {
            if (member is IMethodSymbol beside && SameTypeArguments(beside, callee) is { } candidate && candidate.IsStatic == callee.IsStatic && candidate.Parameters.Length > callee.Parameters.Length
                && BackwardRuleParser.Fits(candidate, callee)
                && candidate.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.BackwardOf
                    && a.ConstructorArguments.Length == 2
                    && a.ConstructorArguments[0].Value is ITypeSymbol target
                    && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, callee.ContainingType.OriginalDefinition)
                    && a.ConstructorArguments[1].Value as string == callee.Name))
            {
                return new MethodRef(candidate.ContainingType.ToDisplayString(TypeMapper.FullyQualified), candidate.Name, TypeArgumentList(candidate));
            }
        }

        return null;
    }

    private static bool HasGradientBeside(IMethodSymbol callee)
        => callee.ContainingType.GetMembers(callee.Name + KnownNames.GradientSuffix).OfType<IMethodSymbol>()
            .Select(m => SameTypeArguments(m, callee)).OfType<IMethodSymbol>()
            .Any(m => m.IsStatic == callee.IsStatic && m.Parameters.Length == callee.Parameters.Length && PrimalParametersMatch(m, callee));

    /// <summary>
    /// A member found beside a generic callee (<c>SoftplusTangent&lt;T&gt;</c> beside <c>Softplus&lt;double&gt;</c>, in
    /// metadata) constructed with the callee's type arguments, so that its parameters compare with the callee's; the
    /// member itself when neither is generic, null when their arities differ.
    /// </summary>
    private static IMethodSymbol? SameTypeArguments(IMethodSymbol member, IMethodSymbol callee)
        => member.Arity != callee.Arity ? null
            : member.Arity == 0 ? member
            : member.OriginalDefinition.Construct(callee.TypeArguments.ToArray());

    /// <summary><c>&lt;double&gt;</c> for a constructed generic method, empty otherwise.</summary>
    private static string TypeArgumentList(IMethodSymbol method)
        => method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(TypeMapper.FullyQualified))) + ">" : "";

    /// <summary>
    /// A struct parameter that carries a tangent of its own type (see <see cref="StructLayouts"/>): passed by value or
    /// <c>in</c>, not [Noise] or [Constant]. <c>out</c> and <c>ref</c> structs are held constant.
    /// </summary>
    public static bool IsDifferentiatedStruct(IParameterSymbol parameter)
        => parameter.RefKind is RefKind.None or RefKind.In
           && TypeMapper.Map(parameter.Type).IsDifferentiableStruct
           && !IsHeldConstant(parameter);

    /// <summary>Whether the tangent convention gives the parameter a tangent: floating values, spans, arrays, and differentiated structs.</summary>
    public static bool IsDifferentiated(IParameterSymbol parameter)
        => (TypeMapper.Map(parameter.Type).IsFloating && !IsHeldConstant(parameter)) || IsDifferentiatedStruct(parameter);

    /// <summary>[Noise] (base randomness) or [Constant] (data): a floating parameter that is not differentiated.</summary>
    public static bool IsHeldConstant(IParameterSymbol parameter)
        => HasAttribute(parameter, KnownNames.Noise) || HasAttribute(parameter, KnownNames.Constant);

    public static ArgumentKind KindOf(RefKind kind) => kind switch
    {
        RefKind.Out => ArgumentKind.Out,
        RefKind.Ref => ArgumentKind.Ref,
        RefKind.In => ArgumentKind.In,
        RefKind.RefReadOnlyParameter => ArgumentKind.RefReadOnly,
        _ => ArgumentKind.Value,
    };

    public static bool HasAttribute(ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    /// <summary>A [TangentOf(typeof(T), "M")] method in T itself that fits the convention (<see cref="TangentRuleParser.Fits"/>).</summary>
    private static MethodRef? FindRuleBeside(IMethodSymbol callee)
    {
        foreach (var member in callee.ContainingType.GetMembers())
        {
            if (member is not IMethodSymbol beside || SameTypeArguments(beside, callee) is not { } candidate || !TangentRuleParser.Fits(candidate, callee))
            {
                continue;
            }

            foreach (var attribute in candidate.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == KnownNames.TangentOf
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is ITypeSymbol target
                    && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, callee.ContainingType.OriginalDefinition)
                    && attribute.ConstructorArguments[1].Value is string targetName
                    && targetName == callee.Name)
                {
                    return new MethodRef(candidate.ContainingType.ToDisplayString(TypeMapper.FullyQualified), candidate.Name, TypeArgumentList(candidate));
                }
            }
        }

        return null;
    }

    private static bool PrimalParametersMatch(IMethodSymbol rule, IMethodSymbol callee)
    {
        for (var i = 0; i < callee.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(rule.Parameters[i].Type, callee.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }
}
