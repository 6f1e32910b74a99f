using System.Linq;
using ReparamGen.Generator.IR;
using static ReparamGen.Generator.Emit.ExpressionPrinter;

namespace ReparamGen.Generator.Emit;

/// <summary>Prints IR statements as C# through a <see cref="SourceWriter"/>.</summary>
internal static class StatementPrinter
{
    public static void PrintBody(SourceWriter writer, BlockStmt body)
    {
        foreach (var statement in body.Statements)
        {
            PrintStatement(writer, statement);
        }
    }

    public static void PrintStatement(SourceWriter writer, Stmt statement)
    {
        switch (statement)
        {
            case BlockStmt block:
                writer.Open("");
                PrintBody(writer, block);
                writer.Close();
                break;
            case DeclareStmt declare:
                writer.Line(Declaration(declare) + ";");
                break;
            case AssignStmt assign:
                writer.Line(Inline(assign) + ";");
                break;
            case ExpressionStmt expression:
                writer.Line(Print(expression.Expression) + ";");
                break;
            case ReturnStmt ret:
                writer.Line(ret.Value is null ? "return;" : "return " + Print(ret.Value) + ";");
                break;
            case ThrowStmt throwStatement:
                writer.Line("throw " + Print(throwStatement.Exception) + ";");
                break;
            case BreakStmt:
                writer.Line("break;");
                break;
            case ContinueStmt:
                writer.Line("continue;");
                break;
            case IfStmt conditional:
                PrintIf(writer, conditional, "if");
                break;
            case WhileStmt loop:
                writer.Open("while (" + Print(loop.Condition) + ")");
                PrintInner(writer, loop.Body);
                writer.Close();
                break;
            case DoWhileStmt loop:
                writer.Open("do");
                PrintInner(writer, loop.Body);
                writer.Close(" while (" + Print(loop.Condition) + ");");
                break;
            case ForStmt loop:
                writer.Open("for (" + ForInitializers(loop) + "; " + (loop.Condition is null ? "" : Print(loop.Condition)) + "; "
                    + string.Join(", ", loop.Incrementors.Select(Inline)) + ")");
                PrintInner(writer, loop.Body);
                writer.Close();
                break;
            case SwitchStmt switchStatement:
                writer.Open("switch (" + Print(switchStatement.Value) + ")");
                foreach (var section in switchStatement.Sections)
                {
                    foreach (var label in section.Labels)
                    {
                        writer.Line(label is null ? "default:" : "case " + Print(label) + ":");
                    }

                    writer.Open("");
                    foreach (var s in section.Body)
                    {
                        PrintStatement(writer, s);
                    }

                    writer.Close();
                }

                writer.Close();
                break;
        }
    }

    private static void PrintIf(SourceWriter writer, IfStmt conditional, string keyword)
    {
        writer.Open(keyword + " (" + Print(conditional.Condition) + ")");
        PrintInner(writer, conditional.Then);
        writer.Close();
        var elseBranch = conditional.Else is BlockStmt { Statements.Count: 1 } single && single.Statements[0] is IfStmt nested ? nested : conditional.Else;
        if (elseBranch is IfStmt elseIf)
        {
            PrintIf(writer, elseIf, "else if");
        }
        else if (elseBranch is not null)
        {
            writer.Open("else");
            PrintInner(writer, elseBranch);
            writer.Close();
        }
    }

    private static void PrintInner(SourceWriter writer, Stmt body)
    {
        if (body is BlockStmt block)
        {
            PrintBody(writer, block);
        }
        else
        {
            PrintStatement(writer, body);
        }
    }

    private static string Declaration(DeclareStmt declare)
        => (declare.IsConst ? "const " : "") + declare.Type.Code + " " + Identifier(declare.Name)
           + (declare.Initializer is null ? "" : " = " + Print(declare.Initializer));

    private static string ForInitializers(ForStmt loop)
    {
        if (loop.Initializers.Count > 0 && loop.Initializers.All(s => s is DeclareStmt))
        {
            var declarations = loop.Initializers.Cast<DeclareStmt>().ToList();
            return declarations[0].Type.Code + " " + string.Join(", ", declarations.Select(d => Identifier(d.Name) + (d.Initializer is null ? "" : " = " + Print(d.Initializer))));
        }

        return string.Join(", ", loop.Initializers.Select(Inline));
    }

    private static string Inline(Stmt statement) => statement switch
    {
        AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Right: LiteralExpr { Code: "1" } } step } assign
            when assign.Target is LocalExpr { Type.Element: ScalarKind.Int32 or ScalarKind.Int64 } && Equals(step.Left, assign.Target)
            => Print(assign.Target) + (step.Op == BinaryOp.Add ? "++" : "--"),
        AssignStmt assign => Print(assign.Target) + " = " + Print(assign.Value),
        ExpressionStmt expression => Print(expression.Expression),
        _ => "",
    };
}
