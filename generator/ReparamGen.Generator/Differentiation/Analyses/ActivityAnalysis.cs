using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Activity analysis: which variables hold values computed from a seeded input. Flow-insensitive and
/// iterated to a fixed point (loops feed values back). Activity follows data whatever its type: a
/// string, struct or nullable computed from a differentiated value is active too, so that where such a
/// value turns back into a number the differentiator sees it and reports it, instead of giving a silent
/// zero. Integers and booleans are not followed: the operation that makes them (a cast, a comparison)
/// is piecewise constant and reported where it happens. Built on <see cref="IrWalker"/>: every
/// sub-expression is seen, conditions included.
/// </summary>
internal static class ActivityAnalysis
{
    public static HashSet<string> Analyse(BlockStmt body, IEnumerable<string> seeds)
    {
        var active = new HashSet<string>(seeds);
        var statements = IrWalker.Statements(body).ToList();
        var calls = statements.SelectMany(TopExpressions).SelectMany(IrWalker.Expressions).OfType<CallExpr>().ToList();
        var aliases = Aliases(statements);
        bool changed;
        do
        {
            changed = false;
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case DeclareStmt { Initializer: { } init } declare when IsTracked(declare.Type) && References(init, active):
                        changed |= active.Add(declare.Name);
                        break;
                    case AssignStmt assign when IsTracked(assign.Target.Type) && References(assign.Value, active) && RootName(assign.Target) is { } root:
                        changed |= active.Add(root);
                        break;
                }
            }

            // A call with active inputs makes what it writes active: out and ref arguments, span outputs.
            foreach (var call in calls)
            {
                if (!InputsReference(call, active))
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    var writes = argument.Kind is ArgumentKind.Out or ArgumentKind.Ref || argument.Value.Type.Shape == ShapeKind.Span;
                    if (writes && IsTracked(argument.Value.Type) && RootName(argument.Value) is { } root)
                    {
                        changed |= active.Add(root);
                    }
                }
            }

            // Spans that view the same memory (a slice, a copy of the span) are active together.
            foreach (var (view, of) in aliases)
            {
                if (active.Contains(view) != active.Contains(of))
                {
                    active.Add(view);
                    active.Add(of);
                    changed = true;
                }
            }
        }
        while (changed);

        return active;
    }

    /// <summary>Whether values of this type are followed: floating scalars and collections, and any other non-integral value.</summary>
    public static bool IsTracked(IrType type) => type.IsFloating || (type.Element == ScalarKind.Other && !type.IsIntegral);

    /// <summary>Whether <paramref name="e"/> is floating-typed and depends on an active variable.</summary>
    public static bool DependsOn(Expr e, HashSet<string> active) => e.Type.IsFloating && References(e, active);

    /// <summary>Whether the value of <paramref name="e"/> depends on an active variable, whatever its own type.</summary>
    public static bool References(Expr e, HashSet<string> active)
    {
        foreach (var dependency in IrWalker.ValueDependencies(e))
        {
            if (dependency is LocalExpr local && IsTracked(local.Type) && active.Contains(local.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a call reads an active value (its receiver or any argument but an <c>out</c> one).</summary>
    public static bool InputsReference(CallExpr call, HashSet<string> active)
        => (call.Receiver is not null && References(call.Receiver, active))
           || call.Arguments.Any(a => a.Kind != ArgumentKind.Out && References(a.Value, active));

    /// <summary>The variable an assignment target writes: a local, or the collection of an element.</summary>
    public static string? RootName(Expr target) => target switch
    {
        LocalExpr local => local.Name,
        ElementExpr { Collection: LocalExpr collection } => collection.Name,
        _ => null,
    };

    /// <summary>
    /// The span variable a collection-typed value views, when it is one: <c>s</c>, <c>(ReadOnlySpan)s</c>,
    /// <c>s.Slice(…)</c>. Writes through the view are writes to <c>s</c>.
    /// </summary>
    public static string? ViewedVariable(Expr value) => value switch
    {
        LocalExpr { Type.Shape: not ShapeKind.Scalar } local => local.Name,
        ConvertExpr { IsExplicit: false } convert => ViewedVariable(convert.Operand),
        CallExpr { Receiver: { } receiver, Target.Name: "Slice" or "AsSpan" } => ViewedVariable(receiver),
        CallExpr asSpan when IsArrayAsSpan(asSpan) => ViewedVariable(asSpan.Arguments[0].Value),
        _ => null,
    };

    /// <summary><c>array.AsSpan(…)</c>: the extension method, called with the array as its first argument.</summary>
    public static bool IsArrayAsSpan(CallExpr call)
        => call is { Receiver: null, Target.ContainingType: "global::System.MemoryExtensions", Arguments.Count: > 0 }
           && call.Target.Name.StartsWith("AsSpan", System.StringComparison.Ordinal)
           && call.Arguments[0].Value.Type.Shape == ShapeKind.Array;

    private static IEnumerable<Expr> TopExpressions(Stmt statement) => IrWalker.Children(statement).OfType<Expr>();

    private static List<(string View, string Of)> Aliases(List<Stmt> statements)
    {
        var aliases = new List<(string, string)>();
        foreach (var statement in statements)
        {
            var (name, value) = statement switch
            {
                DeclareStmt { Initializer: { } init } declare when declare.Type.Shape != ShapeKind.Scalar => (declare.Name, init),
                AssignStmt { Target: LocalExpr { Type.Shape: not ShapeKind.Scalar } target } assign => (target.Name, assign.Value),
                _ => (null, null),
            };
            if (name is not null && value is not null && ViewedVariable(value) is { } viewed && viewed != name)
            {
                aliases.Add((name, viewed));
            }
        }

        return aliases;
    }
}
