using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReverseTransformer
{
    /// <summary>
    /// The reverse of <c>target = value</c>: restore what the assignment overwrote, take the target's adjoint and
    /// reset it (the old value did not flow into the new one), then add its share to every variable the value read.
    /// An increment <c>v = v ± e</c> (e not reading v) keeps v's adjoint and only passes it to e.
    /// </summary>
    private void AdjointOfAssignment(Expr target, Expr value, List<Stmt> restore, List<Stmt> reverse)
    {
        var adjoint = AdjointOfTarget(target);
        if (value is CallExpr call)
        {
            AdjointOfCall(target, adjoint, call, restore, reverse);
            return;
        }

        if (IncrementOf(target, value) is ({ } rest, var negative))
        {
            reverse.AddRange(restore);
            Accumulate(rest, negative ? Negate(adjoint)! : adjoint, reverse);
            return;
        }

        reverse.AddRange(restore);
        if (!AnyActive(value))
        {
            reverse.Add(new AssignStmt(adjoint, Zero(target.Type)));
            return;
        }

        var seed = new LocalExpr(names.Temporary("r"), target.Type);
        reverse.Add(new DeclareStmt(seed.Name, seed.Type, adjoint));
        reverse.Add(new AssignStmt(adjoint, Zero(target.Type)));
        Accumulate(value, seed, reverse);
    }

    /// <summary><c>v + e</c> or <c>v - e</c> (and <c>e + v</c>) where e does not read v: (e, whether it is subtracted).</summary>
    private static (Expr? Increment, bool Negative) IncrementOf(Expr target, Expr value)
    {
        var root = ActivityAnalysis.RootName(target);
        bool ReadsTarget(Expr e) => IrWalker.Expressions(e).OfType<LocalExpr>().Any(l => l.Name == root);
        if (value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } binary && binary.Type == target.Type)
        {
            if (binary.Left.Equals(target) && !ReadsTarget(binary.Right))
            {
                return (binary.Right, binary.Op == BinaryOp.Subtract);
            }

            if (binary.Op == BinaryOp.Add && binary.Right.Equals(target) && !ReadsTarget(binary.Left))
            {
                return (binary.Left, false);
            }
        }

        return (null, false);
    }

    /// <summary>Adds <paramref name="seed"/>·∂e/∂x to the adjoint of every differentiated x that <paramref name="e"/> reads.</summary>
    private void Accumulate(Expr e, Expr seed, List<Stmt> output)
    {
        if (!AnyActive(e))
        {
            return;
        }

        if (e is not (LocalExpr or ElementExpr) && seed is not (LocalExpr or LiteralExpr) && !IsSingleUse(e))
        {
            var bound = new LocalExpr(names.Temporary("r"), seed.Type);
            output.Add(new DeclareStmt(bound.Name, bound.Type, seed));
            seed = bound;
        }

        switch (e)
        {
            case LocalExpr local when local.Type.Shape == ShapeKind.Scalar:
                AddTo(AdjointOf(local.Name), seed, output);
                break;
            case ElementExpr { Collection: LocalExpr collection } element:
                AddTo(new ElementExpr(AdjointOf(collection.Name), element.Index, element.Type), seed, output);
                break;
            case UnaryExpr { Op: UnaryOp.Negate } negate:
                Accumulate(negate.Operand, Negate(seed)!, output);
                break;
            case UnaryExpr { Op: UnaryOp.Plus or UnaryOp.SuppressNullable } plus:
                Accumulate(plus.Operand, seed, output);
                break;
            case ConvertExpr convert when convert.Operand.Type.IsFloating:
                Accumulate(convert.Operand, convert.Operand.Type.Element == seed.Type.Element ? seed : new ConvertExpr(seed, convert.Operand.Type.ElementType, IsExplicit: true), output);
                break;
            case BinaryExpr { Op: BinaryOp.Add } sum:
                Accumulate(sum.Left, seed, output);
                Accumulate(sum.Right, seed, output);
                break;
            case BinaryExpr { Op: BinaryOp.Subtract } difference:
                Accumulate(difference.Left, seed, output);
                Accumulate(difference.Right, Negate(seed)!, output);
                break;
            case BinaryExpr { Op: BinaryOp.Multiply } product:
                if (AnyActive(product.Left))
                {
                    Accumulate(product.Left, Multiply(product.Right, seed)!, output);
                }

                if (AnyActive(product.Right))
                {
                    Accumulate(product.Right, Multiply(product.Left, seed)!, output);
                }

                break;
            case BinaryExpr { Op: BinaryOp.Divide } quotient:
                // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −(a/b)/b.
                if (AnyActive(quotient.Left))
                {
                    Accumulate(quotient.Left, Divide(seed, quotient.Right)!, output);
                }

                if (AnyActive(quotient.Right))
                {
                    Accumulate(quotient.Right, Negate(Multiply(Quotient(quotient.Left, quotient.Right), Divide(seed, quotient.Right)))!, output);
                }

                break;
            case BinaryExpr { Op: BinaryOp.Remainder } remainder:
                // a mod b = a − trunc(a/b)·b: ∂a = 1, ∂b = −trunc(a/b) (between the jumps).
                Accumulate(remainder.Left, seed, output);
                if (AnyActive(remainder.Right))
                {
                    var owner = remainder.Type.Element switch { ScalarKind.Float => "global::System.MathF", ScalarKind.TypeParameter => remainder.Type.Code, _ => "global::System.Math" };
                    Accumulate(remainder.Right, Negate(Multiply(Call(owner, "Truncate", remainder.Type, Quotient(remainder.Left, remainder.Right)), seed))!, output);
                }

                break;
            default:
                throw new NotReversibleException(Describe(e) + " on a differentiated value", LocationOf(e));
        }
    }

    /// <summary>Leaves and negations of leaves use their seed once: binding it to a local would add nothing.</summary>
    private static bool IsSingleUse(Expr e) => e is UnaryExpr { Operand: LocalExpr or ElementExpr } or ConvertExpr { Operand: LocalExpr or ElementExpr };

    private static void AddTo(Expr adjoint, Expr value, List<Stmt> output)
        => output.Add(new AssignStmt(adjoint, new BinaryExpr(BinaryOp.Add, adjoint, value, adjoint.Type)));

    private static string Describe(Expr e) => e switch
    {
        ConditionalExpr => "a conditional expression",
        CallExpr call => "a call to '" + call.Target.Name + "'",
        LocalExpr local => "the whole span or array '" + local.Name + "' used as a value",
        _ => "'" + e.GetType().Name.Replace("Expr", "") + "'",
    };

    private static LocationInfo? LocationOf(Expr e) => e switch
    {
        CallExpr call => call.Location,
        BinaryExpr binary => binary.Location,
        ConvertExpr convert => convert.Location,
        _ => null,
    };
}
