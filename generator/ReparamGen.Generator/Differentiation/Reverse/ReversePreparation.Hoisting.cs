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
            if (topLevel && statement is not DeclareStmt)
            {
                // Fresh collections declared inside this statement (a stackalloc in a loop) move just before it, where
                // both sweeps see them; where they were declared they are cleared (a fresh one starts at zero).
                var lifted = LiftableCollections(statement);
                output.AddRange(lifted);
                output.AddRange(Hoist(lifted.Count == 0 ? statement : ClearInstead(statement, lifted), topLevel: true));
                continue;
            }

            output.AddRange(Hoist(statement, topLevel));
        }

        return output;
    }

    /// <summary>Collections declared below <paramref name="statement"/> with a fresh zeroed buffer whose length the statement does not change.</summary>
    private static List<DeclareStmt> LiftableCollections(Stmt statement)
    {
        var assigned = AssignedVariables.In(statement);
        return IrWalker.Statements(statement).OfType<DeclareStmt>()
            .Where(d => d.Type.Shape != ShapeKind.Scalar && d.Initializer is { } init && IsFreshCollection(init)
                        && IrWalker.Expressions(init).OfType<LocalExpr>().All(l => !assigned.Contains(l.Name))
                        && !IrWalker.Expressions(init).Any(e => e is CallExpr))
            .ToList();
    }

    /// <summary>A new zeroed buffer (<c>stackalloc</c>, <c>new T[n]</c>, either by length), not a view of another span.</summary>
    public static bool IsFreshCollection(Expr? initializer) => initializer switch
    {
        NewCollectionExpr => true,
        ConditionalExpr conditional => IsFreshCollection(conditional.WhenTrue) && IsFreshCollection(conditional.WhenFalse),
        ConvertExpr convert => IsFreshCollection(convert.Operand),
        _ => false,
    };
    private static Stmt ClearInstead(Stmt statement, List<DeclareStmt> lifted)
    {
        var names = new HashSet<string>(lifted.Select(d => d.Name));
        return Replace(statement);

        Stmt Replace(Stmt s) => s switch
        {
            DeclareStmt d when names.Contains(d.Name) => new ExpressionStmt(d.Type.Shape == ShapeKind.Array
                ? Ir.Call("global::System.Array", "Clear", IrType.Void, new LocalExpr(d.Name, d.Type))
                : Ir.Method(new LocalExpr(d.Name, d.Type), "Clear", IrType.Void)),
            BlockStmt b => Block(b.Statements.Select(Replace)),
            IfStmt i => new IfStmt(i.Condition, Replace(i.Then), i.Else is null ? null : Replace(i.Else)),
            WhileStmt w => new WhileStmt(w.Condition, Replace(w.Body)),
            DoWhileStmt d => new DoWhileStmt(Replace(d.Body), d.Condition),
            ForStmt f => f with { Body = Replace(f.Body) },
            _ => s,
        };
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
