using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>
/// Reverse-mode source transformation of a <see cref="PreparedBody"/>: a forward sweep (the body, recording what
/// the reverse sweep will need and the body overwrites) and a reverse sweep (the statements in opposite order,
/// each propagating its adjoint to the variables it read, with partials from the same rule table as forward mode).
/// <para>
/// What to record is decided by a to-be-recorded analysis in the manner of Tapenade (Hascoët, Naumann, Pascual,
/// "To be recorded analysis in reverse-mode automatic differentiation", FGCS 2005), at the granularity of loops:
/// a first, trial run of the transformation finds which variables the reverse code of each loop reads; an
/// overwrite of a variable is then recorded only when the reverse sweep reads that variable inside the innermost
/// loop around the overwrite; when it reads it only outside some enclosing loop, one snapshot around that loop is
/// enough; when it never reads it (an accumulator <c>s += x[i] * w[i]</c>), nothing is recorded.
/// </para>
/// </summary>
internal sealed partial class ReverseTransformer
{
    private readonly MethodIr method;
    private readonly PreparedBody prepared;
    private readonly IReadOnlyList<TangentRuleInfo> rules;
    private readonly HashSet<string> active;
    private readonly IReadOnlyDictionary<string, Expr> adjoints;
    private readonly HashSet<string> primalNames;
    private readonly HashSet<string> assignedAnywhere;
    private readonly HashSet<string> assignedOnce;
    private readonly Dictionary<Stmt, HashSet<string>> loopReads = new(IdentityComparer<Stmt>.Instance);
    private readonly Dictionary<Stmt, List<LocalExpr>> snapshots = new(IdentityComparer<Stmt>.Instance);
    private readonly List<Stmt> loops = new();
    private readonly List<DeclareStmt> declarations = new();
    private readonly List<DeclareStmt> collectionAdjoints = new();
    private HashSet<string> totalReads = new();
    private bool recording;
    private int plannedDeclarations;
    private NameScope names;

    public ReverseTransformer(MethodIr method, PreparedBody prepared, NameScope names, IReadOnlyList<TangentRuleInfo> rules, HashSet<string> active, IReadOnlyDictionary<string, Expr> adjoints)
    {
        this.method = method;
        this.prepared = prepared;
        this.names = names;
        this.rules = rules;
        this.active = active;
        this.adjoints = adjoints;
        primalNames = new HashSet<string>(method.Parameters.Select(p => p.Name)
            .Concat(prepared.Declarations.Select(d => d.Name))
            .Concat(IrWalker.Statements(prepared.Body).OfType<DeclareStmt>().Select(d => d.Name)));
        assignedAnywhere = AssignedVariables.In(prepared.Body);
        assignedOnce = AssignedOnce(prepared.Body);
        Tape = new LocalExpr(names.Fresh("tape"), new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::ReparamGen.ReverseTape"));
        PlanForwardPartials();
    }

    /// <summary>The local holding the record (used when <see cref="UsesTape"/>).</summary>
    public LocalExpr Tape { get; }

    public bool UsesTape { get; private set; }

    /// <summary>Locals the sweeps use beyond the body's own: loop counts and bounds.</summary>
    public IReadOnlyList<DeclareStmt> Declarations => declarations;

    /// <summary>The forward sweep, then the reverse sweep.</summary>
    public (List<Stmt> Forward, List<Stmt> Reverse) Transform()
    {
        // Trial run: record nothing, learn what the reverse code of each loop reads.
        var final = names;
        plannedDeclarations = declarations.Count;
        names = final.Copy();
        var (_, trialReverse) = TransformList(prepared.Body.Statements);
        totalReads = Reads(trialReverse);
        if (totalReads.FirstOrDefault(prepared.NestedCollections.Contains) is { } nested)
        {
            throw new NotReversibleException("the span '" + nested + "', declared inside a block, loop or branch, whose values the reverse sweep needs (declare it at the top of the method)");
        }

        names = final;
        declarations.RemoveRange(plannedDeclarations, declarations.Count - plannedDeclarations);
        collectionAdjoints.Clear();
        UsesTape = false;
        recording = true;
        return TransformList(prepared.Body.Statements);
    }

    private bool IsActive(string name) => active.Contains(name);

    private bool AnyActive(Expr e) => e.Type.IsFloating && ActivityAnalysis.References(e, active);

    private Expr AdjointOf(string name)
        => adjoints.TryGetValue(name, out var adjoint) ? adjoint : throw new NotReversibleException("the differentiated variable '" + name + "' (no adjoint: it is a span that views another span, or is declared inside a block)");

    /// <summary>The adjoint of an assignment target: a scalar's adjoint local, or the element of a collection's adjoint.</summary>
    private Expr AdjointOfTarget(Expr target) => target switch
    {
        LocalExpr local => AdjointOf(local.Name),
        ElementExpr { Collection: LocalExpr collection } element => new ElementExpr(AdjointOf(collection.Name), element.Index, element.Type),
        _ => throw new NotReversibleException("an assignment to '" + target.GetType().Name + "'"),
    };

    private LocalExpr ReverseLocal(string baseName, IrType type)
    {
        var local = new LocalExpr(names.Fresh(baseName), type);
        declarations.Add(new DeclareStmt(local.Name, type, ReversePreparation.DefaultValue(type)));
        return local;
    }

    /// <summary>The primal variables the given (reverse) code reads: locals and the collections whose elements it reads.</summary>
    private HashSet<string> Reads(IEnumerable<Stmt> code)
    {
        var reads = new HashSet<string>();
        var stack = new Stack<object>(code.Reverse());
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case AssignStmt { Target: LocalExpr } assign:
                    stack.Push(assign.Value);
                    break;
                case AssignStmt { Target: ElementExpr element } assign:
                    stack.Push(element.Index);
                    stack.Push(assign.Value);
                    break;
                case MemberExpr { Code: "Length" }:
                    break;
                case LocalExpr local when primalNames.Contains(local.Name):
                    reads.Add(local.Name);
                    break;
                case var node:
                    foreach (var child in IrWalker.Children(node))
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        return reads;
    }

    /// <summary>
    /// A value the forward sweep saves and the reverse sweep reads back (where <paramref name="restore"/> is evaluated).
    /// Outside every loop of the body a statement runs at most once per call, so the value gets a local of its own:
    /// stack memory, bounded by the body's size, and no tape at all for a body without loops. Inside a loop it goes on
    /// the tape (last in, first out; pooled memory), since the number of saves is known only at run time.
    /// </summary>
    private Stmt Record(Expr value, IrType type, string slotName, out Expr restore)
    {
        if (loops.Count == 0)
        {
            var slot = ReverseLocal(slotName, type);
            restore = slot;
            return new AssignStmt(slot, value);
        }

        restore = Pop(type);
        return Push(value);
    }

    private Stmt Push(Expr value)
    {
        UsesTape = true;
        Expr recorded = value.Type.Element switch
        {
            ScalarKind.Double or ScalarKind.Float or ScalarKind.Int32 => value,

            // A generic T is recorded as a double (exact for double and float, the instantiations generic floating
            // code is written for) and read back with T.CreateTruncating.
            ScalarKind.TypeParameter when value.Type.Shape == ShapeKind.Scalar => Ir.Call("double", "CreateTruncating", IrType.Double, value),
            ScalarKind.Bool => new ConditionalExpr(value, Ir.Int(1), Ir.Int(0), IrType.Int32),
            _ => throw new NotReversibleException("overwriting a value of type '" + value.Type.Code.Replace("global::", "") + "' that the reverse sweep needs back"),
        };
        return new ExpressionStmt(Ir.Method(Tape, "Push", IrType.Void, recorded));
    }

    private Expr Pop(IrType type)
    {
        UsesTape = true;
        return type.Element switch
        {
            ScalarKind.Double => Ir.Method(Tape, "PopDouble", IrType.Double),
            ScalarKind.Float => new ConvertExpr(Ir.Method(Tape, "PopDouble", IrType.Double), IrType.Float, IsExplicit: true),
            ScalarKind.Int32 => Ir.Method(Tape, "PopInt32", IrType.Int32),
            ScalarKind.TypeParameter => Ir.Call(type.Code, "CreateTruncating", type, Ir.Method(Tape, "PopDouble", IrType.Double)),
            _ => new BinaryExpr(BinaryOp.NotEquals, Ir.Method(Tape, "PopInt32", IrType.Int32), Ir.Int(0), IrType.Bool),
        };
    }

    /// <summary>Whether an overwrite of scalar <paramref name="variable"/> here must be recorded (else it is snapshotted around a loop, or needs nothing).</summary>
    private bool MustRecord(LocalExpr variable)
    {
        if (!recording || !totalReads.Contains(variable.Name))
        {
            return false;
        }

        // Written once, outside loops: nothing before the write can read the value it replaces (definite assignment).
        if (loops.Count == 0 && assignedOnce.Contains(variable.Name) && !method.Parameters.Any(p => p.Name == variable.Name))
        {
            return false;
        }

        foreach (var loop in loops)
        {
            if (!loopReads[loop].Contains(variable.Name))
            {
                var list = snapshots.TryGetValue(loop, out var existing) ? existing : snapshots[loop] = new List<LocalExpr>();
                if (!list.Any(v => v.Name == variable.Name))
                {
                    list.Add(variable);
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>Locals written by exactly one statement (an assignment or an out/ref argument).</summary>
    private static HashSet<string> AssignedOnce(BlockStmt body)
    {
        var counts = new Dictionary<string, int>();
        foreach (var node in IrWalker.DescendantsAndSelf(body))
        {
            var written = node switch
            {
                AssignStmt { Target: LocalExpr local } => new[] { local.Name },
                CallExpr call => call.Arguments.Where(a => a.Kind is ArgumentKind.Out or ArgumentKind.Ref && a.Value is LocalExpr).Select(a => ((LocalExpr)a.Value).Name).ToArray(),
                _ => System.Array.Empty<string>(),
            };
            foreach (var name in written)
            {
                counts[name] = counts.TryGetValue(name, out var c) ? c + 1 : 1;
            }
        }

        return new HashSet<string>(counts.Where(c => c.Value == 1).Select(c => c.Key));
    }

    private bool MustRecordElements(string collection) => recording && totalReads.Contains(collection);

    /// <summary>Whether the forward sweep records overwritten elements of <paramref name="collection"/> (so the reverse sweep changes it back).</summary>
    public bool RestoresElementsOf(string collection) => totalReads.Contains(collection);

    /// <summary>Marks the tape as used by code the caller emits (saving outputs).</summary>
    public void UseTape() => UsesTape = true;
}
