using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReversePreparation
{
    /// <summary>
    /// Moves declarations to the top (an initializer becomes an assignment where the declaration was). Collections
    /// stay where they are declared (a <c>stackalloc</c> cannot move); those declared below the top level are
    /// noted, since the reverse sweep cannot see them.
    /// </summary>
    private List<Stmt> Hoist(IEnumerable<Stmt> statements, bool topLevel)
    {
        var output = new List<Stmt>();
        foreach (var statement in statements)
        {
            output.AddRange(Hoist(statement, topLevel));
        }

        return output;
    }

    private IEnumerable<Stmt> Hoist(Stmt statement, bool topLevel)
    {
        switch (statement)
        {
            case DeclareStmt declare when declare.Type.Shape != ShapeKind.Scalar:
                if (!topLevel)
                {
                    nestedCollections.Add(declare.Name);
                }

                return new[] { declare };
            case DeclareStmt { IsConst: true } constant:
                declarations.Add(constant);
                return Enumerable.Empty<Stmt>();
            case DeclareStmt declare:
                declarations.Add(new DeclareStmt(declare.Name, declare.Type, DefaultValue(declare.Type)));
                return declare.Initializer is null
                    ? Enumerable.Empty<Stmt>()
                    : new[] { new AssignStmt(new LocalExpr(declare.Name, declare.Type), declare.Initializer) };
            case BlockStmt block:
                return new[] { Block(Hoist(block.Statements, topLevel: false)) };
            case IfStmt conditional:
                return new[] { new IfStmt(conditional.Condition, Block(Hoist(Flatten(conditional.Then), false)), conditional.Else is null ? null : Block(Hoist(Flatten(conditional.Else), false))) };
            case WhileStmt loop:
                return new[] { new WhileStmt(loop.Condition, Block(Hoist(Flatten(loop.Body), false))) };
            case DoWhileStmt loop:
                return new[] { new DoWhileStmt(Block(Hoist(Flatten(loop.Body), false)), loop.Condition) };
            case ForStmt loop:
                return new[]
                {
                    loop with
                    {
                        Initializers = Hoist(loop.Initializers, false).ToEquatableArray(),
                        Incrementors = Hoist(loop.Incrementors, false).ToEquatableArray(),
                        Body = Block(Hoist(Flatten(loop.Body), false)),
                    },
                };
            default:
                return new[] { statement };
        }
    }
}
