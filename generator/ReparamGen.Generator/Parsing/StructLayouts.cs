using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Which structs carry a tangent, and through which members. A struct does when it has floating instance members
/// (double and float fields, auto-properties such as a positional record's, nested structs that qualify) and the
/// generated code can write every one of them with a <c>with</c> expression: fields that are not readonly,
/// properties with a <c>set</c> or <c>init</c> accessor, all accessible from the assembly. Its tangent is then a
/// value of the same type whose floating members hold the derivatives; members of other types (int, bool, string)
/// are constants, left at their default in a tangent. Any other struct with floating members is held constant
/// (RPG0014 says so).
/// </summary>
internal static class StructLayouts
{
    /// <summary>Deeper nesting is not followed (a guard against pathological types, not a limit users meet).</summary>
    private const int MaxDepth = 8;

    /// <summary>The floating members of a struct that carries a tangent, or null.</summary>
    public static EquatableArray<StructField>? Of(ITypeSymbol type) => Of(type, 0);

    /// <summary>Whether the type is a struct with floating instance members, differentiable or not.</summary>
    public static bool HasFloatingField(ITypeSymbol type) => HasFloatingField(type, 0);

    private static EquatableArray<StructField>? Of(ITypeSymbol type, int depth)
    {
        if (!IsCandidate(type) || depth > MaxDepth)
        {
            return null;
        }

        // A tuple's members are its ValueTuple fields Item1, Item2, … (element names are aliases of them).
        var declared = type is INamedTypeSymbol { IsTupleType: true, TupleUnderlyingType: { } underlying } ? underlying : type;
        var fields = new List<StructField>();
        foreach (var field in declared.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            var fieldType = field.Type;
            var isFloating = fieldType.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
            var nested = isFloating ? null : Of(fieldType, depth + 1);
            if (!isFloating && nested is null)
            {
                if (HasFloatingField(fieldType, depth + 1) || IsFloatingCollection(fieldType))
                {
                    return null; // a member holding floating values that cannot carry a tangent: the whole struct is constant
                }

                continue; // int, bool, string, …: a constant
            }

            var name = field.AssociatedSymbol is IPropertySymbol property ? property.Name : field.Name;
            if (!IsWritable(field))
            {
                return null;
            }

            var mapped = TypeMapper.Map(fieldType);
            fields.Add(new StructField(name, nested is null ? mapped : mapped with { Fields = nested }));
        }

        return fields.Count == 0 ? null : fields.ToEquatableArray();
    }

    private static bool IsCandidate(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRefLikeType: false, SpecialType: SpecialType.None } named
           && named.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;

    /// <summary>A <c>with</c> expression in generated code can set it (and so can read it).</summary>
    private static bool IsWritable(IFieldSymbol field)
    {
        if (field.AssociatedSymbol is IPropertySymbol property)
        {
            return property.SetMethod is { } setter && IsAccessible(setter) && IsAccessible(property);
        }

        return !field.IsReadOnly && IsAccessible(field);
    }

    /// <summary>Public, or internal and declared in this compilation (internal members of a referenced assembly are out of reach).</summary>
    private static bool IsAccessible(ISymbol member)
        => member.DeclaredAccessibility == Accessibility.Public
           || (member.DeclaredAccessibility == Accessibility.Internal && member.Locations.Any(l => l.IsInSource));

    private static bool IsFloatingCollection(ITypeSymbol type) => TypeMapper.Map(type).IsFloatingCollection;

    private static bool HasFloatingField(ITypeSymbol type, int depth)
        => depth <= MaxDepth && type is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } named
           && named.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
           && type.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic
               && (TypeMapper.Map(f.Type).IsFloating || HasFloatingField(f.Type, depth + 1)));
}
