using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>An expression of the differentiable subset of C#. Every node knows its type.</summary>
internal abstract record Expr(IrType Type);

/// <summary>A constant, already spelled as C# in the invariant culture (<c>2.0</c>, <c>1E-08</c>, <c>0.5f</c>, <c>"text"</c>).</summary>
internal sealed record LiteralExpr(string Code, IrType Type) : Expr(Type);

/// <summary>A local variable or parameter.</summary>
internal sealed record LocalExpr(string Name, IrType Type) : Expr(Type);

internal enum UnaryOp
{
    Negate,
    Plus,
    Not,
    BitwiseNot,

    /// <summary>The null-forgiving postfix <c>x!</c>: no value change, kept so generated code has no nullable warnings.</summary>
    SuppressNullable,
}

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, IrType Type) : Expr(Type);

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equals,
    NotEquals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, IrType Type, LocationInfo? Location = null) : Expr(Type)
{
    /// <summary>
    /// Value equality, as a record's, but walking chains of left operands in a loop: <c>a + b + … + z</c> with
    /// 10,000 terms is 10,000 levels deep, and the generator driver compares models between runs.
    /// </summary>
    public bool Equals(BinaryExpr? other)
    {
        var a = this;
        var b = other;
        while (true)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (b is null || a.Op != b.Op || !Equals(a.Type, b.Type) || !Equals(a.Location, b.Location) || !Equals(a.Right, b.Right))
            {
                return false;
            }

            if (a.Left is BinaryExpr left && b.Left is BinaryExpr otherLeft)
            {
                a = left;
                b = otherLeft;
                continue;
            }

            return Equals(a.Left, b.Left);
        }
    }

    /// <summary>From this node only (equal nodes have equal operators, types and locations): no recursion.</summary>
    public override int GetHashCode()
        => unchecked(((int)Op * 397) ^ Type.GetHashCode() ^ (Location?.GetHashCode() ?? 0));
}

internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, IrType Type) : Expr(Type);

/// <summary>A numeric conversion; <see cref="IsExplicit"/> ones are printed as casts.</summary>
internal sealed record ConvertExpr(Expr Operand, IrType Type, bool IsExplicit, LocationInfo? Location = null) : Expr(Type);

internal enum ArgumentKind
{
    Value,
    Out,
    Ref,
    In,

    /// <summary>A <c>ref readonly</c> parameter: declared so, and passed with <c>in</c> (as C# asks of a variable).</summary>
    RefReadOnly,
}

internal sealed record Argument(ArgumentKind Kind, Expr Value);

/// <summary>A method call; <see cref="Target"/> says how its tangent is obtained.</summary>
internal sealed record CallExpr(CallTarget Target, Expr? Receiver, EquatableArray<Argument> Arguments, IrType Type, LocationInfo? Location) : Expr(Type);

/// <summary><c>collection[index]</c> on a span or array.</summary>
internal sealed record ElementExpr(Expr Collection, Expr Index, IrType Type) : Expr(Type);

/// <summary>A member read that is never differentiated: <c>span.Length</c>, a static field, a property.</summary>
internal sealed record MemberExpr(Expr? Receiver, string Code, IrType Type, LocationInfo? Location = null) : Expr(Type);

/// <summary><c>new T(args)</c>: only for values that are not differentiated (exceptions, <c>Random</c>).</summary>
internal sealed record NewObjectExpr(EquatableArray<Expr> Arguments, IrType Type) : Expr(Type);

/// <summary><c>stackalloc T[length]</c> or <c>new T[length]</c>.</summary>
internal sealed record NewCollectionExpr(Expr Length, bool OnStack, IrType Type) : Expr(Type);

/// <summary><c>default</c> of a type.</summary>
internal sealed record DefaultExpr(IrType Type) : Expr(Type);

/// <summary>
/// <c>value is T</c>: a type test (which is also a null test) from an <c>is</c> pattern on a value that is not
/// differentiated; <see cref="Tested"/> is the type tested for.
/// </summary>
internal sealed record TypeTestExpr(Expr Value, IrType Tested, LocationInfo? Location) : Expr(IrType.Bool);

/// <summary><c>throw e</c> as an expression (<c>x &gt; 0 ? x : throw …</c>): never differentiated, it does not complete.</summary>
internal sealed record ThrowExpr(Expr Exception, IrType Type) : Expr(Type);

/// <summary>One member set by a <see cref="WithExpr"/>: <c>Name = Value</c>.</summary>
internal sealed record MemberInit(string Name, Expr Value);

/// <summary>
/// <c>receiver with { A = x, B = y }</c> on a struct: how generated code builds the tangent or gradient of a
/// differentiable struct, whose members may be fields or <c>init</c> properties (positional records).
/// </summary>
internal sealed record WithExpr(Expr Receiver, EquatableArray<MemberInit> Members, IrType Type) : Expr(Type);
