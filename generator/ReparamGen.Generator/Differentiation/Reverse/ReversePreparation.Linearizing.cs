using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReversePreparation
{
    /// <summary>
    /// In every assignment of a differentiated value: each call that is not the whole right-hand side goes into a
    /// temporary first (in evaluation order), and each conditional into an <c>if</c>. What is left to differentiate
    /// is arithmetic on variables, which the reverse sweep can evaluate again safely.
    /// </summary>
    private BlockStmt Linearize(BlockStmt body, HashSet<string> active)
        => Block(body.Statements.SelectMany(s => Linearize(s, active)));

    private IEnumerable<Stmt> Linearize(Stmt statement, HashSet<string> active)
    {
        switch (statement)
        {
            case AssignStmt assign when assign.Target.Type.IsFloatingScalar && ActivityAnalysis.References(assign.Value, active):
                return LinearizeAssignment(assign.Target, assign.Value, active);
            case AssignStmt assign when assign.Value is not CallExpr && WritesOutputs(assign.Value, active):
            {
                var pre = new List<Stmt>();
                pre.Add(assign with { Value = HoistOutputCalls(assign.Value, pre, active) });
                return pre;
            }

            case ExpressionStmt { Expression: CallExpr call } when WritesSpanOutputs(call) && ActivityAnalysis.References(call, active):
            {
                // Fill(x * Math.Abs(a), z); a callee with span outputs is reversed as a statement, through its MBackward:
                // calls in its differentiated arguments go to temporaries first, so the reverse sweep never calls them again.
                var pre = new List<Stmt>();
                pre.Add(new ExpressionStmt(WithLinearArguments(call, pre, active)));
                return pre;
            }

            case AssignStmt { Value: CallExpr call } assign when !assign.Target.Type.IsFloatingScalar && WritesSpanOutputs(call) && ActivityAnalysis.References(call, active):
            {
                // c = StraightThrough(w, Math.Exp(t), g, h); as the statement above, its result kept.
                var pre = new List<Stmt>();
                pre.Add(assign with { Value = WithLinearArguments(call, pre, active) });
                return pre;
            }

            case ExpressionStmt { Expression: CallExpr call } when call.Type.Element != ScalarKind.Void && WritesOutputs(call, active):
                // G(x, out y); for its out value: its result goes to a temporary, so the call is reversed as an assignment.
                return new[] { new AssignStmt(HoistedNamed(names.Temporary("t"), call.Type), call) };
            case BlockStmt block:
                return new[] { Linearize(block, active) };
            case IfStmt conditional:
            {
                var pre = new List<Stmt>();
                var condition = HoistOutputCalls(conditional.Condition, pre, active);
                pre.Add(new IfStmt(condition, Block(Flatten(conditional.Then).SelectMany(s => Linearize(s, active))), conditional.Else is null ? null : Block(Flatten(conditional.Else).SelectMany(s => Linearize(s, active)))));
                return pre;
            }

            case WhileStmt loop:
                return new[] { new WhileStmt(loop.Condition, Block(Flatten(loop.Body).SelectMany(s => Linearize(s, active)))) };
            case DoWhileStmt loop:
                return new[] { new DoWhileStmt(Block(Flatten(loop.Body).SelectMany(s => Linearize(s, active))), loop.Condition) };
            case ForStmt loop:
                return new[] { loop with { Body = Block(Flatten(loop.Body).SelectMany(s => Linearize(s, active))) } };
            default:
                return new[] { statement };
        }
    }

    /// <summary>The call with each differentiated scalar argument linearized (its calls moved to temporaries in <paramref name="pre"/>).</summary>
    private CallExpr WithLinearArguments(CallExpr call, List<Stmt> pre, HashSet<string> active)
        => call with
        {
            Arguments = call.Arguments
                .Select(a => a.Kind == ArgumentKind.Value && a.Value.Type.IsFloatingScalar && ActivityAnalysis.References(a.Value, active) ? a with { Value = Linear(a.Value, pre, top: false, active) } : a)
                .ToEquatableArray(),
        };

    /// <summary>Whether the call writes a floating span argument (an output span of the callee).</summary>
    private static bool WritesSpanOutputs(CallExpr call)
        => call.Arguments.Any(a => a.Kind == ArgumentKind.Value && a.Value.Type.IsFloating && a.Value.Type.Shape == ShapeKind.Span);

    private List<Stmt> LinearizeAssignment(Expr target, Expr value, HashSet<string> active)
    {
        var pre = new List<Stmt>();
        if (target is ElementExpr element)
        {
            target = element with { Index = Linear(element.Index, pre, top: false, active) };
        }

        if (value is ThrowExpr thrown)
        {
            pre.Add(new ThrowStmt(thrown.Exception));
            return pre;
        }

        if (value is ConditionalExpr { Condition: LiteralExpr { Code: "true" or "false" } constant } decided)
        {
            // A condition the compiler knows: an if would make the other branch unreachable code (CS0162).
            pre.AddRange(Branch(target, constant.Code == "true" ? decided.WhenTrue : decided.WhenFalse, active));
            return pre;
        }

        if (value is ConditionalExpr conditional && NeedsStatement(conditional, active))
        {
            pre.Add(new IfStmt(HoistOutputCalls(conditional.Condition, pre, active), Block(Branch(target, conditional.WhenTrue, active)), Block(Branch(target, conditional.WhenFalse, active))));
            return pre;
        }

        pre.Add(new AssignStmt(target, Linear(value, pre, top: true, active)));
        return pre;
    }

    /// <summary>One branch of a conditional as an assignment; <c>v = c ? v : e</c> leaves v alone where it selects v (CS1717 otherwise).</summary>
    private IEnumerable<Stmt> Branch(Expr target, Expr value, HashSet<string> active)
        => value.Equals(target) ? System.Array.Empty<Stmt>()
            : ActivityAnalysis.References(value, active) || value is ThrowExpr
            ? LinearizeAssignment(target, value, active)
            : new[] { new AssignStmt(target, value) };

    private Expr Linear(Expr e, List<Stmt> pre, bool top, HashSet<string> active)
    {
        switch (e)
        {
            case CallExpr call:
                var arguments = call.Arguments.Select(a => a.Kind is ArgumentKind.Out or ArgumentKind.Ref ? a : a with { Value = Linear(a.Value, pre, top: false, active) }).ToEquatableArray();
                var linear = call with { Receiver = call.Receiver is null ? null : Linear(call.Receiver, pre, top: false, active), Arguments = arguments };
                if (top || call.Type.Element == ScalarKind.Void)
                {
                    return linear;
                }

                var temporary = HoistedNamed(names.Temporary("t"), call.Type);
                pre.Add(new AssignStmt(temporary, linear));
                return temporary;
            case ConditionalExpr { Condition: LiteralExpr { Code: "true" or "false" } constant } decided:
                return Linear(constant.Code == "true" ? decided.WhenTrue : decided.WhenFalse, pre, top, active);
            case ConditionalExpr conditional when NeedsStatement(conditional, active):
                var value = HoistedNamed(names.Temporary("t"), conditional.Type);
                var test = HoistOutputCalls(conditional.Condition, pre, active);
                pre.Add(new IfStmt(test, Block(Branch(value, conditional.WhenTrue, active)), Block(Branch(value, conditional.WhenFalse, active))));
                return value;
            case ThrowExpr:
                return e;
            case { Type.Element: ScalarKind.Bool }:
                // Comparisons and logical operators: evaluated once, where they are (short-circuits kept).
                return e;
            default:
                return IrWalker.WithChildren(e, child => Linear(child, pre, top: false, active));
        }
    }

    /// <summary>
    /// Calls that write a differentiated variable through an out argument, where they are evaluated whatever happens
    /// (not right of <c>&amp;&amp;</c>/<c>||</c>, not in a branch of <c>?:</c>), move into temporaries before the
    /// statement, in evaluation order, so that each is reversed as an assignment with its out outputs. Evaluation
    /// order is kept: the calls before them in that order move too, and what stays is call-free.
    /// </summary>
    private Expr HoistOutputCalls(Expr e, List<Stmt> pre, HashSet<string> active)
        => WritesOutputs(e, active) ? HoistCalls(e, pre, active) : e;

    /// <summary>Every call evaluated whatever happens, into a temporary (what precedes a hoisted out-writing call).</summary>
    private Expr HoistCalls(Expr e, List<Stmt> pre, HashSet<string> active) => e switch
    {
        CallExpr => HoistOutputCallsOrAny(e, pre, active),
        BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr } logical => logical with { Left = HoistCalls(logical.Left, pre, active) },
        ConditionalExpr conditional => conditional with { Condition = HoistCalls(conditional.Condition, pre, active) },
        _ => IrWalker.WithChildren(e, child => HoistCalls(child, pre, active)),
    };

    private Expr HoistOutputCallsOrAny(Expr e, List<Stmt> pre, HashSet<string> active)
    {
        var call = (CallExpr)IrWalker.WithChildren(e, child => HoistCalls(child, pre, active));
        if (call.Type.Element == ScalarKind.Void || call.Arguments.Any(a => a.Kind == ArgumentKind.Out && a.Value.Type.Shape != ShapeKind.Scalar))
        {
            return call;
        }

        var temporary = HoistedNamed(names.Temporary("t"), call.Type);
        pre.Add(new AssignStmt(temporary, call));
        return temporary;
    }

    /// <summary>Whether <paramref name="e"/> holds a call that writes a differentiated floating variable through out or ref.</summary>
    private static bool WritesOutputs(Expr e, HashSet<string> active)
        => IrWalker.Expressions(e).OfType<CallExpr>().Any(call => WritesActiveOutput(call, active));

    /// <summary>
    /// Whether the call writes a differentiated floating variable: through an out or ref argument, or as an output span
    /// (a <c>Span&lt;T&gt;</c> argument, or a view of one, whose variable is differentiated).
    /// </summary>
    public static bool WritesActiveOutput(CallExpr call, HashSet<string> active)
        => call.Arguments.Any(a => a.Value.Type.IsFloating
            && (a.Kind is ArgumentKind.Out or ArgumentKind.Ref
                ? ActivityAnalysis.RootName(a.Value) is { } root && active.Contains(root)
                : a.Value.Type.Shape == ShapeKind.Span && ActivityAnalysis.ViewedVariable(a.Value) is { } span && active.Contains(span)));

    /// <summary>A conditional whose value is differentiated, or that calls something, is decided once, in the forward sweep.</summary>
    private static bool NeedsStatement(ConditionalExpr conditional, HashSet<string> active)
        => ActivityAnalysis.References(conditional, active) || IrWalker.Expressions(conditional).Any(x => x is CallExpr);
}
