using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Tests.Stages;

/// <summary>Every IR node (statements and expressions) reachable from a node, itself first, in source order.</summary>
internal static class IrWalker
{
    public static IEnumerable<object> Nodes(object node)
    {
        yield return node;
        foreach (var child in Children(node))
        {
            foreach (var descendant in Nodes(child))
            {
                yield return descendant;
            }
        }
    }

    public static IEnumerable<T> All<T>(object node) => Nodes(node).OfType<T>();

    /// <summary>Names of every local declared anywhere under <paramref name="node"/>.</summary>
    public static HashSet<string> DeclaredNames(object node) => All<DeclareStmt>(node).Select(d => d.Name).ToHashSet();

    private static IEnumerable<object> Children(object node) => node switch
    {
        BlockStmt block => block.Statements,
        DeclareStmt declare => Optional(declare.Initializer),
        AssignStmt assign => new object[] { assign.Target, assign.Value },
        ExpressionStmt expression => new object[] { expression.Expression },
        IfStmt conditional => new object[] { conditional.Condition, conditional.Then }.Concat(Optional(conditional.Else)),
        WhileStmt loop => new object[] { loop.Condition, loop.Body },
        DoWhileStmt loop => new object[] { loop.Body, loop.Condition },
        ForStmt loop => loop.Initializers.Cast<object>().Concat(Optional(loop.Condition)).Concat(loop.Incrementors).Append(loop.Body),
        ReturnStmt ret => Optional(ret.Value),
        ThrowStmt thrown => new object[] { thrown.Exception },
        SwitchStmt switchStatement => switchStatement.Sections.SelectMany(s => s.Labels.OfType<object>().Concat(s.Body)).Prepend(switchStatement.Value),
        UnaryExpr unary => new object[] { unary.Operand },
        BinaryExpr binary => new object[] { binary.Left, binary.Right },
        ConditionalExpr conditional => new object[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse },
        ConvertExpr convert => new object[] { convert.Operand },
        CallExpr call => Optional(call.Receiver).Concat(call.Arguments.Select(a => (object)a.Value)),
        ElementExpr element => new object[] { element.Collection, element.Index },
        MemberExpr member => Optional(member.Receiver),
        NewObjectExpr creation => creation.Arguments,
        NewCollectionExpr collection => new object[] { collection.Length },
        ThrowExpr thrown => new object[] { thrown.Exception },
        _ => System.Array.Empty<object>(),
    };

    private static IEnumerable<object> Optional(object? node) => node is null ? System.Array.Empty<object>() : new[] { node };
}
