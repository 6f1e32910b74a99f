using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Parsing;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Smart constructors for tangent expressions. A null tangent means "known to be zero": it is never
/// emitted, and products with it vanish, so no <c>0 * x</c> or <c>x * 1</c> chains reach the output.
/// </summary>
internal static class TangentAlgebra
{
    public static Expr? Add(Expr? left, Expr? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        return right is UnaryExpr { Op: UnaryOp.Negate } negated
            ? new BinaryExpr(BinaryOp.Subtract, left, negated.Operand, Wider(left, right))
            : new BinaryExpr(BinaryOp.Add, left, right, Wider(left, right));
    }

    public static Expr? Subtract(Expr? left, Expr? right)
    {
        if (right is null)
        {
            return left;
        }

        return left is null ? Negate(right) : new BinaryExpr(BinaryOp.Subtract, left, right, Wider(left, right));
    }

    public static Expr? Negate(Expr? value) => value switch
    {
        null => null,
        UnaryExpr { Op: UnaryOp.Negate } negated => negated.Operand,
        LiteralExpr { Code: var code } literal when code.Length > 0 && char.IsDigit(code[0]) => literal with { Code = "-" + code },
        LiteralExpr { Code: var code } literal when code.StartsWith("-", System.StringComparison.Ordinal) && code.Length > 1 && char.IsDigit(code[1]) => literal with { Code = code.Substring(1) },
        _ => new UnaryExpr(UnaryOp.Negate, value, value.Type),
    };

    /// <summary>A product where <paramref name="factor"/> is a primal value and <paramref name="tangent"/> may be zero.</summary>
    public static Expr? Multiply(Expr factor, Expr? tangent)
    {
        if (tangent is null)
        {
            return null;
        }

        if (IsOne(factor))
        {
            return tangent;
        }

        if (IsOne(tangent))
        {
            return factor;
        }

        if (IsMinusOne(factor))
        {
            return Negate(tangent);
        }

        if (IsMinusOne(tangent))
        {
            return Negate(factor);
        }

        if (Fold(factor, tangent, (x, y) => x * y) is { } folded)
        {
            return folded;
        }

        return new BinaryExpr(BinaryOp.Multiply, factor, tangent, Wider(factor, tangent));
    }

    public static Expr? Divide(Expr? tangent, Expr divisor)
    {
        if (tangent is null)
        {
            return null;
        }

        if (IsOne(divisor))
        {
            return tangent;
        }

        return (Expr?)Fold(tangent, divisor, (x, y) => x / y) ?? new BinaryExpr(BinaryOp.Divide, tangent, divisor, Wider(tangent, divisor));
    }

    /// <summary>Folds an operation on two double literals (1.0 / 4.0 → 0.25); float literals are left alone.</summary>
    private static LiteralExpr? Fold(Expr left, Expr right, System.Func<double, double, double> op)
    {
        if (left is LiteralExpr { Type.Element: ScalarKind.Double } a && right is LiteralExpr { Type.Element: ScalarKind.Double } b
            && double.TryParse(a.Code, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
            && double.TryParse(b.Code, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y))
        {
            var value = op(x, y);
            return double.IsNaN(value) || double.IsInfinity(value) ? null : Number(value, IrType.Double);
        }

        return null;
    }

    public static Expr Product(Expr left, Expr right)
        => IsOne(left) ? right : IsOne(right) ? left : new BinaryExpr(BinaryOp.Multiply, left, right, Wider(left, right));

    public static Expr Sum(Expr left, Expr right) => new BinaryExpr(BinaryOp.Add, left, right, Wider(left, right));

    public static Expr Difference(Expr left, Expr right) => new BinaryExpr(BinaryOp.Subtract, left, right, Wider(left, right));

    public static Expr Quotient(Expr left, Expr right) => new BinaryExpr(BinaryOp.Divide, left, right, Wider(left, right));

    public static LiteralExpr Number(double value, IrType type) => LiteralFormatter.Number(value, type.ElementType);

    /// <summary>A zero tangent: <c>0.0</c>, or <c>default(T)</c> for a differentiable struct.</summary>
    public static Expr Zero(IrType type) => type.IsDifferentiableStruct ? new DefaultExpr(type) : Number(0, type);

    public static Expr Call(string containingType, string name, IrType type, params Expr[] arguments)
    {
        var target = new CallTarget(containingType, name, true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null);
        var args = new System.Collections.Generic.List<Argument>();
        foreach (var a in arguments)
        {
            args.Add(new Argument(ArgumentKind.Value, a));
        }

        return new CallExpr(target, null, args.ToEquatableArray(), type, null);
    }

    /// <summary>The call with each argument passed as the parameter it forwards is declared (<c>ref</c>, <c>out</c>, <c>in</c>).</summary>
    public static Expr Forwarding(Expr call, EquatableArray<ParameterIr> parameters)
        => call is CallExpr c && c.Arguments.Count == parameters.Count
            ? c with { Arguments = c.Arguments.Select((a, i) => a with { Kind = parameters.AsImmutableArray()[i].Kind }).ToEquatableArray() }
            : call;

    public static bool IsOne(Expr e) => e is LiteralExpr { Code: "1.0" or "1f" or "1" } || (e is LiteralExpr { Type.IsGenericFloating: true } one && one.Equals(Number(1, one.Type)));

    private static bool IsMinusOne(Expr e) => e is LiteralExpr { Code: "-1.0" or "-1f" or "-1" } || (e is LiteralExpr { Type.IsGenericFloating: true } minusOne && minusOne.Equals(Number(-1, minusOne.Type)));

    internal static IrType Wider(Expr a, Expr b)
        => a.Type.Element == ScalarKind.Double || b.Type.Element == ScalarKind.Double ? IrType.Double
            : a.Type.Element == ScalarKind.Float || b.Type.Element == ScalarKind.Float ? IrType.Float : a.Type;
}
