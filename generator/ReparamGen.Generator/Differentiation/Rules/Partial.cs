using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation.Rules;

/// <summary>
/// One partial derivative ∂f/∂xᵢ of a built-in function, written in terms of primal values (its arguments and
/// its result), never in terms of tangents: forward mode multiplies it by the argument's tangent (Σᵢ ∂ᵢ·dxᵢ),
/// reverse mode by the result's adjoint (x̄ᵢ += ∂ᵢ·ȳ). Both read the same entry of <see cref="RuleTable"/>.
/// </summary>
internal abstract record Partial
{
    /// <summary>∂ = 1.</summary>
    public static Partial One { get; } = new Scaled(null, null);

    public static Partial Times(Expr factor) => new Scaled(factor, null);

    public static Partial Over(Expr divisor) => new Scaled(null, divisor);

    public static Partial Ratio(Expr factor, Expr divisor) => new Scaled(factor, divisor);

    public static Partial When(Expr condition, Partial? whenTrue, Partial? whenFalse) => new Branch(condition, whenTrue, whenFalse);
}

/// <summary>
/// ∂ = ±Factor / Divisor (an absent factor or divisor is 1). <see cref="ZeroWhenSeedIsZero"/>: the factor may be
/// infinite or NaN where the function has no derivative (∂(xʸ)/∂y at x &lt; 0), and a zero tangent or adjoint must
/// still contribute exactly zero there, not NaN·0.
/// </summary>
internal sealed record Scaled(Expr? Factor, Expr? Divisor, bool Negative = false, bool ZeroWhenSeedIsZero = false) : Partial
{
    public Scaled Negated() => this with { Negative = !Negative };

    public Scaled GuardedAtZeroSeed() => this with { ZeroWhenSeedIsZero = true };
}

/// <summary>
/// ∂ = Condition ? WhenTrue : WhenFalse (null: zero). Min, Max, Abs, Clamp: a selection, combined as a selection
/// of tangents (<c>a ≤ b ? da : db</c>) so that the tangent of the branch not taken is never multiplied by zero.
/// </summary>
internal sealed record Branch(Expr Condition, Partial? WhenTrue, Partial? WhenFalse) : Partial;
