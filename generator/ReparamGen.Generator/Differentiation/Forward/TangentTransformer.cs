using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Forward-mode source transformation of one body: every statement is followed (for declarations)
/// or preceded (for assignments, which may overwrite values the tangent reads) by the tangent
/// statements of each active direction. Sub-expressions whose values a rule needs are bound to
/// temporaries once, so the primal work is shared by all directions.
/// </summary>
internal sealed partial class TangentTransformer
{
    private readonly MethodIr method;
    private readonly Directions directions;
    private readonly IReadOnlyList<TangentRuleInfo> rules;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly HashSet<string>[] active;
    private readonly HashSet<string> assigned;
    private readonly HashSet<string> parameterNames;
    private readonly Func<Expr, Expr?[], IEnumerable<Stmt>> returnBuilder;

    public TangentTransformer(
        MethodIr method,
        Directions directions,
        NameScope names,
        IReadOnlyList<TangentRuleInfo> rules,
        List<DiagnosticInfo> diagnostics,
        Func<Expr, Expr?[], IEnumerable<Stmt>> returnBuilder)
    {
        this.method = method;
        this.directions = directions;
        Names = names;
        this.rules = rules;
        this.diagnostics = diagnostics;
        this.returnBuilder = returnBuilder;
        parameterNames = new HashSet<string>(method.Parameters.Select(p => p.Name));
        assigned = AssignedVariables.In(method.Body);
        active = new HashSet<string>[directions.Count];
        for (var j = 0; j < directions.Count; j++)
        {
            var seeds = new HashSet<string>(directions.Seeds[j]);
            foreach (var p in method.Parameters)
            {
                if (p.IsFloatingOutput && !p.IsNoise)
                {
                    seeds.Add(p.Name); // outputs always carry a tangent, zero when nothing active reaches them
                }
            }

            active[j] = ActivityAnalysis.Analyse(method.Body, seeds);
        }

        CheckActivity(method.Body);
        CheckStructParameters();
    }

    public NameScope Names { get; }

    public int Count => directions.Count;

    public bool IsActive(string variable, int direction) => active[direction].Contains(variable);

    public bool IsActiveAnywhere(string variable) => active.Any(a => a.Contains(variable));

    /// <summary>The tangent variable of <paramref name="variable"/> in direction <paramref name="direction"/>.</summary>
    public string TangentName(string variable, int direction) => Names.Tangent(variable, directions.Names[direction]);

    /// <summary>Statements that declare tangents of parameters assigned in the body (vector mode seeds them).</summary>
    public IEnumerable<Stmt> Prologue()
    {
        if (directions.IsJvp)
        {
            // A [Noise] parameter that the body overwrites with a differentiated value has no tangent parameter:
            // its tangent starts as a local zero.
            foreach (var p in method.Parameters.Where(p => p.Type.IsFloatingScalar && !p.IsDifferentiable && p.Kind == ArgumentKind.Value && IsActive(p.Name, 0)))
            {
                yield return new DeclareStmt(TangentName(p.Name, 0), p.Type, Number(0, p.Type));
            }

            yield break;
        }

        foreach (var p in method.Parameters.Where(p => p.Type.IsFloatingScalar && assigned.Contains(p.Name)))
        {
            for (var j = 0; j < Count; j++)
            {
                if (IsActive(p.Name, j))
                {
                    var seed = directions.IsSeededAt(j, p.Name) ? 1 : 0;
                    yield return new DeclareStmt(TangentName(p.Name, j), p.Type, Number(seed, p.Type));
                }
            }
        }
    }

    public BlockStmt TransformBody()
    {
        var statements = Prologue().Concat(TransformBlock(method.Body).Statements).ToList();

        return new(UnusedLocals.Remove(statements));
    }

    private Expr? TangentOfVariable(LocalExpr local, int j)
    {
        if (local.Type.IsDifferentiableStruct)
        {
            return StructRead(local) is var (root, path) ? StructReadTangent(root, path, local.Type, j) : null;
        }

        if (!directions.IsJvp && parameterNames.Contains(local.Name) && !assigned.Contains(local.Name))
        {
            return directions.IsSeededAt(j, local.Name) ? Number(1, local.Type) : null;
        }

        return IsActive(local.Name, j) ? new LocalExpr(TangentName(local.Name, j), local.Type) : null;
    }

    /// <summary>
    /// Whether <paramref name="e"/> reads a variable active in some direction. Differentiation asks this of every node
    /// of a chain <c>a + b + … + z</c> from the outside in, and each answer walks the node's whole operand chain: the
    /// answers for binary nodes are kept (by node, <see cref="active"/> being fixed), so a chain costs linear time.
    /// </summary>
    private bool AnyActive(Expr e)
    {
        if (e is not BinaryExpr binary)
        {
            return active.Any(a => ActivityAnalysis.References(e, a));
        }

        if (chainActivity.TryGetValue(binary, out var known))
        {
            return known;
        }

        var chain = new List<BinaryExpr>();
        Expr innermost = binary;
        while (innermost is BinaryExpr node && !chainActivity.ContainsKey(node))
        {
            chain.Add(node);
            innermost = node.Left;
        }

        var result = innermost is BinaryExpr computed ? chainActivity[computed] : active.Any(a => ActivityAnalysis.References(innermost, a));
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            result = result || active.Any(a => ActivityAnalysis.References(chain[i].Right, a));
            chainActivity[chain[i]] = result;
        }

        return result;
    }

    private readonly Dictionary<BinaryExpr, bool> chainActivity = new(ReferenceComparer.Instance);

    private sealed class ReferenceComparer : IEqualityComparer<BinaryExpr>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(BinaryExpr? x, BinaryExpr? y) => ReferenceEquals(x, y);

        public int GetHashCode(BinaryExpr obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
}
