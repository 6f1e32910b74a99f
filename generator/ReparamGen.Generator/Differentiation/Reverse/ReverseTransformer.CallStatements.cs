using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReverseTransformer
{
    private const string RandomType = "global::System.Random";

    /// <summary>
    /// A call statement whose callee writes differentiated outputs through spans or <c>out</c> arguments (a sampler
    /// filling a span, a Cholesky factor…), reversed through the callee's own <c>MBackward</c>: the outputs' adjoints
    /// are its seeds and are then reset (the call overwrote the outputs), and it adds into the inputs' adjoints.
    /// A <c>Random</c> argument goes through the tape: the forward sweep passes a recorder, the reverse sweep replays the
    /// same draws to <c>MBackward</c> (which runs the callee again), so both differentiate the one sample drawn.
    /// When the call's result is assigned (<paramref name="target"/>), the forward sweep keeps the assignment, and a
    /// differentiated target's adjoint is the result's seed.
    /// </summary>
    private (List<Stmt>, List<Stmt>) TransformCallThroughBackward(Expr? target, CallExpr call, CallTarget resolved, MethodRef backwardMethod)
    {
        var parameters = resolved.Parameters;
        if (parameters.Count != call.Arguments.Count)
        {
            throw new NotReversibleException("a call to '" + call.Target.Name + "' with optional or params arguments", call.Location);
        }

        if (call.Receiver is not null && AnyActive(call.Receiver))
        {
            throw new NotReversibleException("a call on a differentiated value ('" + call.Target.Name + "')", call.Location);
        }

        var randomArguments = Enumerable.Range(0, parameters.Count).Where(j => parameters[j].Type.Code == RandomType).ToList();
        var other = Enumerable.Range(0, parameters.Count).Where(j => !BackwardMember.IsPlainNumber(parameters[j].Type) && parameters[j].Type.Code != RandomType).DefaultIfEmpty(-1).First();
        if (randomArguments.Count > 1 || other >= 0)
        {
            throw new NotReversibleException("a call to '" + call.Target.Name + "' that takes " + (other >= 0 ? "'" + parameters[other].Name + "' (" + parameters[other].Type.Code.Replace("global::", "") + "), which is neither a number nor a Random" : "several Random arguments")
                + ": the reverse sweep runs the callee again and must see it behave the same", call.Location);
        }

        var outputs = new HashSet<string>();
        for (var j = 0; j < parameters.Count; j++)
        {
            if (parameters[j].IsDifferentiable && parameters[j].Type.Shape == ShapeKind.Span)
            {
                outputs.Add(ActivityAnalysis.ViewedVariable(call.Arguments[j].Value) ?? "");
            }
        }

        for (var j = 0; j < parameters.Count; j++)
        {
            if (parameters[j].IsDifferentiable && parameters[j].Kind != ArgumentKind.Out && parameters[j].Type.Shape != ShapeKind.Span
                && ActivityAnalysis.ViewedVariable(call.Arguments[j].Value) is { } input && outputs.Contains(input))
            {
                throw new NotReversibleException("a call to '" + call.Target.Name + "' that reads and writes the same span '" + input + "'", call.Location);
            }
        }

        var forward = new List<Stmt>();
        var restore = new List<Stmt>();
        RecordWrites(target, call, forward, restore);
        var forwardArguments = call.Arguments.ToList();
        var replayArguments = call.Arguments.Select((a, j) => a.Kind == ArgumentKind.Out ? new Argument(ArgumentKind.Out, new LocalExpr("_", parameters[j].Type)) : a).ToList();
        foreach (var j in randomArguments)
        {
            UseTape();
            var random = new IrType(ScalarKind.Other, ShapeKind.Scalar, RandomType);
            forwardArguments[j] = new Argument(ArgumentKind.Value, Ir.Method(Tape, "Record", random, call.Arguments[j].Value));
            replayArguments[j] = new Argument(ArgumentKind.Value, Ir.Method(Tape, "Replay", random));
        }

        var forwardCall = call with { Arguments = forwardArguments.ToEquatableArray() };
        forward.Add(target is null ? new ExpressionStmt(forwardCall) : new AssignStmt(target, forwardCall));

        // MBackward's seeds: the result's (its target's adjoint, taken and reset; zero when discarded or not
        // differentiated), then each floating output's adjoint, in parameter order.
        var reverse = new List<Stmt>();
        var resets = new List<Stmt>();
        if (call.Type.IsFloatingScalar)
        {
            if (target is not null && target.Type.IsFloatingScalar && ActivityAnalysis.RootName(target) is { } targetRoot && IsActive(targetRoot))
            {
                var targetAdjoint = AdjointOfTarget(target);
                var resultSeed = new LocalExpr(names.Temporary("r"), target.Type);
                reverse.Add(new DeclareStmt(resultSeed.Name, resultSeed.Type, targetAdjoint));
                reverse.Add(new AssignStmt(targetAdjoint, Zero(resultSeed.Type)));
                replayArguments.Add(new Argument(ArgumentKind.Value, resultSeed));
            }
            else
            {
                replayArguments.Add(new Argument(ArgumentKind.Value, Zero(call.Type)));
            }
        }

        for (var j = 0; j < parameters.Count; j++)
        {
            if (!parameters[j].IsDifferentiable || (parameters[j].Kind != ArgumentKind.Out && parameters[j].Type.Shape != ShapeKind.Span))
            {
                continue;
            }

            var written = call.Arguments[j].Value;
            var root = ActivityAnalysis.RootName(written);
            if (parameters[j].Type.Shape == ShapeKind.Span)
            {
                if (written is not LocalExpr span || !IsActive(span.Name))
                {
                    throw new NotReversibleException(written is LocalExpr
                        ? "a call to '" + call.Target.Name + "' whose output '" + parameters[j].Name + "' is written to a span that is not differentiated"
                        : "a span expression (a slice or view) passed as output '" + parameters[j].Name + "' of '" + call.Target.Name + "'; pass a span variable", call.Location);
                }

                var seedSpan = AdjointOf(span.Name);
                replayArguments.Add(new Argument(ArgumentKind.Value, seedSpan));
                resets.Add(new ExpressionStmt(Ir.Method(seedSpan, "Clear", IrType.Void)));
            }
            else if (root is not null && IsActive(root) && written.Type.Shape == ShapeKind.Scalar)
            {
                var outputAdjoint = AdjointOfTarget(written);
                var taken = new LocalExpr(names.Temporary("r"), written.Type);
                reverse.Add(new DeclareStmt(taken.Name, taken.Type, outputAdjoint));
                reverse.Add(new AssignStmt(outputAdjoint, Zero(taken.Type)));
                replayArguments.Add(new Argument(ArgumentKind.Value, taken));
            }
            else
            {
                replayArguments.Add(new Argument(ArgumentKind.Value, Zero(parameters[j].Type)));
            }
        }

        var afterwards = AddAccumulatorArguments(call, parameters, replayArguments, reverse);
        reverse.Add(new ExpressionStmt(new CallExpr(TangentRules.Retarget(resolved, backwardMethod), call.Receiver, replayArguments.ToEquatableArray(), call.Type, call.Location)));
        reverse.AddRange(resets);
        reverse.AddRange(afterwards);
        reverse.AddRange(restore);
        return (forward, reverse);
    }

    /// <summary>
    /// MBackward's accumulators for a call: each differentiated span input's own adjoint (it adds into it), and a zeroed
    /// temporary per scalar input; returns the statements that then pass the temporaries back through the arguments.
    /// </summary>
    private List<Stmt> AddAccumulatorArguments(CallExpr call, EquatableArray<ParameterSignature> parameters, List<Argument> arguments, List<Stmt> output)
    {
        var afterwards = new List<Stmt>();
        for (var j = 0; j < parameters.Count; j++)
        {
            if (!parameters[j].IsDifferentiable || parameters[j].Kind == ArgumentKind.Out || parameters[j].Type.Shape == ShapeKind.Span)
            {
                continue;
            }

            var argument = call.Arguments[j].Value;
            if (parameters[j].Type.Shape != ShapeKind.Scalar)
            {
                if (!AnyActive(argument))
                {
                    // Data passed where the callee differentiates: its adjoint goes to a zeroed span that is thrown away.
                    if (parameters[j].Type.IsGenericFloating)
                    {
                        throw new NotReversibleException("data passed as the generic span parameter '" + parameters[j].Name + "' (the tape's discard buffers are double or float)");
                    }

                    UseTape();
                    var discard = parameters[j].Type.Element == ScalarKind.Float ? "DiscardSingle" : "Discard";
                    arguments.Add(new Argument(ArgumentKind.Value, Ir.Method(Tape, discard, parameters[j].Type.ElementType.AsSpan(), Ir.Length(argument))));
                    continue;
                }

                if (ActivityAnalysis.ViewedVariable(argument) is not { } span || !IsActive(span))
                {
                    throw new NotReversibleException("a span expression passed to parameter '" + parameters[j].Name + "' of '" + call.Target.Name + "' that is not a variable or a view of one; store it in a variable first", call.Location);
                }

                var viewAdjoint = argument is LocalExpr or ConvertExpr { IsExplicit: false, Operand: LocalExpr } ? AdjointOf(span) : AdjointOfView(argument);
                arguments.Add(new Argument(ArgumentKind.Value, viewAdjoint
                    ?? throw new NotReversibleException("a view of span '" + span + "', which the body writes, passed to '" + call.Target.Name + "'; pass a span variable", call.Location)));
                continue;
            }

            var accumulator = new LocalExpr(names.Temporary("a"), parameters[j].Type);
            output.Add(new DeclareStmt(accumulator.Name, accumulator.Type, Zero(accumulator.Type)));
            arguments.Add(new Argument(ArgumentKind.Ref, accumulator));
            if (AnyActive(argument))
            {
                Accumulate(argument, accumulator, afterwards);
            }
        }

        return afterwards;
    }
}
