using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Parsing;

/// <summary>Maps Roslyn types onto <see cref="IrType"/>, spelling them fully qualified.</summary>
internal static class TypeMapper
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions
            | SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static IrType Map(ITypeSymbol? type)
    {
        if (type is null)
        {
            return IrType.Void;
        }

        var scalar = ScalarOf(type);
        if (scalar == ScalarKind.TypeParameter)
        {
            // 'var e = T.Zero' declares a 'T?' (T is not known to be a value type): the annotation means nothing to
            // values of a number type, and generated code spells the parameter plainly.
            return new IrType(scalar, ShapeKind.Scalar, PlainName(type));
        }

        if (scalar != ScalarKind.Other)
        {
            return scalar switch
            {
                ScalarKind.Double => IrType.Double,
                ScalarKind.Float => IrType.Float,
                ScalarKind.Int32 => IrType.Int32,
                ScalarKind.Bool => IrType.Bool,
                ScalarKind.Void => IrType.Void,
                _ => new IrType(scalar, ShapeKind.Scalar, type.ToDisplayString(FullyQualified)),
            };
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array && ScalarOf(array.ElementType) is var arrayElement && arrayElement != ScalarKind.Other)
        {
            return new IrType(arrayElement, ShapeKind.Array, arrayElement == ScalarKind.TypeParameter ? PlainName(array.ElementType) + "[]" : type.ToDisplayString(FullyQualified));
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && (named.Name == "Span" || named.Name == "ReadOnlySpan"))
        {
            var element = ScalarOf(named.TypeArguments[0]);
            var shape = named.Name == "Span" ? ShapeKind.Span : ShapeKind.ReadOnlySpan;
            var code = element == ScalarKind.TypeParameter ? "global::System." + named.Name + "<" + PlainName(named.TypeArguments[0]) + ">" : type.ToDisplayString(FullyQualified);
            return new IrType(element, shape, code);
        }

        return new IrType(ScalarKind.Other, ShapeKind.Scalar, type.ToDisplayString(FullyQualified)) { Fields = StructLayouts.Of(type) };
    }

    private static string PlainName(ITypeSymbol typeParameter) => Emit.ExpressionPrinter.Identifier(typeParameter.Name);

    private static ScalarKind ScalarOf(ITypeSymbol type) => type is ITypeParameterSymbol parameter
        ? (IsGenericFloating(parameter) ? ScalarKind.TypeParameter : ScalarKind.Other)
        : type.SpecialType switch
    {
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Single => ScalarKind.Float,
        SpecialType.System_Int32 => ScalarKind.Int32,
        SpecialType.System_Int64 => ScalarKind.Int64,
        SpecialType.System_Boolean => ScalarKind.Bool,
        SpecialType.System_Void => ScalarKind.Void,
        _ => ScalarKind.Other,
    };

    /// <summary>
    /// A type parameter of a method whose constraints give it the arithmetic of generic math:
    /// <c>INumber&lt;T&gt;</c> (implied by <c>IFloatingPoint&lt;T&gt;</c>, <c>IFloatingPointIeee754&lt;T&gt;</c>,
    /// <c>IBinaryFloatingPointIeee754&lt;T&gt;</c>, …): operators, comparisons, <c>T.One</c>, <c>T.CreateChecked</c>.
    /// Such a parameter is a floating type of the IR, differentiated like double. Type parameters of types are not:
    /// generated members would need them on every containing type.
    /// </summary>
    public static bool IsGenericFloating(ITypeParameterSymbol parameter)
        => parameter.TypeParameterKind == TypeParameterKind.Method
           && parameter.ConstraintTypes.Any(c => IsNumberOf(c, parameter) || c.AllInterfaces.Any(i => IsNumberOf(i, parameter)));

    private static bool IsNumberOf(ITypeSymbol type, ITypeParameterSymbol parameter)
        => type is INamedTypeSymbol { Name: "INumber", TypeArguments.Length: 1 } named
           && named.ContainingNamespace?.ToDisplayString() == "System.Numerics"
           && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], parameter);
}
