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
            return new IrType(arrayElement, ShapeKind.Array, type.ToDisplayString(FullyQualified));
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && (named.Name == "Span" || named.Name == "ReadOnlySpan"))
        {
            var element = ScalarOf(named.TypeArguments[0]);
            var shape = named.Name == "Span" ? ShapeKind.Span : ShapeKind.ReadOnlySpan;
            return new IrType(element, shape, type.ToDisplayString(FullyQualified));
        }

        return new IrType(ScalarKind.Other, ShapeKind.Scalar, type.ToDisplayString(FullyQualified)) { Fields = StructLayouts.Of(type) };
    }

    private static ScalarKind ScalarOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Single => ScalarKind.Float,
        SpecialType.System_Int32 => ScalarKind.Int32,
        SpecialType.System_Int64 => ScalarKind.Int64,
        SpecialType.System_Boolean => ScalarKind.Bool,
        SpecialType.System_Void => ScalarKind.Void,
        _ => ScalarKind.Other,
    };
}
