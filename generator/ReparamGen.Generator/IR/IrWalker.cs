using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>
/// The one place that knows the children of every IR node. Every analysis (activity, assigned
/// variables, declared names, purity, diagnostics over sub-expressions) walks the IR through it, so an
/// analysis cannot skip a child another one sees, and a new node is added here once.
/// The walks are iterative (an explicit stack): a 10,000-term expression must not overflow the stack.
/// </summary>
internal static class IrWalker
{
    /// <summary>The direct children of a statement or expression, in evaluation order.</summary>
    public static IEnumerable<object> Children(object node)
    {
        switch (node)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                {
                    yield return s;
                }

                break;
            case DeclareStmt { Initializer: { } init }:
                yield return init;
                break;
            case AssignStmt assign:
                yield return assign.Target;
                yield return assign.Value;
                break;
            case ExpressionStmt expression:
                yield return expression.Expression;
                break;
            case IfStmt conditional:
                yield return conditional.Condition;
                yield return conditional.Then;
                if (conditional.Else is not null)
                {
                    yield return conditional.Else;
                }

                break;
            case WhileStmt loop:
                yield return loop.Condition;
                yield return loop.Body;
                break;
            case DoWhileStmt loop:
                yield return loop.Body;
                yield return loop.Condition;
                break;
            case ForStmt loop:
                foreach (var s in loop.Initializers)
                {
                    yield return s;
                }

                if (loop.Condition is not null)
                {
                    yield return loop.Condition;
                }

                yield return loop.Body;
                foreach (var s in loop.Incrementors)
                {
                    yield return s;
                }

                break;
            case ReturnStmt { Value: { } value }:
                yield return value;
                break;
            case ThrowStmt thrown:
                yield return thrown.Exception;
                break;
            case SwitchStmt switchStatement:
                yield return switchStatement.Value;
                foreach (var section in switchStatement.Sections)
                {
                    foreach (var s in section.Body)
                    {
                        yield return s;
                    }
                }

                break;
            case UnaryExpr unary:
                yield return unary.Operand;
                break;
            case BinaryExpr binary:
                yield return binary.Left;
                yield return binary.Right;
                break;
            case ConditionalExpr conditional:
                yield return conditional.Condition;
                yield return conditional.WhenTrue;
                yield return conditional.WhenFalse;
                break;
            case ConvertExpr convert:
                yield return convert.Operand;
                break;
            case CallExpr call:
                if (call.Receiver is not null)
                {
                    yield return call.Receiver;
                }

                foreach (var argument in call.Arguments)
                {
                    yield return argument.Value;
                }

                break;
            case ElementExpr element:
                yield return element.Collection;
                yield return element.Index;
                break;
            case MemberExpr { Receiver: { } receiver }:
                yield return receiver;
                break;
            case NewObjectExpr creation:
                foreach (var argument in creation.Arguments)
                {
                    yield return argument;
                }

                break;
            case NewCollectionExpr collection:
                yield return collection.Length;
                break;
            case ThrowExpr thrown:
                yield return thrown.Exception;
                break;
            case TypeTestExpr test:
                yield return test.Value;
                break;
            case WithExpr with:
                yield return with.Receiver;
                foreach (var member in with.Members)
                {
                    yield return member.Value;
                }

                break;
        }
    }

    /// <summary>
    /// The children whose values flow into an expression's value (its data dependencies): everything but
    /// what is only written (<c>out</c> arguments), only selects (an element's index), only sizes (a
    /// collection's length, <c>span.Length</c>) or never completes (a throw).
    /// </summary>
    public static IEnumerable<Expr> ValueChildren(Expr e)
    {
        switch (e)
        {
            case CallExpr call:
                if (call.Receiver is not null)
                {
                    yield return call.Receiver;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Kind != ArgumentKind.Out)
                    {
                        yield return argument.Value;
                    }
                }

                break;
            case ElementExpr element:
                yield return element.Collection;
                break;
            case MemberExpr { Receiver: { } receiver } when receiver.Type.Shape == ShapeKind.Scalar:
                yield return receiver;
                break;
            case MemberExpr or NewCollectionExpr or ThrowExpr:
                break;
            default:
                foreach (var child in Children(e))
                {
                    if (child is Expr value)
                    {
                        yield return value;
                    }
                }

                break;
        }
    }

    /// <summary>The expression and every expression its value depends on (<see cref="ValueChildren"/>, transitively).</summary>
    public static IEnumerable<Expr> ValueDependencies(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in ValueChildren(current))
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// The expression rebuilt with each direct child expression replaced by <paramref name="map"/> of it (the
    /// rewriting half of the walker: the same children as <see cref="Children"/>, in the same order).
    /// </summary>
    public static Expr WithChildren(Expr e, System.Func<Expr, Expr> map) => e switch
    {
        UnaryExpr unary => unary with { Operand = map(unary.Operand) },
        BinaryExpr binary => binary with { Left = map(binary.Left), Right = map(binary.Right) },
        ConditionalExpr conditional => conditional with { Condition = map(conditional.Condition), WhenTrue = map(conditional.WhenTrue), WhenFalse = map(conditional.WhenFalse) },
        ConvertExpr convert => convert with { Operand = map(convert.Operand) },
        CallExpr call => call with
        {
            Receiver = call.Receiver is null ? null : map(call.Receiver),
            Arguments = call.Arguments.Select(a => a with { Value = map(a.Value) }).ToEquatableArray(),
        },
        ElementExpr element => element with { Collection = map(element.Collection), Index = map(element.Index) },
        MemberExpr { Receiver: { } receiver } member => member with { Receiver = map(receiver) },
        NewObjectExpr creation => creation with { Arguments = creation.Arguments.Select(map).ToEquatableArray() },
        NewCollectionExpr collection => collection with { Length = map(collection.Length) },
        ThrowExpr thrown => thrown with { Exception = map(thrown.Exception) },
        TypeTestExpr test => test with { Value = map(test.Value) },
        WithExpr with => with with { Receiver = map(with.Receiver), Members = with.Members.Select(m => m with { Value = map(m.Value) }).ToEquatableArray() },
        _ => e,
    };

    /// <summary>The node and every node below it, pre-order (a node before its children, children in order).</summary>
    public static IEnumerable<object> DescendantsAndSelf(object node) => DescendantsAndSelf(node, static _ => true);

    /// <summary>
    /// Like <see cref="DescendantsAndSelf(object)"/>, but does not enter nodes for which <paramref name="enter"/> is
    /// false (they are still yielded themselves).
    /// </summary>
    public static IEnumerable<object> DescendantsAndSelf(object node, System.Func<object, bool> enter)
    {
        var stack = new Stack<object>();
        stack.Push(node);
        var children = new List<object>();
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            if (!enter(current))
            {
                continue;
            }

            children.Clear();
            children.AddRange(Children(current));
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>Every expression below a statement or expression, including itself when it is one.</summary>
    public static IEnumerable<Expr> Expressions(object node)
    {
        foreach (var n in DescendantsAndSelf(node))
        {
            if (n is Expr e)
            {
                yield return e;
            }
        }
    }

    /// <summary>Every statement below a statement, itself first (expressions hold no statements).</summary>
    public static IEnumerable<Stmt> Statements(Stmt statement)
    {
        foreach (var n in DescendantsAndSelf(statement, static n => n is Stmt))
        {
            if (n is Stmt s)
            {
                yield return s;
            }
        }
    }
}
