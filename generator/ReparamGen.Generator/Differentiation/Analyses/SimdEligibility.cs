using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Whether the batch overload of a method can evaluate its samples in SIMD lanes: whether the body of its scalar
/// <c>MWithGradient</c> is straight-line code over <c>double</c> values that vectors can express. Pure: it reads the
/// method and that body, nothing else. A body that does not qualify keeps the scalar loop (not an error).
/// </summary>
/// <remarks>
/// It qualifies when every parameter is a <c>double</c> passed by value or <c>in</c>, the result is <c>double</c>, and
/// the body is a sequence of
/// <list type="bullet">
/// <item>declarations and assignments of <c>double</c> locals;</item>
/// <item><c>if (c) …</c> without <c>else</c> whose condition vectors can express, whatever the branch does (a guard: a
/// chunk where some lane takes it runs through the scalar code, so the branch is never evaluated in lanes);</item>
/// <item><c>if (c) { … } else { … }</c> whose branches are such statements themselves (what the differentiator makes of
/// a <c>?:</c> over differentiated values): both branches are evaluated in every lane, and each variable they assign
/// is selected by the condition's mask, which is safe because nothing here throws or has effects;</item>
/// <item>and last, <c>return new MGradient(…)</c>;</item>
/// </list>
/// over literals, locals, <c>+ − × /</c>, unary minus, comparisons, <c>&amp;&amp; || !</c>, <c>?:</c> (as a select:
/// both sides are evaluated in every lane, which is safe since nothing here can throw or has effects) and the calls
/// of <see cref="SimdFunctions"/>. A float method qualifies likewise with float everywhere (no double in between).
/// </remarks>
internal static class SimdEligibility
{
    /// <summary>
    /// The most IR nodes a qualifying body may hold: the vector loop is built by recursion over expressions, and a
    /// machine-written body of thousands of terms gains little from lanes, so it keeps the scalar loop.
    /// </summary>
    public const int MaxNodes = 1000;

    /// <summary>Null when the body qualifies, else the first reason it does not (for tests and docs).</summary>
    public static string? WhyNot(MethodIr method, BlockStmt withGradientBody)
    {
        var element = method.ReturnType.Element;
        if (element is not (ScalarKind.Double or ScalarKind.Float) || method.ReturnType.Shape != ShapeKind.Scalar)
        {
            return "the result is not double or float";
        }

        if (method.IsInstance)
        {
            return "an instance method";
        }

        foreach (var p in method.Parameters)
        {
            if (!IsLane(p.Type, element) || p.Kind is not (ArgumentKind.Value or ArgumentKind.In))
            {
                return "parameter '" + p.Name + "' is not a " + method.ReturnType.Code + " passed by value";
            }
        }

        if (IrWalker.DescendantsAndSelf(withGradientBody).Skip(MaxNodes).Any())
        {
            return "the body has more than " + MaxNodes + " nodes";
        }

        var statements = withGradientBody.Statements;
        if (statements.Count == 0 || statements[statements.Count - 1] is not ReturnStmt { Value: NewObjectExpr result })
        {
            return "the body does not end in the gradient's construction";
        }

        foreach (var argument in result.Arguments)
        {
            if (!IsVectorValue(argument, element))
            {
                return "a result is not expressible in vectors";
            }
        }

        foreach (var statement in statements.Take(statements.Count - 1))
        {
            if (WhyNot(statement, element) is { } reason)
            {
                return reason + " is not expressible in vectors";
            }
        }

        return null;
    }

    /// <summary>An expression of the lanes' element type that vectors can express.</summary>
    public static bool IsVectorValue(Expr e, ScalarKind element) => IsLane(e.Type, element) && Expressible(e, element);

    /// <summary>A bool expression that vectors can express as a lane mask.</summary>
    public static bool IsVectorMask(Expr e, ScalarKind element) => IsBool(e) && Expressible(e, element);

    private static string? WhyNot(Stmt statement, ScalarKind element) => statement switch
    {
        DeclareStmt { IsConst: false } declare when !IsLane(declare.Type, element) => "a local of type " + declare.Type.Code,
        DeclareStmt { IsConst: false, Initializer: null } => null,
        DeclareStmt { IsConst: false, Initializer: CallExpr call } when SimdFunctions.FindTangent(call, element) is not null
            => IsVectorValue(call.Arguments[0].Value, element) && IsVectorValue(call.Arguments[1].Value, element) ? null : "a tangent call's argument",
        DeclareStmt { IsConst: false, Initializer: { } value } => IsVectorValue(value, element) ? null : "a declaration's value",
        AssignStmt { Target: LocalExpr target, Value: var value } when IsLane(target.Type, element) => IsVectorValue(value, element) ? null : "an assigned value",
        IfStmt { Else: null, Condition: var condition } => IsVectorMask(condition, element) ? null : "a guard's condition",

        // Both branches are evaluated in every lane and their assignments selected by the condition's mask.
        IfStmt { Else: { } otherwise } branch => !IsVectorMask(branch.Condition, element) ? "a branch's condition" : WhyNotBranch(branch.Then, element) ?? WhyNotBranch(otherwise, element),
        _ => "a statement of kind " + statement.GetType().Name,
    };

    private static string? WhyNotBranch(Stmt branch, ScalarKind element)
        => branch is BlockStmt block ? block.Statements.Select(s => WhyNot(s, element)).FirstOrDefault(r => r is not null) : WhyNot(branch, element);

    // Every node, visited without recursion, is one the vector loop can express with operands of the right kind.
    private static bool Expressible(Expr root, ScalarKind element)
    {
        foreach (var node in IrWalker.DescendantsAndSelf(root, static n => n is not ConvertExpr { Operand: LiteralExpr }))
        {
            bool Lane(Expr e) => IsLane(e.Type, element);
            var ok = node switch
            {
                LiteralExpr literal => Lane(literal),
                LocalExpr local => Lane(local),
                ConvertExpr { Operand: LiteralExpr { Type.Element: ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Double or ScalarKind.Float } } convert => Lane(convert),
                ConvertExpr { IsExplicit: false } convert => Lane(convert) && Lane(convert.Operand),
                UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Plus } unary => Lane(unary) && Lane(unary.Operand),
                UnaryExpr { Op: UnaryOp.Not } unary => IsBool(unary) && IsBool(unary.Operand),
                BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b => Lane(b) && Lane(b.Left) && Lane(b.Right),
                BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr or BinaryOp.And or BinaryOp.Or } b => IsBool(b) && IsBool(b.Left) && IsBool(b.Right),
                BinaryExpr { Op: BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.Equals or BinaryOp.NotEquals } b
                    => IsBool(b) && Lane(b.Left) && Lane(b.Right),
                ConditionalExpr c => Lane(c) && IsBool(c.Condition) && Lane(c.WhenTrue) && Lane(c.WhenFalse),
                CallExpr call => Lane(call) && SimdFunctions.Find(call, element) is not null && Lane(call.Arguments[0].Value),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLane(IrType type, ScalarKind element) => type.Element == element && type.Shape == ShapeKind.Scalar && type.Fields is null;

    private static bool IsBool(Expr e) => e.Type.Element == ScalarKind.Bool && e.Type.Shape == ShapeKind.Scalar;
}
