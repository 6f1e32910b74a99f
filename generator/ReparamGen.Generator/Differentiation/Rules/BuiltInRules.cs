using System.Linq;
using ReparamGen.Generator.Differentiation.Rules;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>What forward mode gives a rule beyond primal values: argument tangents, and binding of shared factors.</summary>
internal interface IRuleInputs : IPartialInputs
{
    /// <summary>The tangent of argument <paramref name="index"/> in the current direction; null when zero.</summary>
    Expr? ArgumentTangent(int index);

    /// <summary>A direction-independent factor, bound once so every direction reuses it.</summary>
    Expr Shared(Expr factor);
}

/// <summary>
/// The built-in derivatives as the differentiator asks for them: whether a callee has an entry in
/// <see cref="RuleTable"/>, whether it is piecewise constant, and its tangent (forward mode,
/// <see cref="ForwardRule"/>). Rule names are the fully qualified callee (<c>global::System.Math.Exp</c>).
/// </summary>
internal static class BuiltInRules
{
    public static bool IsKnown(string containingType, string name, int argumentCount)
        => RuleTable.Find(containingType, name, argumentCount) is not null
           || (containingType == Parsing.KnownNames.ConvergenceType && name == Parsing.KnownNames.ConvergenceMethod);

    public static bool IsPiecewiseConstant(string rule)
        => Split(rule) is var (owner, name) && RuleTable.IsOwner(owner) && RuleTable.Rules.TryGetValue(name, out var entry) && entry.PiecewiseConstant;

    /// <summary>The tangent of a call to <paramref name="rule"/> in the current direction of <paramref name="inputs"/>.</summary>
    public static Expr? Apply(string rule, IRuleInputs inputs)
    {
        var (owner, name) = Split(rule);
        return RuleTable.Find(owner, name, inputs.ArgumentCount) is { } entry ? ForwardRule.Tangent(entry, inputs) : null;
    }

    private static (string Owner, string Name) Split(string rule)
    {
        var dot = rule.LastIndexOf('.');
        return (rule.Substring(0, dot), rule.Substring(dot + 1));
    }
}
