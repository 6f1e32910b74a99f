using System.Text;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Emit;

/// <summary>
/// Prints IR expressions as C#, adding parentheses only where precedence requires them. Text goes to one
/// <see cref="StringBuilder"/>: building each operand's string and concatenating it into its parent's would copy a
/// chain like <c>a + b + … + z</c> once per level, quadratic in its length.
/// </summary>
internal static class ExpressionPrinter
{
    private const int Primary = 100;
    private const int UnaryLevel = 90;

    public static string Print(Expr e)
    {
        var text = new StringBuilder();
        Print(text, e, 0);
        return text.ToString();
    }

    private static void Print(StringBuilder text, Expr e, int context)
    {
        if (Level(e) < context)
        {
            text.Append('(');
            Render(text, e);
            text.Append(')');
        }
        else
        {
            Render(text, e);
        }
    }

    /// <summary>The precedence of the text <see cref="Render"/> writes for <paramref name="e"/>.</summary>
    private static int Level(Expr e)
    {
        while (e is ConvertExpr { IsExplicit: false } implicitConversion && !IsGenericConversion(implicitConversion))
        {
            e = implicitConversion.Operand;
        }

        return e switch
        {
            ConvertExpr convert when IsGenericConversion(convert) => Primary,
            LiteralExpr literal => literal.Code.StartsWith("-", System.StringComparison.Ordinal) ? UnaryLevel : Primary,
            UnaryExpr { Op: UnaryOp.SuppressNullable } => Primary,
            UnaryExpr or ConvertExpr => UnaryLevel,
            BinaryExpr binary => Level(binary.Op),
            ConditionalExpr => 10,
            ThrowExpr => 5,
            TypeTestExpr => Level(BinaryOp.Less),
            WithExpr => 85, // C# binds 'with' tighter than '*' and looser than unary operators
            _ => Primary,
        };
    }

    private static void Render(StringBuilder text, Expr e)
    {
        switch (e)
        {
            case LiteralExpr literal:
                text.Append(literal.Code);
                return;
            case LocalExpr local:
                text.Append(Identifier(local.Name));
                return;
            case UnaryExpr { Op: UnaryOp.SuppressNullable } suppressed:
                Print(text, suppressed.Operand, Primary);
                text.Append('!');
                return;
            case UnaryExpr unary:
            {
                var symbol = unary.Op switch { UnaryOp.Negate => '-', UnaryOp.Plus => '+', UnaryOp.Not => '!', _ => '~' };
                text.Append(symbol);
                var start = text.Length;
                Print(text, unary.Operand, UnaryLevel);

                // "- -x" and "--x" differ: keep a space between repeated signs.
                if (text.Length > start && text[start] == symbol)
                {
                    text.Insert(start, ' ');
                }

                return;
            }

            case BinaryExpr binary:
                RenderBinary(text, binary);
                return;
            case ConditionalExpr conditional:
                Print(text, conditional.Condition, 11);
                text.Append(" ? ");
                Branch(text, conditional.WhenTrue);
                text.Append(" : ");
                Branch(text, conditional.WhenFalse);
                return;
            case ConvertExpr convert when IsGenericConversion(convert):
                // C# has no cast to or from a type parameter's number type: generic math converts with CreateChecked.
                text.Append(convert.Type.Code).Append(".CreateChecked(");
                Print(text, convert.Operand, 0);
                text.Append(')');
                return;
            case ConvertExpr convert:
                if (convert.IsExplicit)
                {
                    text.Append('(').Append(convert.Type.Code).Append(')');
                    CastOperand(text, convert);
                }
                else
                {
                    Render(text, convert.Operand);
                }

                return;
            case CallExpr call:
            {
                if (call.Receiver is null)
                {
                    text.Append(call.Target.Code);
                }
                else
                {
                    Print(text, call.Receiver, Primary);
                    text.Append('.').Append(call.Target.Name);
                }

                text.Append('(');
                var first = true;
                foreach (var argument in call.Arguments)
                {
                    if (!first)
                    {
                        text.Append(", ");
                    }

                    first = false;
                    text.Append(ArgumentModifier(argument));
                    Print(text, argument.Value, 0);
                }

                text.Append(')');
                return;
            }

            case ElementExpr element:
                Print(text, element.Collection, Primary);
                text.Append('[');
                Print(text, element.Index, 0);
                text.Append(']');
                return;
            case TypeTestExpr test:
                // 'is' binds like '<': its operand is printed as a shift operand would be.
                Print(text, test.Value, Level(BinaryOp.LeftShift));
                text.Append(" is ").Append(test.Tested.Code);
                return;
            case MemberExpr member:
                if (member.Receiver is not null)
                {
                    Print(text, member.Receiver, Primary);
                    text.Append('.');
                }

                text.Append(member.Code);
                return;
            case NewObjectExpr creation:
            {
                text.Append("new ").Append(creation.Type.Code).Append('(');
                var first = true;
                foreach (var argument in creation.Arguments)
                {
                    if (!first)
                    {
                        text.Append(", ");
                    }

                    first = false;
                    Print(text, argument, 0);
                }

                text.Append(')');
                return;
            }

            case NewCollectionExpr collection:
                text.Append(collection.OnStack ? "stackalloc " : "new ").Append(collection.Type.ElementType.Code).Append('[');
                Print(text, collection.Length, 0);
                text.Append(']');
                return;
            case ThrowExpr throwExpression:
                text.Append("throw ");
                Print(text, throwExpression.Exception, 0);
                return;
            case WithExpr with:
            {
                Print(text, with.Receiver, Primary);
                text.Append(" with { ");
                var first = true;
                foreach (var member in with.Members)
                {
                    if (!first)
                    {
                        text.Append(", ");
                    }

                    first = false;
                    text.Append(Identifier(member.Name)).Append(" = ");
                    Print(text, member.Value, 0);
                }

                text.Append(" }");
                return;
            }

            case DefaultExpr defaultValue:
                text.Append("default(").Append(defaultValue.Type.Code).Append(')');
                return;
            default:
                text.Append("default");
                return;
        }
    }

    /// <summary>
    /// Left-associative: the right operand needs parentheses at equal precedence, the left one does not. A chain of
    /// left operands that need no parentheses is printed in a loop, innermost first, so a long sum takes no recursion.
    /// </summary>
    /// <summary>
    /// The modifier an argument is passed with. An <c>in</c> or <c>ref readonly</c> parameter takes a variable with
    /// <c>in</c>; any other value goes without a modifier (<c>in</c> would not compile; for <c>ref readonly</c> C# warns
    /// there, as it does at the same call in the user's code).
    /// </summary>
    private static string ArgumentModifier(Argument argument) => argument.Kind switch
    {
        ArgumentKind.Out => "out ",
        ArgumentKind.Ref => "ref ",
        ArgumentKind.In or ArgumentKind.RefReadOnly when argument.Value is LocalExpr or ElementExpr => "in ",
        _ => "",
    };

    private static void RenderBinary(StringBuilder text, BinaryExpr binary)
    {
        var chain = new System.Collections.Generic.List<BinaryExpr> { binary };
        var left = binary.Left;
        while (left is BinaryExpr inner && Level(inner.Op) >= Level(chain[chain.Count - 1].Op))
        {
            chain.Add(inner);
            left = inner.Left;
        }

        Print(text, left, Level(chain[chain.Count - 1].Op));
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var level = Level(chain[i].Op);
            text.Append(' ').Append(Symbol(chain[i].Op)).Append(' ');
            Print(text, chain[i].Right, level + 1);
        }
    }

    /// <summary>A conversion of a scalar to or from a generic number type parameter (<c>T</c>), between different types.</summary>
    private static bool IsGenericConversion(ConvertExpr convert)
        => (convert.Type.IsGenericFloating || convert.Operand.Type.IsGenericFloating)
           && convert.Type.Shape == ShapeKind.Scalar && convert.Operand.Type.Shape == ShapeKind.Scalar
           && !Equals(convert.Type, convert.Operand.Type);

    /// <summary>
    /// The operand of a cast. After <c>(T)</c> with T not a keyword type, C# reads a leading + or − as a binary
    /// operator (<c>(global::E)-k</c> is a subtraction, CS0075), so such an operand keeps its parentheses.
    /// </summary>
    private static void CastOperand(StringBuilder text, ConvertExpr convert)
    {
        var start = text.Length;
        Print(text, convert.Operand, UnaryLevel);
        var keywordType = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsPredefinedType(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(convert.Type.Code));
        if (!keywordType && text.Length > start && (text[start] == '-' || text[start] == '+'))
        {
            text.Insert(start, '(');
            text.Append(')');
        }
    }

    /// <summary>A branch of <c>?:</c>; a throw expression is allowed there only without parentheses (CS8115).</summary>
    private static void Branch(StringBuilder text, Expr e)
    {
        if (e is ThrowExpr)
        {
            Render(text, e);
        }
        else
        {
            Print(text, e, 10);
        }
    }

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
