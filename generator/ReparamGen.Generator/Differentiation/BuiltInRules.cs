using System;
using System.Collections.Generic;
using ReparamGen.Generator.IR;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>What a built-in rule may ask for: argument values, argument tangents, the call's result.</summary>
internal interface IRuleInputs
{
    /// <summary>The value of argument <paramref name="index"/>, bound to a local if it is not a simple expression.</summary>
    Expr Argument(int index);

    /// <summary>The tangent of argument <paramref name="index"/> in the current direction; null when zero.</summary>
    Expr? ArgumentTangent(int index);

    /// <summary>The call's value, bound to a local.</summary>
    Expr Result();

    /// <summary>A direction-independent factor, bound once so every direction reuses it.</summary>
    Expr Shared(Expr factor);

    int ArgumentCount { get; }
}

/// <summary>
/// Tangent rules for <c>System.Math</c> and <c>System.MathF</c>, and the convergence test. Each rule
/// writes the textbook derivative in terms of argument values and, where cheaper, the result.
/// </summary>
internal static class BuiltInRules
{
    private const string MathType = "global::System.Math";
    private const string MathFType = "global::System.MathF";

    private static readonly HashSet<string> Differentiable = new(StringComparer.Ordinal)
    {
        "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2",
        "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Abs", "Min", "Max", "Clamp", "FusedMultiplyAdd",
        "CopySign", "ScaleB", "MaxMagnitude", "MinMagnitude", "BitIncrement", "BitDecrement",
    };

    /// <summary>Piecewise-constant functions: derivative zero almost everywhere (RPG0005 when applied to an active value).</summary>
    private static readonly HashSet<string> PiecewiseConstant = new(StringComparer.Ordinal)
    {
        "Floor", "Ceiling", "Round", "Truncate", "Sign", "ILogB",
    };

    public static bool IsKnown(string containingType, string name)
        => (containingType == MathType || containingType == MathFType) && (Differentiable.Contains(name) || PiecewiseConstant.Contains(name))
           || (containingType == Parsing.KnownNames.ConvergenceType && name == Parsing.KnownNames.ConvergenceMethod);

    public static bool IsPiecewiseConstant(string rule)
        => rule.StartsWith("global::System.Math", StringComparison.Ordinal) && PiecewiseConstant.Contains(rule.Substring(rule.LastIndexOf('.') + 1));

    /// <summary>The tangent of a call to <paramref name="rule"/> (a fully qualified method name) in one direction.</summary>
    public static Expr? Apply(string rule, IRuleInputs inputs, IrType type)
    {
        var dot = rule.LastIndexOf('.');
        var math = rule.Substring(0, dot);
        var name = rule.Substring(dot + 1);
        Expr X() => inputs.Argument(0);
        Expr Y() => inputs.Argument(1);
        Expr? DX() => inputs.ArgumentTangent(0);
        Expr? DY() => inputs.ArgumentTangent(1);
        Expr R() => inputs.Result();
        Expr Num(double v) => Number(v, type);
        Expr Fn(string f, params Expr[] args) => inputs.Shared(Call(math, f, type, args));

        if (PiecewiseConstant.Contains(name))
        {
            return null;
        }

        switch (name)
        {
            case "Exp":
                return DX() is { } dExp ? Multiply(R(), dExp) : null;
            case "Log" when inputs.ArgumentCount == 1:
                return Divide(DX(), X());
            case "Log":
            {
                // log_b(x) = ln x / ln b: d = (dx/x − log_b(x)·db/b) / ln b.
                var dx = DX();
                var db = DY();
                if (dx is null && db is null)
                {
                    return null;
                }

                var lnBase = Fn("Log", Y());
                return Divide(Subtract(Divide(dx, X()), db is null ? null : Multiply(R(), Divide(db, Y()))), lnBase);
            }

            case "Log10":
                return DX() is { } d10 ? Quotient(d10, Product(X(), Num(Math.Log(10)))) : null;
            case "Log2":
                return DX() is { } d2 ? Quotient(d2, Product(X(), Num(Math.Log(2)))) : null;
            case "Sqrt":
                return DX() is { } dSqrt ? Quotient(dSqrt, Product(Num(2), R())) : null;
            case "Cbrt":
                return DX() is { } dCbrt ? Quotient(dCbrt, Product(Num(3), Product(R(), R()))) : null;
            case "Pow":
                return Pow(inputs, type, math);
            case "Sin":
                return DX() is { } dSin ? Multiply(Fn("Cos", X()), dSin) : null;
            case "Cos":
                return DX() is { } dCos ? Negate(Multiply(Fn("Sin", X()), dCos)) : null;
            case "Tan":
                return DX() is { } dTan ? Multiply(inputs.Shared(Sum(Num(1), Product(R(), R()))), dTan) : null;
            case "Asin":
                return DX() is { } dAsin ? Quotient(dAsin, Fn("Sqrt", Difference(Num(1), Product(X(), X())))) : null;
            case "Acos":
                return DX() is { } dAcos ? Negate(Quotient(dAcos, Fn("Sqrt", Difference(Num(1), Product(X(), X()))))) : null;
            case "Atan":
                return DX() is { } dAtan ? Quotient(dAtan, Sum(Num(1), Product(X(), X()))) : null;
            case "Atan2":
            {
                // atan2(y, x): d = (x·dy − y·dx) / (x² + y²).
                var dy = DX();
                var dx = DY();
                if (dy is null && dx is null)
                {
                    return null;
                }

                var numerator = Subtract(Multiply(Y(), dy), Multiply(X(), dx));
                return Divide(numerator, Sum(Product(Y(), Y()), Product(X(), X())));
            }

            case "Sinh":
                return DX() is { } dSinh ? Multiply(Fn("Cosh", X()), dSinh) : null;
            case "Cosh":
                return DX() is { } dCosh ? Multiply(Fn("Sinh", X()), dCosh) : null;
            case "Tanh":
                return DX() is { } dTanh ? Multiply(inputs.Shared(Difference(Num(1), Product(R(), R()))), dTanh) : null;
            case "Asinh":
                return DX() is { } dAsinh ? Quotient(dAsinh, Fn("Sqrt", Sum(Product(X(), X()), Num(1)))) : null;
            case "Acosh":
                return DX() is { } dAcosh ? Quotient(dAcosh, Fn("Sqrt", Difference(Product(X(), X()), Num(1)))) : null;
            case "Atanh":
                return DX() is { } dAtanh ? Quotient(dAtanh, Difference(Num(1), Product(X(), X()))) : null;
            case "Abs":
                // Sign of x without Math.Sign, which throws on NaN; at 0 the right derivative is used.
                return DX() is { } dAbs ? new ConditionalExpr(new BinaryExpr(BinaryOp.Less, X(), Num(0), IrType.Bool), Negate(dAbs)!, dAbs, dAbs.Type) : null;
            case "Min":
            case "Max":
            case "MinMagnitude":
            case "MaxMagnitude":
                return Select(inputs, type, name);
            case "Clamp":
            {
                var dx = DX();
                var dLow = inputs.ArgumentTangent(1);
                var dHigh = inputs.ArgumentTangent(2);
                if (dx is null && dLow is null && dHigh is null)
                {
                    return null;
                }

                var below = new BinaryExpr(BinaryOp.Less, X(), inputs.Argument(1), IrType.Bool);
                var above = new BinaryExpr(BinaryOp.Greater, X(), inputs.Argument(2), IrType.Bool);
                return new ConditionalExpr(below, dLow ?? Num(0), new ConditionalExpr(above, dHigh ?? Num(0), dx ?? Num(0), type), type);
            }

            case "FusedMultiplyAdd":
                return Add(Add(Multiply(Y(), DX()), Multiply(X(), DY())), inputs.ArgumentTangent(2));
            case "CopySign":
                return DX() is { } dCopy ? Multiply(Product(Fn("CopySign", Num(1), X()), Fn("CopySign", Num(1), Y())), dCopy) : null;
            case "BitIncrement":
            case "BitDecrement":
                // x ± one ulp: the result follows x, slope 1 (not a step function of x).
                return DX();
            case "ScaleB":
                return DX() is { } dScale ? Fn("ScaleB", dScale, Y()) : null;
            default:
                return null;
        }
    }

    private static Expr? Pow(IRuleInputs inputs, IrType type, string math)
    {
        var dx = inputs.ArgumentTangent(0);
        var dy = inputs.ArgumentTangent(1);
        Expr? fromBase = null;
        if (dx is not null)
        {
            var exponent = inputs.Argument(1);
            // d(x^y)/dx = y·x^(y−1), as y·r/x (no second Pow) except at x = 0, where y·x^(y−1) is exact.
            Expr factor;
            if (exponent is LiteralExpr { Code: "2.0" or "2f" })
            {
                factor = Product(Number(2, type), inputs.Argument(0));
            }
            else
            {
                var x = inputs.Argument(0);
                var nonZero = new BinaryExpr(BinaryOp.NotEquals, x, Number(0, type), IrType.Bool);
                factor = new ConditionalExpr(nonZero, Quotient(Product(exponent, inputs.Result()), x), Product(exponent, Call(math, "Pow", type, x, Difference(exponent, Number(1, type)))), type);
            }

            fromBase = Multiply(inputs.Shared(factor), dx);
        }

        Expr? fromExponent = null;
        if (dy is not null)
        {
            // ∂(x^y)/∂y = x^y·ln x, whose limit at x = 0 (y > 0) is 0 where the formula gives 0·(−∞). For x < 0
            // it does not exist (NaN), but a zero dy must still give a zero term, not NaN·0.
            var x = inputs.Argument(0);
            var atZero = new BinaryExpr(BinaryOp.ConditionalAnd,
                new BinaryExpr(BinaryOp.Equals, x, Number(0, type), IrType.Bool),
                new BinaryExpr(BinaryOp.Greater, inputs.Argument(1), Number(0, type), IrType.Bool), IrType.Bool);
            var factor = new ConditionalExpr(atZero, Number(0, type), Product(inputs.Result(), Call(math, "Log", type, x)), type);
            fromExponent = Multiply(inputs.Shared(factor), dy);
            if (dy is not LiteralExpr && fromExponent is not null)
            {
                fromExponent = new ConditionalExpr(new BinaryExpr(BinaryOp.Equals, dy, Number(0, type), IrType.Bool), Number(0, type), fromExponent, type);
            }
        }

        return Add(fromBase, fromExponent);
    }

    private static Expr? Select(IRuleInputs inputs, IrType type, string name)
    {
        var da = inputs.ArgumentTangent(0);
        var db = inputs.ArgumentTangent(1);
        if (da is null && db is null)
        {
            return null;
        }

        var a = inputs.Argument(0);
        var b = inputs.Argument(1);
        if (a.Equals(b))
        {
            // Min(x, x): one argument, so one tangent; a comparison of x with itself would be CS1718 in generated code.
            return da ?? db;
        }

        Expr left = a;
        Expr right = b;
        if (name is "MinMagnitude" or "MaxMagnitude")
        {
            var math = type.Element == ScalarKind.Float ? MathFType : MathType;
            left = Call(math, "Abs", type, a);
            right = Call(math, "Abs", type, b);
        }

        var op = name is "Min" or "MinMagnitude" ? BinaryOp.LessOrEqual : BinaryOp.GreaterOrEqual;
        return new ConditionalExpr(new BinaryExpr(op, left, right, IrType.Bool), da ?? Number(0, type), db ?? Number(0, type), type);
    }
}
