using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Generated bodies may declare a local that is only ever given constants and never read (a tangent seeded with 1
/// or 0 whose variable is never read, a flag no loop tests, a copy of a parameter the body never uses). That is
/// CS0219 in generated code, which fails builds with warnings as errors although the user's code has no warning:
/// such locals, and their assignments, are left out.
/// </summary>
internal static class UnusedLocals
{
    public static EquatableArray<Stmt> Remove(IReadOnlyList<Stmt> statements)
    {
        var nodes = statements.SelectMany(s => IrWalker.DescendantsAndSelf(s)).ToList();
        var all = nodes.OfType<Stmt>().ToList();
        var mentions = nodes.OfType<LocalExpr>().GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.Count());
        var writes = all.OfType<AssignStmt>().Where(a => a.Target is LocalExpr).GroupBy(a => ((LocalExpr)a.Target).Name).ToDictionary(g => g.Key, g => g.ToList());
        var unused = new HashSet<string>(all
            .OfType<DeclareStmt>()
            .Where(d => !d.IsConst && (d.Initializer is null || IsConstant(d.Initializer)))
            .Select(d => d.Name)
            .Where(name =>
            {
                var assigned = writes.TryGetValue(name, out var w) ? w : new List<AssignStmt>();
                var read = (mentions.TryGetValue(name, out var m) ? m : 0) - assigned.Count;
                return read == 0 && assigned.All(a => IsConstant(a.Value));
            }));
        return unused.Count == 0 ? statements.ToEquatableArray() : WithoutUnused(statements, unused);
    }

    /// <summary>A compile-time constant as the compiler sees it: literals combined by operators (e.g. <c>1.0 + 1.0</c>), <c>default</c>.</summary>
    public static bool IsConstant(Expr e) => e switch
    {
        LiteralExpr or DefaultExpr => true,
        UnaryExpr u => IsConstant(u.Operand),
        BinaryExpr b => IsConstant(b.Left) && IsConstant(b.Right),
        ConvertExpr c => IsConstant(c.Operand),
        _ => false,
    };

    private static EquatableArray<Stmt> WithoutUnused(IEnumerable<Stmt> statements, HashSet<string> unused)
        => statements.Where(s => !IsUnused(s, unused)).Select(s => WithoutUnused(s, unused)).ToEquatableArray();

    private static bool IsUnused(Stmt s, HashSet<string> unused)
        => (s is DeclareStmt d && unused.Contains(d.Name)) || (s is AssignStmt { Target: LocalExpr l } && unused.Contains(l.Name));

    private static Stmt WithoutUnused(Stmt statement, HashSet<string> unused) => statement switch
    {
        BlockStmt b => new BlockStmt(WithoutUnused(b.Statements, unused)),
        IfStmt i => i with { Then = WithoutUnused(i.Then, unused), Else = i.Else is null ? null : WithoutUnused(i.Else, unused) },
        WhileStmt w => w with { Body = WithoutUnused(w.Body, unused) },
        DoWhileStmt d => d with { Body = WithoutUnused(d.Body, unused) },
        ForStmt f => f with { Body = WithoutUnused(f.Body, unused) },
        SwitchStmt s => s with { Sections = s.Sections.Select(x => x with { Body = WithoutUnused(x.Body, unused) }).ToEquatableArray() },
        _ when IsUnused(statement, unused) => new BlockStmt(EquatableArray<Stmt>.Empty),
        _ => statement,
    };
}
