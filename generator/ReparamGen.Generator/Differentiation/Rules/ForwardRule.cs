using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Rules;

/// <summary>
/// Forward mode from the rule table: the tangent of a built-in call is Σᵢ ∂ᵢ·dxᵢ over the arguments that carry
/// a tangent. Partials with one divisor share one division (atan2: (x·dy − y·dx)/(x² + y²)); selections stay
/// selections of tangents (<c>a ≤ b ? da : db</c>); direction-independent factors are bound once and reused by
/// every direction of vector mode.
/// </summary>
internal static class ForwardRule
{
    public static Expr? Tangent(BuiltInRule rule, IRuleInputs inputs)
    {
        if (rule.PiecewiseConstant)
        {
            return null;
        }

        var terms = new List<(Partial Partial, Expr Tangent)>();
        for (var i = 0; i < inputs.ArgumentCount; i++)
        {
            if (inputs.ArgumentTangent(i) is { } tangent && rule.PartialOf(inputs, i) is { } partial)
            {
                terms.Add((Share(partial, inputs), tangent));
            }
        }

        return Combine(terms, inputs.Type);
    }

    private static Partial Share(Partial partial, IRuleInputs inputs) => partial switch
    {
        Scaled scaled => scaled with
        {
            Factor = scaled.Factor is null ? null : inputs.Shared(scaled.Factor),
            Divisor = scaled.Divisor is null ? null : inputs.Shared(scaled.Divisor),
        },
        Branch branch => branch with
        {
            WhenTrue = branch.WhenTrue is null ? null : Share(branch.WhenTrue, inputs),
            WhenFalse = branch.WhenFalse is null ? null : Share(branch.WhenFalse, inputs),
        },
        _ => partial,
    };

    /// <summary>Σ ∂ᵢ·dᵢ: selections first (split on the first condition), then ratios grouped by divisor.</summary>
    public static Expr? Combine(IReadOnlyList<(Partial Partial, Expr Seed)> terms, IrType type)
    {
        if (terms.Count == 0)
        {
            return null;
        }

        if (terms.Select(t => t.Partial).OfType<Branch>().FirstOrDefault() is { } first)
        {
            List<(Partial, Expr)> Side(bool taken) => terms
                .Select(t => t.Partial is Branch b && Equals(b.Condition, first.Condition) ? (taken ? b.WhenTrue : b.WhenFalse, t.Seed) : ((Partial?)t.Partial, t.Seed))
                .Where(t => t.Item1 is not null)
                .Select(t => (t.Item1!, t.Seed))
                .ToList();
            var whenTrue = Combine(Side(true), type);
            var whenFalse = Combine(Side(false), type);
            return whenTrue is null && whenFalse is null
                ? null
                : new ConditionalExpr(first.Condition, whenTrue ?? Zero(type), whenFalse ?? Zero(type), type);
        }

        Expr? total = null;
        foreach (var group in terms.Select(t => ((Scaled)t.Partial, t.Seed)).GroupBy(t => t.Item1.Divisor))
        {
            if (group.Count() == 1)
            {
                var (scaled, seed) = group.First();
                var term = Term(scaled, seed, type);
                var divided = scaled.Divisor is null ? term : Divide(term, scaled.Divisor);
                total = Add(total, scaled.Negative ? Negate(divided) : divided);
                continue;
            }

            Expr? sum = null;
            foreach (var (scaled, seed) in group)
            {
                var term = Term(scaled, seed, type);
                sum = Add(sum, scaled.Negative ? Negate(term) : term);
            }

            total = Add(total, group.Key is null ? sum : Divide(sum, group.Key));
        }

        return total;
    }

    private static Expr? Term(Scaled scaled, Expr seed, IrType type)
    {
        var term = scaled.Factor is null ? seed : Multiply(scaled.Factor, seed);
        if (scaled.ZeroWhenSeedIsZero && term is not null && seed is not LiteralExpr)
        {
            term = new ConditionalExpr(new BinaryExpr(BinaryOp.Equals, seed, Number(0, type), IrType.Bool), Number(0, type), term, type);
        }

        return term;
    }
}
