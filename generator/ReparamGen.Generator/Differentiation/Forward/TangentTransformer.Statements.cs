using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

internal sealed partial class TangentTransformer
{
    public BlockStmt TransformBlock(Stmt statement)
    {
        var output = new List<Stmt>();
        if (statement is BlockStmt block)
        {
            foreach (var s in block.Statements)
            {
                Transform(s, output);
            }
        }
        else
        {
            Transform(statement, output);
        }

        return new BlockStmt(output.ToEquatableArray());
    }

    private void Transform(Stmt statement, List<Stmt> output)
    {
        switch (statement)
        {
            case BlockStmt block:
                output.Add(TransformBlock(block));
                break;
            case DeclareStmt declare:
                TransformDeclaration(declare, output);
                break;
            case AssignStmt assign:
                TransformAssignment(assign, output);
                break;
            case ExpressionStmt { Expression: CallExpr call }:
                TransformCallStatement(call, output);
                break;
            case ExpressionStmt expression:
                output.Add(expression with { Expression = HoistOutputCalls(expression.Expression, output) });
                break;
            case ReturnStmt ret:
                TransformReturn(ret, output);
                break;
            case IfStmt conditional:
                output.Add(new IfStmt(
                    Condition(conditional.Condition, output),
                    TransformBlock(conditional.Then),
                    conditional.Else is null ? null : TransformBlock(conditional.Else)));
                break;
            case WhileStmt loop:
                output.Add(new WhileStmt(Condition(loop.Condition, pre: null), TransformBlock(loop.Body)));
                break;
            case DoWhileStmt loop:
                output.Add(new DoWhileStmt(TransformBlock(loop.Body), Condition(loop.Condition, pre: null)));
                break;
            case ForStmt loop:
                TransformFor(loop, output);
                break;
            case SwitchStmt switchStatement:
                output.Add(new SwitchStmt(
                    HoistOutputCalls(switchStatement.Value, output),
                    switchStatement.Sections.Select(section => new SwitchSection(section.Labels, TransformBlock(new BlockStmt(section.Body)).Statements)).ToEquatableArray()));
                break;
            default:
                output.Add(statement);
                break;
        }
    }

    private void TransformDeclaration(DeclareStmt declare, List<Stmt> output)
    {
        if (!declare.Type.HasTangent || !IsActiveAnywhere(declare.Name) || (declare.Type.IsDifferentiableStruct && !HasStructTangent(declare.Name)))
        {
            // e.g. int k = StraightThrough(logits, τ, gumbel, sample): the value is kept, the outputs' tangents computed.
            output.Add(declare.Initializer is null ? declare : declare with { Initializer = HoistOutputCalls(declare.Initializer, output) });
            return;
        }

        if (declare.Type.IsFloatingCollection)
        {
            output.Add(declare);
            for (var j = 0; j < Count; j++)
            {
                if (IsActive(declare.Name, j))
                {
                    var init = declare.Initializer is null ? null : CollectionTangent(declare.Initializer, j);
                    if (init is null && declare.Initializer is not null)
                    {
                        Report(DiagnosticDescriptors.UnsupportedConstruct, FirstLocation(declare.Initializer),
                            "A span or array variable '" + declare.Name + "' initialized from differentiated values by something other than a new collection, another span variable or its Slice", method.Name);
                    }

                    output.Add(new DeclareStmt(TangentName(declare.Name, j), declare.Type, init));
                }
            }

            return;
        }

        if (declare.Initializer is null)
        {
            output.Add(declare);
            for (var j = 0; j < Count; j++)
            {
                if (IsActive(declare.Name, j))
                {
                    output.Add(new DeclareStmt(TangentName(declare.Name, j), declare.Type, null));
                }
            }

            return;
        }

        var slot = new LocalExpr(declare.Name, declare.Type);
        var dual = Differentiate(declare.Initializer, output, slot);
        if (!Equals(dual.Primal, slot))
        {
            output.Add(new DeclareStmt(declare.Name, declare.Type, dual.Primal, declare.IsConst && !AnyActive(declare.Initializer)));
        }

        for (var j = 0; j < Count; j++)
        {
            if (IsActive(declare.Name, j))
            {
                output.Add(new DeclareStmt(TangentName(declare.Name, j), declare.Type, dual.Tangents[j] ?? Zero(declare.Type)));
            }
        }
    }

    private void TransformAssignment(AssignStmt assign, List<Stmt> output)
    {
        var root = ActivityAnalysis.RootName(assign.Target);
        if (assign.Target is ElementExpr { Index: var index } written && !IsPure(index))
        {
            // The primal and the tangent write the same element: an index with effects is computed once.
            assign = assign with { Target = written with { Index = Bind(HoistOutputCalls(index, output), needed: true, output) } };
        }

        if (root is null || !assign.Target.Type.HasTangent || !IsActiveAnywhere(root) || (assign.Target.Type.IsDifferentiableStruct && !HasStructTangent(root)))
        {
            output.Add(assign with { Value = HoistOutputCalls(assign.Value, output) });
            return;
        }

        var dual = Differentiate(assign.Value, output, slot: null);
        for (var j = 0; j < Count; j++)
        {
            if (!IsActive(root, j))
            {
                continue;
            }

            Expr tangentTarget = assign.Target switch
            {
                ElementExpr element => new ElementExpr(new LocalExpr(TangentName(root, j), element.Collection.Type), element.Index, element.Type),
                _ => new LocalExpr(TangentName(root, j), assign.Target.Type),
            };
            var tangent = dual.Tangents[j] ?? Zero(assign.Target.Type);
            if (!Equals(tangent, tangentTarget))
            {
                output.Add(new AssignStmt(tangentTarget, tangent)); // x += c leaves dX as it is
            }
        }

        output.Add(new AssignStmt(assign.Target, dual.Primal));
    }

    private void TransformReturn(ReturnStmt ret, List<Stmt> output)
    {
        if (ret.Value is null)
        {
            output.AddRange(returnBuilder(new DefaultExpr(IrType.Void), new Expr?[Count]));
            return;
        }

        Dual dual;
        if (ret.Value is LocalExpr or LiteralExpr || !AnyActive(ret.Value))
        {
            dual = Differentiate(ret.Value, output, slot: null);
        }
        else
        {
            var slot = new LocalExpr(Names.Fresh("r"), method.ReturnType);
            var inner = Differentiate(ret.Value, output, slot);
            if (!Equals(inner.Primal, slot))
            {
                output.Add(new DeclareStmt(slot.Name, slot.Type, inner.Primal));
            }

            dual = new Dual(slot, inner.Tangents);
        }

        output.AddRange(returnBuilder(dual.Primal, dual.Tangents));
    }

    private void TransformFor(ForStmt loop, List<Stmt> output)
    {
        var initializers = new List<Stmt>();
        foreach (var s in loop.Initializers)
        {
            Transform(s, initializers);
        }

        var incrementors = new List<Stmt>();
        foreach (var s in loop.Incrementors)
        {
            Transform(s, incrementors);
        }

        // A for-header holds only what the primal had: anything the tangent adds would not fit there.
        var simple = initializers.Count == loop.Initializers.Count && incrementors.Count == loop.Incrementors.Count;
        if (!simple)
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, loop.Location, "A for-loop whose initializer or iterator updates a differentiated value (move the update into the loop body)", method.Name);
        }

        output.Add(new ForStmt(initializers.ToEquatableArray(), loop.Condition is null ? null : Condition(loop.Condition, pre: null), incrementors.ToEquatableArray(), TransformBlock(loop.Body)));
    }

    /// <summary>
    /// Conditions are never differentiated, but a convergence test must also hold for every tangent:
    /// <c>Convergence.Reached(term, sum, tol)</c> becomes a conjunction over the value and each direction.
    /// </summary>
    private Expr Condition(Expr condition, List<Stmt>? pre)
    {
        condition = HoistOutputCalls(condition, pre);
        switch (condition)
        {
            case CallExpr { Target.BuiltInRule: var rule } call when rule == Parsing.KnownNames.ConvergenceType + "." + Parsing.KnownNames.ConvergenceMethod && call.Arguments.Count == 3:
            {
                Expr result = call;
                for (var j = 0; j < Count; j++)
                {
                    var term = PureTangent(call.Arguments[0].Value, j, call.Location);
                    var sum = PureTangent(call.Arguments[1].Value, j, call.Location);
                    if (term is null && sum is null)
                    {
                        continue;
                    }

                    var type = call.Arguments[0].Value.Type;
                    var tangentTest = new CallExpr(call.Target, null, EquatableArray.Create(
                        new Argument(ArgumentKind.Value, term ?? Zero(type)),
                        new Argument(ArgumentKind.Value, sum ?? Zero(type)),
                        call.Arguments[2]), IrType.Bool, call.Location);
                    result = new BinaryExpr(BinaryOp.ConditionalAnd, result, tangentTest, IrType.Bool);
                }

                return result;
            }

            case UnaryExpr unary:
                return unary with { Operand = Condition(unary.Operand, pre) };
            case BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr } binary:
                return binary with { Left = Condition(binary.Left, pre), Right = Condition(binary.Right, pre) };
            default:
                return condition;
        }
    }

    /// <summary>The tangent of a variable or element read, which can be evaluated inside a condition.</summary>
    private Expr? PureTangent(Expr value, int j, LocationInfo? location)
    {
        var scratch = new List<Stmt>();
        var dual = Differentiate(value, scratch, slot: null);
        if (scratch.Count > 0)
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, location, "A Convergence.Reached argument that is not a variable (store the term and the sum in locals)", method.Name);
            return null;
        }

        return dual.Tangents[j];
    }

    /// <summary>
    /// The tangent a new span or array variable starts with: a fresh collection for a fresh one, the same view
    /// of the tangent for a view (<c>s</c>, <c>s.Slice(i, n)</c>), else null (reported by the caller).
    /// </summary>
    private Expr? CollectionTangent(Expr init, int j) => init switch
    {
        NewCollectionExpr fresh => fresh,
        ConditionalExpr { WhenTrue: NewCollectionExpr, WhenFalse: NewCollectionExpr } scratch => scratch,
        LocalExpr local => TangentOfVariable(local, j),
        ConvertExpr { IsExplicit: false } convert when CollectionTangent(convert.Operand, j) is { } operand => convert with { Operand = operand },
        CallExpr { Receiver: { } receiver, Target.Name: "Slice" } slice when slice.Arguments.All(a => IsPure(a.Value)) && CollectionTangent(receiver, j) is { } whole
            => slice with { Receiver = whole, Target = slice.Target with { TangentSource = TangentSourceKind.None } },
        CallExpr asSpan
            when ActivityAnalysis.IsArrayAsSpan(asSpan) && asSpan.Arguments.Skip(1).All(a => IsPure(a.Value) && a.Value.Type == IrType.Int32) && CollectionTangent(asSpan.Arguments[0].Value, j) is { } whole
            => whole.Type.Shape == ShapeKind.Array ? asSpan with { Arguments = new[] { new Argument(ArgumentKind.Value, whole) }.Concat(asSpan.Arguments.Skip(1)).ToEquatableArray(), Target = asSpan.Target with { TangentSource = TangentSourceKind.None } }
                : asSpan.Arguments.Count == 1 ? whole : Ir.Method(whole, "Slice", whole.Type, asSpan.Arguments.Skip(1).Select(a => a.Value).ToArray()),
        _ => null,
    };
}
