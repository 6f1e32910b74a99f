using System;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>Rebuilds a statement with every expression it holds (not those of nested statements' children twice) mapped.</summary>
internal static class StatementMapper
{
    /// <summary>Maps every local read or written anywhere in <paramref name="e"/> (recursively).</summary>
    public static Expr MapLocals(Expr e, Func<LocalExpr, Expr> map)
        => e is LocalExpr local ? map(local) : IrWalker.WithChildren(e, child => MapLocals(child, map));

    /// <summary>The statement with each of its expressions (and those of nested statements) passed through <paramref name="map"/>.</summary>
    public static Stmt MapExpressions(Stmt statement, Func<Expr, Expr> map) => statement switch
    {
        BlockStmt block => new BlockStmt(block.Statements.Select(s => MapExpressions(s, map)).ToEquatableArray()),
        DeclareStmt declare => declare with { Initializer = declare.Initializer is null ? null : map(declare.Initializer) },
        AssignStmt assign => new AssignStmt(map(assign.Target), map(assign.Value)),
        ExpressionStmt expression => new ExpressionStmt(map(expression.Expression)),
        IfStmt conditional => new IfStmt(map(conditional.Condition), MapExpressions(conditional.Then, map), conditional.Else is null ? null : MapExpressions(conditional.Else, map)),
        WhileStmt loop => new WhileStmt(map(loop.Condition), MapExpressions(loop.Body, map)),
        DoWhileStmt loop => new DoWhileStmt(MapExpressions(loop.Body, map), map(loop.Condition)),
        ForStmt loop => loop with
        {
            Initializers = loop.Initializers.Select(s => MapExpressions(s, map)).ToEquatableArray(),
            Condition = loop.Condition is null ? null : map(loop.Condition),
            Incrementors = loop.Incrementors.Select(s => MapExpressions(s, map)).ToEquatableArray(),
            Body = MapExpressions(loop.Body, map),
        },
        ReturnStmt ret => new ReturnStmt(ret.Value is null ? null : map(ret.Value)),
        ThrowStmt thrown => new ThrowStmt(map(thrown.Exception)),
        SwitchStmt switchStatement => new SwitchStmt(map(switchStatement.Value), switchStatement.Sections
            .Select(s => s with { Body = s.Body.Select(b => MapExpressions(b, map)).ToEquatableArray() }).ToEquatableArray()),
        _ => statement,
    };

    public static BlockStmt Block(params Stmt[] statements) => new(statements.ToEquatableArray());

    public static BlockStmt Block(System.Collections.Generic.IEnumerable<Stmt> statements) => new(statements.ToEquatableArray());

    /// <summary>The statements of a block, or the statement alone.</summary>
    public static System.Collections.Generic.IReadOnlyList<Stmt> Flatten(Stmt statement)
        => statement is BlockStmt block ? block.Statements.AsImmutableArray() : new[] { statement };
}
