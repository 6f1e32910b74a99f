using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Activity analysis: which floating variables depend on a seeded input. Flow-insensitive and
/// iterated to a fixed point (loops feed values back): a variable is active if any assignment to it
/// has an active right-hand side. Inactive values never get tangent code.
/// </summary>
internal static class ActivityAnalysis
{
    public static HashSet<string> Analyse(BlockStmt body, IEnumerable<string> seeds)
    {
        var active = new HashSet<string>(seeds);
        bool changed;
        do
        {
            changed = false;
            Visit(body, active, ref changed);
        }
        while (changed);

        return active;
    }

    /// <summary>Whether <paramref name="e"/> is floating-typed and depends on an active variable.</summary>
    public static bool DependsOn(Expr e, HashSet<string> active) => e.Type.IsFloating && References(e, active);

    /// <summary>Whether <paramref name="e"/> reads an active variable anywhere, whatever its own type.</summary>
    public static bool References(Expr e, HashSet<string> active) => e switch
    {
        LocalExpr local => local.Type.IsFloating && active.Contains(local.Name),
        UnaryExpr unary => References(unary.Operand, active),
        BinaryExpr binary => References(binary.Left, active) || References(binary.Right, active),
        ConditionalExpr conditional => References(conditional.WhenTrue, active) || References(conditional.WhenFalse, active) || References(conditional.Condition, active),
        ConvertExpr convert => References(convert.Operand, active),
        CallExpr call => call.Arguments.Any(a => a.Kind != ArgumentKind.Out && References(a.Value, active)),
        ElementExpr element => References(element.Collection, active),
        _ => false,
    };

    private static void Visit(Stmt statement, HashSet<string> active, ref bool changed)
    {
        switch (statement)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                {
                    Visit(s, active, ref changed);
                }

                break;
            case DeclareStmt declare when declare.Initializer is not null && declare.Type.IsFloating:
                if (DependsOn(declare.Initializer, active) || (declare.Type.IsFloatingCollection && References(declare.Initializer, active)))
                {
                    changed |= active.Add(declare.Name);
                }

                VisitCalls(declare.Initializer, active, ref changed);
                break;
            case DeclareStmt declare when declare.Initializer is not null:
                VisitCalls(declare.Initializer, active, ref changed);
                break;
            case AssignStmt assign:
                if (DependsOn(assign.Value, active) && RootName(assign.Target) is { } root)
                {
                    changed |= active.Add(root);
                }

                VisitCalls(assign.Value, active, ref changed);
                break;
            case ExpressionStmt expression:
                VisitCalls(expression.Expression, active, ref changed);
                break;
            case IfStmt conditional:
                Visit(conditional.Then, active, ref changed);
                if (conditional.Else is not null)
                {
                    Visit(conditional.Else, active, ref changed);
                }

                break;
            case WhileStmt loop:
                Visit(loop.Body, active, ref changed);
                break;
            case DoWhileStmt loop:
                Visit(loop.Body, active, ref changed);
                break;
            case ForStmt loop:
                foreach (var s in loop.Initializers)
                {
                    Visit(s, active, ref changed);
                }

                Visit(loop.Body, active, ref changed);
                foreach (var s in loop.Incrementors)
                {
                    Visit(s, active, ref changed);
                }

                break;
            case SwitchStmt switchStatement:
                foreach (var section in switchStatement.Sections)
                {
                    foreach (var s in section.Body)
                    {
                        Visit(s, active, ref changed);
                    }
                }

                break;
        }
    }

    /// <summary>An active call makes its floating out arguments and span outputs active.</summary>
    private static void VisitCalls(Expr e, HashSet<string> active, ref bool changed)
    {
        switch (e)
        {
            case CallExpr call:
                foreach (var argument in call.Arguments)
                {
                    VisitCalls(argument.Value, active, ref changed);
                }

                if (call.Arguments.Any(a => a.Kind != ArgumentKind.Out && References(a.Value, active)))
                {
                    foreach (var argument in call.Arguments)
                    {
                        var writes = argument.Kind == ArgumentKind.Out || argument.Value.Type.Shape == ShapeKind.Span;
                        if (writes && argument.Value.Type.IsFloating && RootName(argument.Value) is { } root)
                        {
                            changed |= active.Add(root);
                        }
                    }
                }

                break;
            case UnaryExpr unary:
                VisitCalls(unary.Operand, active, ref changed);
                break;
            case BinaryExpr binary:
                VisitCalls(binary.Left, active, ref changed);
                VisitCalls(binary.Right, active, ref changed);
                break;
            case ConditionalExpr conditional:
                VisitCalls(conditional.WhenTrue, active, ref changed);
                VisitCalls(conditional.WhenFalse, active, ref changed);
                break;
            case ConvertExpr convert:
                VisitCalls(convert.Operand, active, ref changed);
                break;
        }
    }

    /// <summary>The variable an assignment target writes: a local, or the collection of an element.</summary>
    public static string? RootName(Expr target) => target switch
    {
        LocalExpr local => local.Name,
        ElementExpr { Collection: LocalExpr collection } => collection.Name,
        _ => null,
    };
}
