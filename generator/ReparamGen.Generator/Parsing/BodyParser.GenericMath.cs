using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Generic math in a method generic over <c>T : INumber&lt;T&gt;</c> (or <c>IFloatingPointIeee754&lt;T&gt;</c>, …):
/// <c>T</c> is a floating type of the IR. Its operators are static abstract interface members
/// (<c>IAdditionOperators&lt;T, T, T&gt;.op_Addition</c>) called on <c>T</c>: they are read as the built-in operators,
/// <c>T.Exp(x)</c> as a call on the owner <c>T</c> (the rule table's entry for <c>Exp</c>), <c>T.Pi</c> as a constant
/// member read, and <c>T.CreateChecked(0.5)</c> of a constant as a constant of <c>T</c>.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>An operator of a generic floating type parameter (<c>x + y</c>, <c>x &lt; y</c>, <c>-x</c> on <c>T</c>).</summary>
    private static bool IsGenericMathOperator(IMethodSymbol? operatorMethod, ITypeSymbol? constrainedTo)
        => operatorMethod is not null && IsGenericFloating(constrainedTo);

    /// <summary>An operator the parser reads as built in: the language's own, or generic math's on <c>T</c>.</summary>
    private static bool IsBuiltInOperator(IBinaryOperation binary)
        => binary.OperatorMethod is null || IsGenericMathOperator(binary.OperatorMethod, binary.ConstrainedToType);

    private static bool IsBuiltInOperator(IUnaryOperation unary)
        => unary.OperatorMethod is null || IsGenericMathOperator(unary.OperatorMethod, unary.ConstrainedToType);

    private static bool IsGenericFloating(ITypeSymbol? type) => type is ITypeParameterSymbol parameter && TypeMapper.IsGenericFloating(parameter);

    /// <summary>
    /// The type a static abstract member is called on (<c>T</c> in <c>T.Exp(x)</c>), spelled as generated code names
    /// it; null when the member is not called through a type parameter.
    /// </summary>
    private static string? ConstrainedOwner(ITypeSymbol? constrainedTo)
        => constrainedTo is null ? null : constrainedTo.ToDisplayString(TypeMapper.FullyQualified);

    /// <summary>
    /// <c>T.CreateChecked(2.0)</c> (or <c>CreateTruncating</c>, <c>CreateSaturating</c>) of a constant: a constant of
    /// <c>T</c>, so that the differentiator folds and simplifies it like a literal. <c>CreateChecked</c> is spelled as
    /// the generator spells every constant of <c>T</c> (<c>T.One</c>, <c>T.CreateChecked(2.0)</c>).
    /// </summary>
    private static LiteralExpr? GenericConstant(IInvocationOperation invocation, IrType type)
    {
        if (!type.IsGenericFloating || type.Shape != ShapeKind.Scalar || !IsGenericFloating(invocation.ConstrainedToType)
            || invocation.TargetMethod.Name is not ("CreateChecked" or "CreateTruncating" or "CreateSaturating")
            || invocation.Arguments.Length != 1 || !invocation.Arguments[0].Value.ConstantValue.HasValue)
        {
            return null;
        }

        var value = invocation.Arguments[0].Value.ConstantValue.Value;
        if (invocation.TargetMethod.Name == "CreateChecked" && AsDouble(value) is { } number)
        {
            return LiteralFormatter.Generic(number, type);
        }

        var literal = LiteralFormatter.TryFormat(value, TypeMapper.Map(invocation.Arguments[0].Value.Type));
        return literal is null || literal.Type.Element == ScalarKind.Other
            ? null
            : new LiteralExpr(type.Code + "." + invocation.TargetMethod.Name + "(" + literal.Code + ")", type);
    }

    /// <summary>
    /// <c>T.CreateChecked(y)</c> of a value (not a constant), or <c>double.CreateChecked(x)</c> of a <c>T</c>: a numeric
    /// conversion, differentiated as a cast is (the tangent converted the same way) and printed back as
    /// <c>CreateChecked</c>. Between floating types <c>CreateTruncating</c> and <c>CreateSaturating</c> round the same
    /// way and are conversions too; to or from an integer type they differ, and stay calls.
    /// </summary>
    private Expr? GenericConversion(IInvocationOperation invocation, IrType type)
    {
        var callee = invocation.TargetMethod;
        if (!callee.IsStatic || invocation.Arguments.Length != 1 || callee.Name is not ("CreateChecked" or "CreateTruncating" or "CreateSaturating"))
        {
            return null;
        }

        var operand = invocation.Arguments[0].Value;
        var from = TypeMapper.Map(operand.Type);
        if (type.Shape != ShapeKind.Scalar || from.Shape != ShapeKind.Scalar || !(type.IsGenericFloating || from.IsGenericFloating)
            || !(type.IsFloating || type.IsIntegral) || !(from.IsFloating || from.IsIntegral)
            || (callee.Name != "CreateChecked" && !(type.IsFloating && from.IsFloating)))
        {
            return null;
        }

        return new ConvertExpr(ParseExpression(operand), type, IsExplicit: true, LocationInfo.From(invocation.Syntax));
    }

    /// <summary>
    /// Generic-math interfaces that the derivative of a function needs beyond the one declaring it: ∂asin x = 1/√(1 − x²)
    /// calls <c>T.Sqrt</c>, ∂(xʸ)/∂y = xʸ·ln x calls <c>T.Log</c>, ∂(a % b)/∂b = −trunc(a/b) calls <c>T.Truncate</c>.
    /// A type parameter constrained to <c>IFloatingPointIeee754&lt;T&gt;</c> has them all; a finer constraint may not.
    /// </summary>
    private static readonly System.Collections.Generic.Dictionary<string, string> DerivativeNeeds = new(System.StringComparer.Ordinal)
    {
        ["Asin"] = "IRootFunctions",
        ["Acos"] = "IRootFunctions",
        ["Asinh"] = "IRootFunctions",
        ["Acosh"] = "IRootFunctions",
        ["Pow"] = "ILogarithmicFunctions",
        ["%"] = "IFloatingPoint",
    };

    /// <summary>
    /// RPG0003 where the derivative of <paramref name="function"/> (a call on, or the operator of, the type parameter
    /// <paramref name="constrainedTo"/>) needs an interface its constraints do not give: generated code must compile.
    /// </summary>
    private void CheckDerivativeNeeds(IOperation operation, ITypeSymbol? constrainedTo, string function)
    {
        if (constrainedTo is not ITypeParameterSymbol parameter || !TypeMapper.IsGenericFloating(parameter)
            || !DerivativeNeeds.TryGetValue(function, out var needed) || Implements(parameter, needed))
        {
            return;
        }

        Unsupported(operation, (function == "%" ? "The '%' operator" : "'" + parameter.Name + "." + function + "'") + " on '" + parameter.Name
            + "', whose constraints do not include " + needed + "<" + parameter.Name + "> (its derivative needs it): constrain '" + parameter.Name
            + "' to IFloatingPointIeee754<" + parameter.Name + ">, or add " + needed + "<" + parameter.Name + ">");
    }

    private static bool Implements(ITypeParameterSymbol parameter, string interfaceName)
    {
        bool Is(ITypeSymbol type) => type is INamedTypeSymbol { TypeArguments.Length: 1 } named && named.Name == interfaceName
                                     && named.ContainingNamespace?.ToDisplayString() == "System.Numerics";
        return parameter.ConstraintTypes.Any(c => Is(c) || c.AllInterfaces.Any(Is));
    }

    /// <summary>A numeric constant that a double holds exactly (integers up to 2⁵³, floats, doubles).</summary>
    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l when System.Math.Abs(l) <= (1L << 53) => l,
        short s => s,
        byte b => b,
        _ => null,
    };

    /// <summary><c>T.Pi</c>, <c>T.One</c>, <c>T.Epsilon</c>: a static member of <c>T</c>, read as a constant.</summary>
    private static Expr? GenericStaticMember(IPropertyReferenceOperation property, IrType type)
    {
        if (property.Instance is not null || property.Property.IsIndexer || !IsGenericFloating(property.ConstrainedToType))
        {
            return null;
        }

        var owner = ConstrainedOwner(property.ConstrainedToType)!;
        return property.Property.Name switch
        {
            "One" when type.IsGenericFloating => LiteralFormatter.Generic(1, type),
            "Zero" when type.IsGenericFloating => LiteralFormatter.Generic(0, type),
            _ => new MemberExpr(null, owner + "." + property.Property.Name, type, LocationInfo.From(property.Syntax)),
        };
    }
}
