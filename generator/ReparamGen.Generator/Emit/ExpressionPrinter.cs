using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Emit;

/// <summary>Prints IR expressions as C#, adding parentheses only where precedence requires them.</summary>
internal static class ExpressionPrinter
{
    private const int Primary = 100;
    private const int UnaryLevel = 90;

    public static string Print(Expr e) => Print(e, 0);

    private static string Print(Expr e, int context)
    {
        var (text, level) = Render(e);
        return level < context ? "(" + text + ")" : text;
    }

    private static (string Text, int Level) Render(Expr e)
    {
        switch (e)
        {
            case LiteralExpr literal:
                return (literal.Code, literal.Code.StartsWith("-", System.StringComparison.Ordinal) ? UnaryLevel : Primary);
            case LocalExpr local:
                return (Identifier(local.Name), Primary);
            case UnaryExpr { Op: UnaryOp.SuppressNullable } suppressed:
                return (Print(suppressed.Operand, Primary) + "!", Primary);
            case UnaryExpr unary:
            {
                var symbol = unary.Op switch { UnaryOp.Negate => "-", UnaryOp.Plus => "+", UnaryOp.Not => "!", _ => "~" };
                var operand = Print(unary.Operand, UnaryLevel);
                // "- -x" and "--x" differ: keep a space between repeated signs.
                var separator = operand.StartsWith(symbol, System.StringComparison.Ordinal) ? " " : "";
                return (symbol + separator + operand, UnaryLevel);
            }

            case BinaryExpr binary:
            {
                var level = Level(binary.Op);
                // Left-associative: the right operand needs parentheses at equal precedence.
                return (Print(binary.Left, level) + " " + Symbol(binary.Op) + " " + Print(binary.Right, level + 1), level);
            }

            case ConditionalExpr conditional:
                return (Print(conditional.Condition, 11) + " ? " + Branch(conditional.WhenTrue) + " : " + Branch(conditional.WhenFalse), 10);
            case ConvertExpr convert:
                return convert.IsExplicit
                    ? ("(" + convert.Type.Code + ")" + CastOperand(convert), UnaryLevel)
                    : Render(convert.Operand);
            case CallExpr call:
            {
                var arguments = string.Join(", ", call.Arguments.Select(PrintArgument));
                var callee = call.Receiver is null ? call.Target.Code : Print(call.Receiver, Primary) + "." + call.Target.Name;
                return (callee + "(" + arguments + ")", Primary);
            }

            case ElementExpr element:
                return (Print(element.Collection, Primary) + "[" + Print(element.Index) + "]", Primary);
            case MemberExpr member:
                return (member.Receiver is null ? member.Code : Print(member.Receiver, Primary) + "." + member.Code, Primary);
            case NewObjectExpr creation:
                return ("new " + creation.Type.Code + "(" + string.Join(", ", creation.Arguments.Select(a => Print(a))) + ")", Primary);
            case NewCollectionExpr collection:
                return ((collection.OnStack ? "stackalloc " : "new ") + collection.Type.ElementType.Code + "[" + Print(collection.Length) + "]", Primary);
            case ThrowExpr throwExpression:
                return ("throw " + Print(throwExpression.Exception), 5);
            case DefaultExpr defaultValue:
                return ("default(" + defaultValue.Type.Code + ")", Primary);
            default:
                return ("default", Primary);
        }
    }

    /// <summary>
    /// The operand of a cast. After <c>(T)</c> with T not a keyword type, C# reads a leading + or − as a binary
    /// operator (<c>(global::E)-k</c> is a subtraction, CS0075), so such an operand keeps its parentheses.
    /// </summary>
    private static string CastOperand(ConvertExpr convert)
    {
        var operand = Print(convert.Operand, UnaryLevel);
        var keywordType = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsPredefinedType(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(convert.Type.Code));
        return !keywordType && (operand.StartsWith("-", System.StringComparison.Ordinal) || operand.StartsWith("+", System.StringComparison.Ordinal))
            ? "(" + operand + ")"
            : operand;
    }

    /// <summary>A branch of <c>?:</c>; a throw expression is allowed there only without parentheses (CS8115).</summary>
    private static string Branch(Expr e) => e is ThrowExpr ? Render(e).Text : Print(e, 10);

    private static string PrintArgument(Argument argument) => argument.Kind switch
    {
        ArgumentKind.Out => "out " + Print(argument.Value),
        ArgumentKind.Ref => "ref " + Print(argument.Value),
        ArgumentKind.In => "in " + Print(argument.Value),
        _ => Print(argument.Value),
    };

    public static string Identifier(string name)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    private static int Level(BinaryOp op) => op switch
    {
        BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder => 80,
        BinaryOp.Add or BinaryOp.Subtract => 70,
        BinaryOp.LeftShift or BinaryOp.RightShift => 60,
        BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual => 50,
        BinaryOp.Equals or BinaryOp.NotEquals => 45,
        BinaryOp.And => 40,
        BinaryOp.ExclusiveOr => 35,
        BinaryOp.Or => 30,
        BinaryOp.ConditionalAnd => 25,
        _ => 20,
    };

    private static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Remainder => "%",
        BinaryOp.Equals => "==",
        BinaryOp.NotEquals => "!=",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.ConditionalAnd => "&&",
        BinaryOp.ConditionalOr => "||",
        BinaryOp.And => "&",
        BinaryOp.Or => "|",
        BinaryOp.ExclusiveOr => "^",
        BinaryOp.LeftShift => "<<",
        _ => ">>",
    };
}
