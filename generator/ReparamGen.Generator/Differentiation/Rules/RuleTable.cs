using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using static ReparamGen.Generator.Differentiation.Rules.Partial;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Rules;

/// <summary>
/// The registry of built-in derivatives: for each function of <c>System.Math</c>/<c>System.MathF</c> (and the
/// same names on <c>double</c>/<c>float</c>, the generic-math spelling) its partial derivatives with respect to
/// each argument, in terms of primal values. A function with no entry has no built-in derivative: a call to it
/// on a differentiated value is RPG0004, never a zero. Textbook derivatives (Abramowitz and Stegun 4.1–4.6);
/// where the result is at hand the partial reuses it (∂eˣ = eˣ, ∂√x = 1/(2√x)).
/// </summary>
internal static class RuleTable
{
    private const string MathType = "global::System.Math";
    private const string MathFType = "global::System.MathF";

    /// <summary>Types whose static methods of these names the table covers.</summary>
    public static IReadOnlyList<string> Owners { get; } = new[] { MathType, MathFType, "double", "float" };

    public static IReadOnlyDictionary<string, BuiltInRule> Rules { get; } = Build();

    /// <summary>The entry for <paramref name="name"/> on <paramref name="owner"/> with that many arguments, if any.</summary>
    public static BuiltInRule? Find(string owner, string name, int argumentCount)
        => IsOwner(owner) && Rules.TryGetValue(name, out var rule) && rule.Accepts(argumentCount) ? rule : null;

    /// <summary>
    /// One of <see cref="Owners"/>, or a generic floating type parameter (<c>T.Exp(x)</c>: the generic-math spelling of
    /// the same functions, whose partials are spelled on <c>T</c> too). Callees are named fully qualified
    /// (<c>global::…</c>) or by a keyword (<c>double</c>), so a bare identifier can only be a type parameter.
    /// </summary>
    public static bool IsOwner(string owner)
        => Owners.Contains(owner)
           || (owner.Length > 0 && owner.IndexOf('.') < 0 && owner.IndexOf(':') < 0
               && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(owner)
               && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(owner) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None);

    private static Dictionary<string, BuiltInRule> Build()
    {
        var rules = new List<BuiltInRule>
        {
            Unary("Exp", c => Times(c.Result())),
            new("Log", 1, 2, false, LogPartial),
            Unary("Log10", c => Over(Product(c.Argument(0), Num(c, Math.Log(10))))),
            Unary("Log2", c => Over(Product(c.Argument(0), Num(c, Math.Log(2))))),
            Unary("Sqrt", c => Over(Product(Num(c, 2), c.Result()))),
            Unary("Cbrt", c => Over(Product(Num(c, 3), Product(c.Result(), c.Result())))),
            new("Pow", 2, 2, false, PowPartial),
            Unary("Sin", c => Times(Fn(c, "Cos", c.Argument(0)))),
            Unary("Cos", c => ((Scaled)Times(Fn(c, "Sin", c.Argument(0)))).Negated()),
            Unary("Tan", c => Times(Sum(Num(c, 1), Product(c.Result(), c.Result())))),
            Unary("Asin", c => Over(Fn(c, "Sqrt", Difference(Num(c, 1), Product(c.Argument(0), c.Argument(0)))))),
            Unary("Acos", c => ((Scaled)Over(Fn(c, "Sqrt", Difference(Num(c, 1), Product(c.Argument(0), c.Argument(0)))))).Negated()),
            Unary("Atan", c => Over(Sum(Num(c, 1), Product(c.Argument(0), c.Argument(0))))),
            new("Atan2", 2, 2, false, Atan2Partial),
            Unary("Sinh", c => Times(Fn(c, "Cosh", c.Argument(0)))),
            Unary("Cosh", c => Times(Fn(c, "Sinh", c.Argument(0)))),
            Unary("Tanh", c => Times(Difference(Num(c, 1), Product(c.Result(), c.Result())))),
            Unary("Asinh", c => Over(Fn(c, "Sqrt", Sum(Product(c.Argument(0), c.Argument(0)), Num(c, 1))))),
            Unary("Acosh", c => Over(Fn(c, "Sqrt", Difference(Product(c.Argument(0), c.Argument(0)), Num(c, 1))))),
            Unary("Atanh", c => Over(Difference(Num(c, 1), Product(c.Argument(0), c.Argument(0))))),

            // |x|: the sign of x without Math.Sign (which throws on NaN); at 0 the right derivative.
            Unary("Abs", c => When(new BinaryExpr(BinaryOp.Less, c.Argument(0), Num(c, 0), IrType.Bool), ((Scaled)One).Negated(), One)),
            new("Min", 2, 2, false, (c, i) => Select(c, i, BinaryOp.LessOrEqual, magnitude: false)),
            new("Max", 2, 2, false, (c, i) => Select(c, i, BinaryOp.GreaterOrEqual, magnitude: false)),
            new("MinMagnitude", 2, 2, false, (c, i) => Select(c, i, BinaryOp.LessOrEqual, magnitude: true)),
            new("MaxMagnitude", 2, 2, false, (c, i) => Select(c, i, BinaryOp.GreaterOrEqual, magnitude: true)),
            new("Clamp", 3, 3, false, ClampPartial),
            new("FusedMultiplyAdd", 3, 3, false, (c, i) => i switch { 0 => Times(c.Argument(1)), 1 => Times(c.Argument(0)), _ => One }),
            new("CopySign", 2, 2, false, (c, i) => i == 0 ? Times(Product(Fn(c, "CopySign", Num(c, 1), c.Argument(0)), Fn(c, "CopySign", Num(c, 1), c.Argument(1)))) : null),

            // x ± one ulp: the result follows x with slope 1 (not a step function of x).
            Unary("BitIncrement", _ => One),
            Unary("BitDecrement", _ => One),

            // x·2ⁿ: n is an integer.
            new("ScaleB", 2, 2, false, (c, i) => i == 0 ? Times(Fn(c, "ScaleB", Num(c, 1), c.Argument(1))) : null),
        };

        // Piecewise constant: derivative zero almost everywhere (RPG0005 when applied to a differentiated value).
        foreach (var name in new[] { "Floor", "Ceiling", "Round", "Truncate", "Sign", "ILogB" })
        {
            rules.Add(new BuiltInRule(name, 1, 3, true, static (_, _) => null));
        }

        return rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    private static BuiltInRule Unary(string name, Func<IPartialInputs, Partial?> partial)
        => new(name, 1, 1, false, (c, i) => i == 0 ? partial(c) : null);

    private static Expr Num(IPartialInputs c, double value) => Number(value, c.Type);

    private static Expr Fn(IPartialInputs c, string name, params Expr[] arguments) => Call(c.Owner, name, c.Type, arguments);

    /// <summary>log_b(x) = ln x / ln b: ∂x = 1/(x·ln b), ∂b = −log_b(x)/(b·ln b).</summary>
    private static Partial? LogPartial(IPartialInputs c, int i)
    {
        if (c.ArgumentCount == 1)
        {
            return Over(c.Argument(0));
        }

        var lnBase = Fn(c, "Log", c.Argument(1));
        return i == 0
            ? Over(Product(c.Argument(0), lnBase))
            : new Scaled(c.Result(), Product(c.Argument(1), lnBase), Negative: true);
    }

    /// <summary>atan2(y, x): ∂y = x/(x² + y²), ∂x = −y/(x² + y²); one divisor, so forward mode divides once.</summary>
    private static Partial Atan2Partial(IPartialInputs c, int i)
    {
        var y = c.Argument(0);
        var x = c.Argument(1);
        var r2 = Sum(Product(x, x), Product(y, y));
        return i == 0 ? Ratio(x, r2) : new Scaled(y, r2, Negative: true);
    }

    private static Partial? PowPartial(IPartialInputs c, int i)
    {
        var x = c.Argument(0);
        if (i == 0)
        {
            var exponent = c.Argument(1);
            if (exponent is LiteralExpr { Code: "2.0" or "2f" } || exponent.Equals(Num(c, 2)))
            {
                return Times(Product(Num(c, 2), x));
            }

            // ∂(xʸ)/∂x = y·x^(y−1), as y·r/x (no second Pow) except at x = 0, where y·x^(y−1) is exact.
            var nonZero = new BinaryExpr(BinaryOp.NotEquals, x, Num(c, 0), IrType.Bool);
            return Times(new ConditionalExpr(nonZero, Quotient(Product(exponent, c.Result()), x), Product(exponent, Fn(c, "Pow", x, Difference(exponent, Num(c, 1)))), c.Type));
        }

        // ∂(xʸ)/∂y = xʸ·ln x, whose limit at x = 0 (y > 0) is 0 where the formula gives 0·(−∞). For x < 0 it does
        // not exist (NaN), but a zero seed must still give a zero term, not NaN·0.
        var atZero = new BinaryExpr(BinaryOp.ConditionalAnd,
            new BinaryExpr(BinaryOp.Equals, x, Num(c, 0), IrType.Bool),
            new BinaryExpr(BinaryOp.Greater, c.Argument(1), Num(c, 0), IrType.Bool), IrType.Bool);
        return new Scaled(new ConditionalExpr(atZero, Num(c, 0), Product(c.Result(), Fn(c, "Log", x)), c.Type), null, ZeroWhenSeedIsZero: true);
    }

    /// <summary>min/max (of values or magnitudes): the selected argument's partial is 1, the other's 0.</summary>
    private static Partial? Select(IPartialInputs c, int i, BinaryOp op, bool magnitude)
    {
        Expr left = c.Argument(0);
        Expr right = c.Argument(1);
        if (left.Equals(right))
        {
            // min(x, x) = x: the first argument carries it (a comparison of x with itself would be CS1718 in generated code).
            return i == 0 ? One : null;
        }

        if (magnitude)
        {
            left = Fn(c, "Abs", left);
            right = Fn(c, "Abs", right);
        }

        var firstSelected = new BinaryExpr(op, left, right, IrType.Bool);
        return i == 0 ? When(firstSelected, One, null) : When(firstSelected, null, One);
    }

    /// <summary>clamp(x, low, high): below low the result is low, above high it is high, else x.</summary>
    private static Partial ClampPartial(IPartialInputs c, int i)
    {
        var below = new BinaryExpr(BinaryOp.Less, c.Argument(0), c.Argument(1), IrType.Bool);
        var above = new BinaryExpr(BinaryOp.Greater, c.Argument(0), c.Argument(2), IrType.Bool);
        return i switch
        {
            0 => When(below, null, When(above, null, One)),
            1 => When(below, One, null),
            _ => When(below, null, When(above, One, null)),
        };
    }
}
