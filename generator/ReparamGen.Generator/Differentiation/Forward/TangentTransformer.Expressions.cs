using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>A primal expression and its tangent in each direction (null: known zero).</summary>
internal readonly record struct Dual(Expr Primal, Expr?[] Tangents);

internal sealed partial class TangentTransformer
{
    /// <summary>
    /// Differentiates <paramref name="e"/>. Statements that must run first (temporaries, tangent calls)
    /// go to <paramref name="pre"/>. <paramref name="slot"/> is the fresh variable the caller stores the
    /// primal in: a rule that needs the result declares it there at once (then the primal is the slot).
    /// </summary>
    public Dual Differentiate(Expr e, List<Stmt> pre, LocalExpr? slot)
    {
        if (!e.Type.HasTangent || !AnyActive(e))
        {
            return new Dual(HoistOutputCalls(e, pre), new Expr?[Count]);
        }

        switch (e)
        {
            case LocalExpr local:
                return new Dual(local, PerDirection(j => TangentOfVariable(local, j)));
            case UnaryExpr { Op: UnaryOp.Negate } negate:
            {
                var operand = Differentiate(negate.Operand, pre, null);
                return new Dual(negate with { Operand = operand.Primal }, operand.Tangents.Select(Negate).ToArray());
            }

            case UnaryExpr { Op: UnaryOp.Plus } plus:
                return Differentiate(plus.Operand, pre, slot);
            case BinaryExpr binary:
                return DifferentiateBinary(binary, pre, slot);
            case ConvertExpr convert:
            {
                var operand = Differentiate(convert.Operand, pre, null);
                return new Dual(convert with { Operand = operand.Primal }, operand.Tangents.Select(t => t is null ? null : (Expr)new ConvertExpr(t, convert.Type, convert.IsExplicit || !Equals(t.Type, convert.Type))).ToArray());
            }

            case ConditionalExpr conditional:
                return DifferentiateConditional(conditional, pre);
            case CallExpr call:
                return DifferentiateCall(call, pre, slot);
            case ElementExpr element:
            {
                // The primal and every tangent read the same element: an index with effects is computed once.
                var index = IsPure(element.Index) ? element.Index : Bind(HoistOutputCalls(element.Index, pre), needed: true, pre);
                var read = element with { Index = index };
                return new Dual(read, PerDirection(j => read.Collection is LocalExpr collection && TangentOfVariable(collection, j) is { } tangent
                    ? new ElementExpr(tangent, index, read.Type)
                    : null));
            }

            case MemberExpr:
                return DifferentiateStructRead(e);
            case WithExpr with:
                return DifferentiateWith(with, pre);
            default:
                // An active floating value made by an operation without a derivative rule (a field of a struct
                // computed from differentiated values, say): an error, never a silent zero.
                ReportLostDerivative(e);
                return new Dual(e, new Expr?[Count]);
        }
    }

    private Dual DifferentiateBinary(BinaryExpr binary, List<Stmt> pre, LocalExpr? slot)
    {
        var left = Differentiate(binary.Left, pre, null);
        var right = Differentiate(binary.Right, pre, null);
        var primal = binary with { Left = left.Primal, Right = right.Primal };
        switch (binary.Op)
        {
            case BinaryOp.Add:
                return new Dual(primal, PerDirection(j => Add(left.Tangents[j], right.Tangents[j])));
            case BinaryOp.Subtract:
                return new Dual(primal, PerDirection(j => Subtract(left.Tangents[j], right.Tangents[j])));
            case BinaryOp.Multiply:
            {
                // d(a·b) = a·db + da·b; each operand's value is bound once if a tangent needs it.
                var a = Bind(left.Primal, right.Tangents.Any(t => t is not null), pre);
                if (Equals(left.Primal, right.Primal))
                {
                    // a·a: d = 2a·da, one product instead of two.
                    var twice = Product(Number(2, binary.Type), a);
                    return new Dual(binary with { Left = a, Right = a }, left.Tangents.Select(t => Multiply(twice, t)).ToArray());
                }

                var b = Bind(right.Primal, left.Tangents.Any(t => t is not null), pre);
                primal = binary with { Left = a, Right = b };
                return new Dual(primal, PerDirection(j => Add(Multiply(a, right.Tangents[j]), Multiply(b, left.Tangents[j]))));
            }

            case BinaryOp.Divide:
            {
                // d(a/b) = (da − (a/b)·db) / b: reuses the quotient instead of squaring b.
                var b = Bind(right.Primal, needed: true, pre);
                primal = binary with { Left = left.Primal, Right = b };
                if (right.Tangents.All(t => t is null))
                {
                    return new Dual(primal, PerDirection(j => Divide(left.Tangents[j], b)));
                }

                var (quotient, bound) = BindResult(primal, pre, slot);
                return new Dual(bound, PerDirection(j => Divide(Subtract(left.Tangents[j], Multiply(quotient, right.Tangents[j])), b)));
            }

            case BinaryOp.Remainder:
            {
                // a % b = a − trunc(a/b)·b: piecewise, derivative da − trunc(a/b)·db away from the jumps.
                Report(DiagnosticDescriptors.NonDifferentiableOperation, binary.Location, "The '%' operator", "da - truncate(a / b) * db");
                var a = Bind(left.Primal, right.Tangents.Any(t => t is not null), pre);
                var b = Bind(right.Primal, right.Tangents.Any(t => t is not null), pre);
                primal = binary with { Left = a, Right = b };
                var math = binary.Type.Element switch { ScalarKind.Float => "global::System.MathF", ScalarKind.TypeParameter => binary.Type.Code, _ => "global::System.Math" };
                return new Dual(primal, PerDirection(j => Subtract(left.Tangents[j], right.Tangents[j] is null ? null : Multiply(Call(math, "Truncate", binary.Type, Quotient(a, b)), right.Tangents[j]))));
            }

            default:
                return new Dual(primal, new Expr?[Count]);
        }
    }

    private Dual DifferentiateConditional(ConditionalExpr conditional, List<Stmt> pre)
    {
        var whenTruePre = new List<Stmt>();
        var whenFalsePre = new List<Stmt>();
        var condition = Condition(conditional.Condition, pre);
        if (condition is LiteralExpr { Code: "true" or "false" } constant)
        {
            // A constant condition (const bool Fast = false; Fast ? … : …): only its branch ever runs, and an
            // 'if (false)' lowering would be unreachable code (CS0162) in the generated file.
            return Differentiate(constant.Code == "true" ? conditional.WhenTrue : conditional.WhenFalse, pre, null);
        }

        var whenTrue = Differentiate(conditional.WhenTrue, whenTruePre, null);
        var whenFalse = Differentiate(conditional.WhenFalse, whenFalsePre, null);
        if ((conditional.WhenTrue is ThrowExpr || conditional.WhenFalse is ThrowExpr) && whenTruePre.Count == 0 && whenFalsePre.Count == 0)
        {
            // A throwing branch never completes: the tangent is the other branch's.
            return new Dual(conditional with { Condition = condition, WhenTrue = whenTrue.Primal, WhenFalse = whenFalse.Primal },
                conditional.WhenTrue is ThrowExpr ? whenFalse.Tangents : whenTrue.Tangents);
        }

        var type = conditional.Type;
        if (whenTruePre.Count == 0 && whenFalsePre.Count == 0 && IsPure(condition))
        {
            return new Dual(
                new ConditionalExpr(condition, whenTrue.Primal, whenFalse.Primal, type),
                PerDirection(j => whenTrue.Tangents[j] is null && whenFalse.Tangents[j] is null
                    ? null
                    : new ConditionalExpr(condition, whenTrue.Tangents[j] ?? Zero(type), whenFalse.Tangents[j] ?? Zero(type), type)));
        }

        // Branches with work of their own: lower to if/else so each branch only runs when taken.
        var result = new LocalExpr(Names.Temporary(), type);
        var tangents = PerDirection(j => whenTrue.Tangents[j] is null && whenFalse.Tangents[j] is null ? null : (Expr)new LocalExpr(Names.Temporary("dt"), type));
        pre.Add(new DeclareStmt(result.Name, type, null));
        foreach (var t in tangents.OfType<LocalExpr>())
        {
            pre.Add(new DeclareStmt(t.Name, type, null));
        }

        BlockStmt Branch(List<Stmt> branchPre, Dual branch)
        {
            if (branch.Primal is ThrowExpr thrown)
            {
                return new BlockStmt(EquatableArray.Create<Stmt>(new ThrowStmt(thrown.Exception)));
            }

            var statements = new List<Stmt>(branchPre) { new AssignStmt(result, branch.Primal) };
            for (var j = 0; j < Count; j++)
            {
                if (tangents[j] is { } t)
                {
                    statements.Add(new AssignStmt(t, branch.Tangents[j] ?? Zero(type)));
                }
            }

            return new BlockStmt(statements.ToEquatableArray());
        }

        pre.Add(new IfStmt(condition, Branch(whenTruePre, whenTrue), Branch(whenFalsePre, whenFalse)));
        return new Dual(result, tangents);
    }

    /// <summary>Binds a value to a temporary when a tangent needs it and it is not already a simple expression.</summary>
    private Expr Bind(Expr value, bool needed, List<Stmt> pre)
    {
        if (!needed || IsAtomic(value))
        {
            return value;
        }

        var temp = new LocalExpr(Names.Temporary(), value.Type);
        pre.Add(new DeclareStmt(temp.Name, value.Type, value));
        return temp;
    }

    /// <summary>
    /// Binds an expression's own result so tangents can read it: declared straight into the caller's
    /// slot when there is one (the caller sees the slot as the primal and does not declare it again),
    /// else into a temporary.
    /// </summary>
    private (Expr Value, Expr Primal) BindResult(Expr value, List<Stmt> pre, LocalExpr? slot)
    {
        if (slot is not null)
        {
            pre.Add(new DeclareStmt(slot.Name, slot.Type, value));
            return (slot, slot);
        }

        var bound = Bind(value, needed: true, pre);
        return (bound, bound);
    }

    private static bool IsAtomic(Expr e) => e switch
    {
        LocalExpr or LiteralExpr => true,
        MemberExpr { Receiver: null } => true,
        UnaryExpr { Op: UnaryOp.Negate, Operand: LiteralExpr } => true,
        ConvertExpr { IsExplicit: false, Operand: var operand } => IsAtomic(operand),
        _ => false,
    };

    /// <summary>Whether evaluating <paramref name="e"/> twice is the same as once: no call, no allocation anywhere in it.</summary>
    private static bool IsPure(Expr e) => !IrWalker.Expressions(e).Any(n => n is CallExpr or NewObjectExpr or NewCollectionExpr);

    private Expr?[] PerDirection(System.Func<int, Expr?> tangent)
    {
        var tangents = new Expr?[Count];
        for (var j = 0; j < Count; j++)
        {
            tangents[j] = tangent(j);
        }

        return tangents;
    }
}
