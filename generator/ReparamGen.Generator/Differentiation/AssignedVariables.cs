using System.Collections.Generic;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>The variables a body writes (assignments and out arguments): parameters not in it keep their seed.</summary>
internal static class AssignedVariables
{
    public static HashSet<string> In(Stmt body)
    {
        var names = new HashSet<string>();
        Visit(body, names);
        return names;
    }

    private static void Visit(Stmt statement, HashSet<string> names)
    {
        switch (statement)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                {
                    Visit(s, names);
                }

                break;
            case AssignStmt { Target: LocalExpr local } assign:
                names.Add(local.Name);
                VisitExpr(assign.Value, names);
                break;
            case AssignStmt assign:
                VisitExpr(assign.Value, names);
                break;
            case DeclareStmt { Initializer: { } init }:
                VisitExpr(init, names);
                break;
            case ExpressionStmt expression:
                VisitExpr(expression.Expression, names);
                break;
            case IfStmt conditional:
                Visit(conditional.Then, names);
                if (conditional.Else is not null)
                {
                    Visit(conditional.Else, names);
                }

                break;
            case WhileStmt loop:
                Visit(loop.Body, names);
                break;
            case DoWhileStmt loop:
                Visit(loop.Body, names);
                break;
            case ForStmt loop:
                foreach (var s in loop.Initializers)
                {
                    Visit(s, names);
                }

                foreach (var s in loop.Incrementors)
                {
                    Visit(s, names);
                }

                Visit(loop.Body, names);
                break;
            case SwitchStmt switchStatement:
                foreach (var section in switchStatement.Sections)
                {
                    foreach (var s in section.Body)
                    {
                        Visit(s, names);
                    }
                }

                break;
        }
    }

    private static void VisitExpr(Expr e, HashSet<string> names)
    {
        if (e is CallExpr call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Kind is ArgumentKind.Out or ArgumentKind.Ref && argument.Value is LocalExpr local)
                {
                    names.Add(local.Name);
                }

                VisitExpr(argument.Value, names);
            }
        }
        else if (e is BinaryExpr binary)
        {
            VisitExpr(binary.Left, names);
            VisitExpr(binary.Right, names);
        }
        else if (e is UnaryExpr unary)
        {
            VisitExpr(unary.Operand, names);
        }
        else if (e is ConvertExpr convert)
        {
            VisitExpr(convert.Operand, names);
        }
        else if (e is ConditionalExpr conditional)
        {
            VisitExpr(conditional.WhenTrue, names);
            VisitExpr(conditional.WhenFalse, names);
        }
    }
}
