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

    /// <summary>A floating literal of the given type: <c>1.0</c> or <c>1f</c>.</summary>
    public static LiteralExpr Number(double value, IrType type)
        => type.Element == ScalarKind.Float ? new LiteralExpr(FormatFloat((float)value), IrType.Float) : new LiteralExpr(FormatDouble(value), IrType.Double);
}
