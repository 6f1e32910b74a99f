using System;

namespace ReparamGen.Generator.Differentiation.Rules;

/// <summary>What a rule may read to form a partial: argument values and the call's result, bound once.</summary>
internal interface IPartialInputs
{
    /// <summary>Number of arguments of this call.</summary>
    int ArgumentCount { get; }

    /// <summary>The value of argument <paramref name="index"/>, bound to a local if it is not a simple expression.</summary>
    IR.Expr Argument(int index);

    /// <summary>The call's value, bound to a local.</summary>
    IR.Expr Result();

    /// <summary>The type of the call's result (double or float).</summary>
    IR.IrType Type { get; }

    /// <summary>The type the rule was found on (<c>global::System.Math</c>, <c>global::System.MathF</c>, <c>double</c>, <c>float</c>).</summary>
    string Owner { get; }
}

/// <summary>
/// One built-in function: its accepted argument counts, whether it is piecewise constant, and its partial with
/// respect to argument i (null: zero). Partials are requested only for arguments that carry a tangent or need an
/// adjoint, so a rule's expressions are bound only when used.
/// </summary>
internal sealed record BuiltInRule(string Name, int MinArguments, int MaxArguments, bool PiecewiseConstant, Func<IPartialInputs, int, Partial?> PartialOf)
{
    public bool Accepts(int argumentCount) => argumentCount >= MinArguments && argumentCount <= MaxArguments;
}
