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
            case BlockStmt block:
                return new[] { Linearize(block, active) };
            case IfStmt conditional:
                return new[] { new IfStmt(conditional.Condition, Block(Flatten(conditional.Then).SelectMany(s => Linearize(s, active))), conditional.Else is null ? null : Block(Flatten(conditional.Else).SelectMany(s => Linearize(s, active)))) };
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
            pre.Add(new IfStmt(conditional.Condition, Block(Branch(target, conditional.WhenTrue, active)), Block(Branch(target, conditional.WhenFalse, active))));
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
                pre.Add(new IfStmt(conditional.Condition, Block(Branch(value, conditional.WhenTrue, active)), Block(Branch(value, conditional.WhenFalse, active))));
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

    /// <summary>A conditional whose value is differentiated, or that calls something, is decided once, in the forward sweep.</summary>
    private static bool NeedsStatement(ConditionalExpr conditional, HashSet<string> active)
        => ActivityAnalysis.References(conditional, active) || IrWalker.Expressions(conditional).Any(x => x is CallExpr);
}
