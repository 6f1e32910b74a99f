using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Parsing;

/// <summary>Spells constants as C# literals in the invariant culture, so output is byte-identical in every culture.</summary>
internal static class LiteralFormatter
{
    public static LiteralExpr? TryFormat(object? value, IrType type)
    {
        switch (value)
        {
            case double d:
                return new LiteralExpr(FormatDouble(d), IrType.Double);
            case float f:
                return new LiteralExpr(FormatFloat(f), IrType.Float);
            case int i:
                return new LiteralExpr(i.ToString(CultureInfo.InvariantCulture), IrType.Int32);
            case long l:
                return new LiteralExpr(l.ToString(CultureInfo.InvariantCulture) + "L", type);
            case bool b:
                return new LiteralExpr(b ? "true" : "false", IrType.Bool);
            case string s:
                return new LiteralExpr(SymbolDisplay.FormatLiteral(s, quote: true), type);
            case char c:
                return new LiteralExpr(SymbolDisplay.FormatLiteral(c, quote: true), type);
            case null:
                return type.Element == ScalarKind.Other ? new LiteralExpr("null", type) : null;
            default:
                return null;
        }
    }

    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E' }) < 0 ? text + ".0" : text;
    }

    public static string FormatFloat(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>A floating literal of the given type: <c>1.0</c>, <c>1f</c>, or for a generic <c>T</c> <c>T.One</c>.</summary>
    public static LiteralExpr Number(double value, IrType type) => type.Element switch
    {
        ScalarKind.Float => new LiteralExpr(FormatFloat((float)value), IrType.Float),
        ScalarKind.TypeParameter => Generic(value, type.ElementType),
        _ => new LiteralExpr(FormatDouble(value), IrType.Double),
    };

    /// <summary>
    /// A constant of a generic floating type <c>T</c>: <c>T.Zero</c>, <c>T.One</c>, else <c>T.CreateChecked(2.0)</c>
    /// (a double literal never stands where a <c>T</c> is expected: C# has no implicit conversion to <c>T</c>).
    /// </summary>
    public static LiteralExpr Generic(double value, IrType type) => value switch
    {
        0 when System.BitConverter.DoubleToInt64Bits(value) == 0 => new LiteralExpr(type.Code + ".Zero", type),
        1 => new LiteralExpr(type.Code + ".One", type),
        _ => new LiteralExpr(GenericCreate(type, FormatDouble(value)), type),
    };

    /// <summary><c>T.CreateChecked(literal)</c>: how generated code converts a constant to a generic floating type.</summary>
    public static string GenericCreate(IrType type, string literal) => type.Code + ".CreateChecked(" + literal + ")";
}
