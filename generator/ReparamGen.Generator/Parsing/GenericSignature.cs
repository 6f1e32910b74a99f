using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Emit;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Generic methods: one type parameter that generic math makes a floating type (<c>T : INumber&lt;T&gt;</c> or any
/// interface implying it, <c>IFloatingPointIeee754&lt;T&gt;</c> first of all; see <see cref="TypeMapper.IsGenericFloating"/>).
/// Its generated members are generic in the same parameter with the same constraints.
/// </summary>
internal static class GenericSignature
{
    /// <summary>Why a generic method cannot be differentiated (RPG0009), or null when it can (or is not generic).</summary>
    public static string? Refusal(IMethodSymbol method, IR.MethodRole role)
    {
        if (!method.IsGenericMethod)
        {
            return null;
        }

        if (role is not (IR.MethodRole.Reparameterizable or IR.MethodRole.Differentiable))
        {
            return "generic methods are differentiated with [Reparameterizable] and [Differentiable] only (the [" + (role == IR.MethodRole.ImplicitReparam ? "ImplicitReparam" : "GumbelSoftmax")
                   + "] members are written for double); write it for double";
        }

        if (method.TypeParameters.Length > 1)
        {
            return "it has " + method.TypeParameters.Length + " type parameters ('" + string.Join("', '", method.TypeParameters.Select(t => t.Name))
                   + "'); a generic method is differentiated when it has exactly one, constrained to generic floating-point math (where T : IFloatingPointIeee754<T>)";
        }

        var parameter = method.TypeParameters[0];
        if (!TypeMapper.IsGenericFloating(parameter))
        {
            var constraints = parameter.ConstraintTypes.IsEmpty ? "no interface constraint" : "the constraint '" + string.Join(", ", parameter.ConstraintTypes.Select(c => c.ToDisplayString())) + "'";
            return "its type parameter '" + parameter.Name + "' has " + constraints + ", which does not make it a number type; constrain it to generic floating-point math ('where "
                   + parameter.Name + " : IFloatingPointIeee754<" + parameter.Name + ">', or INumber<" + parameter.Name + "> when the body needs only arithmetic and comparisons)";
        }

        return null;
    }

    /// <summary><c>&lt;T&gt;</c> for a generic method, empty otherwise.</summary>
    public static string TypeParameterList(IMethodSymbol method)
        => method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => ExpressionPrinter.Identifier(t.Name))) + ">" : "";

    /// <summary>The method's constraints, fully qualified (<c> where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>).</summary>
    public static string ConstraintClauses(IMethodSymbol method)
    {
        var clauses = new List<string>();
        foreach (var parameter in method.TypeParameters)
        {
            var constraints = new List<string>();
            if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(parameter.ConstraintTypes.Select(c => c.ToDisplayString(TypeMapper.FullyQualified)));
            if (parameter.HasConstructorConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add(" where " + ExpressionPrinter.Identifier(parameter.Name) + " : " + string.Join(", ", constraints));
            }
        }

        return string.Concat(clauses);
    }
}
