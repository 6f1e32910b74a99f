using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReversePreparation
{
    private readonly HashSet<string> claimed = new();

    /// <summary>Gives each declaration a name no other declaration of the body has (the first keeps its own).</summary>
    private BlockStmt Rename(BlockStmt body)
    {
        foreach (var p in method.Parameters)
        {
            claimed.Add(p.Name);
        }

        var scopes = new List<Dictionary<string, string>> { new() };
        return (BlockStmt)Rename(body, scopes);
    }

    private Stmt Rename(Stmt statement, List<Dictionary<string, string>> scopes)
    {
        Expr Map(Expr e) => MapLocals(e, local =>
        {
            for (var i = scopes.Count - 1; i >= 0; i--)
            {
                if (scopes[i].TryGetValue(local.Name, out var renamed))
                {
                    return renamed == local.Name ? local : local with { Name = renamed };
                }
            }

            return local;
        });

        switch (statement)
        {
            case BlockStmt block:
                scopes.Add(new Dictionary<string, string>());
                var statements = block.Statements.Select(s => Rename(s, scopes)).ToList();
                scopes.RemoveAt(scopes.Count - 1);
                return Block(statements);
            case DeclareStmt declare:
                var initializer = declare.Initializer is null ? null : Map(declare.Initializer);
                var name = claimed.Add(declare.Name) ? declare.Name : names.Fresh(declare.Name);
                claimed.Add(name);
                scopes[scopes.Count - 1][declare.Name] = name;
                return declare with { Name = name, Initializer = initializer };
            case ForStmt loop:
                scopes.Add(new Dictionary<string, string>());
                var initializers = loop.Initializers.Select(s => Rename(s, scopes)).ToEquatableArray();
                var renamedLoop = loop with
                {
                    Initializers = initializers,
                    Condition = loop.Condition is null ? null : Map(loop.Condition),
                    Incrementors = loop.Incrementors.Select(s => Rename(s, scopes)).ToEquatableArray(),
                    Body = RenameScoped(loop.Body, scopes),
                };
                scopes.RemoveAt(scopes.Count - 1);
                return renamedLoop;
            case IfStmt conditional:
                return new IfStmt(Map(conditional.Condition), RenameScoped(conditional.Then, scopes), conditional.Else is null ? null : RenameScoped(conditional.Else, scopes));
            case WhileStmt loop:
                return new WhileStmt(Map(loop.Condition), RenameScoped(loop.Body, scopes));
            case DoWhileStmt loop:
                return new DoWhileStmt(RenameScoped(loop.Body, scopes), Map(loop.Condition));
            case SwitchStmt switchStatement:
                var value = Map(switchStatement.Value);
                scopes.Add(new Dictionary<string, string>());
                var sections = switchStatement.Sections.Select(s => s with { Body = s.Body.Select(b => Rename(b, scopes)).ToEquatableArray() }).ToEquatableArray();
                scopes.RemoveAt(scopes.Count - 1);
                return new SwitchStmt(value, sections);
            default:
                return MapExpressions(statement, Map);
        }
    }

    /// <summary>An embedded statement is a scope of its own even when it is not a block.</summary>
    private Stmt RenameScoped(Stmt statement, List<Dictionary<string, string>> scopes)
    {
        scopes.Add(new Dictionary<string, string>());
        var renamed = Rename(statement, scopes);
        scopes.RemoveAt(scopes.Count - 1);
        return renamed;
    }
}
