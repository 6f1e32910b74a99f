using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Differentiation.Rules;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReverseTransformer
{
    /// <summary>
    /// The reverse of <c>target = f(args)</c>. Built-in functions: each argument's partial from the rule table,
    /// times the target's adjoint (x̄ᵢ += ∂ᵢf·ȳ). Callees with generated or [TangentOf] tangents: one tangent call
    /// per differentiated argument, seeded with 1 in that argument (or one <c>WithGradient</c> call for all).
    /// The call's result, when a partial reads it, is the target's value before the restore.
    /// </summary>
    private void AdjointOfCall(Expr target, Expr? adjoint, CallExpr call, List<Stmt> restore, List<Stmt> reverse)
    {
        var seed = new LocalExpr(names.Temporary("r"), target.Type);
        var contributions = new List<Stmt>();
        LocalExpr? result = null;
        LocalExpr Result()
        {
            result ??= new LocalExpr(names.Temporary("y"), call.Type);
            return result;
        }

        var resolved = TangentRules.Resolve(call, rules);
        var activeArguments = Enumerable.Range(0, call.Arguments.Count).Where(i => call.Arguments[i].Kind != ArgumentKind.Out && AnyActive(call.Arguments[i].Value)).ToList();

        // Floating out arguments the call writes are outputs too: their adjoints (taken and reset, like the target's)
        // flow back through the callee's partials as well.
        var outputSeeds = new Dictionary<int, LocalExpr>();
        var takeOutputs = new List<Stmt>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (call.Arguments[i] is { Kind: ArgumentKind.Out or ArgumentKind.Ref } written && written.Value.Type.IsFloating
                && ActivityAnalysis.RootName(written.Value) is { } root && IsActive(root))
            {
                if (written.Kind == ArgumentKind.Ref || written.Value.Type.Shape != ShapeKind.Scalar)
                {
                    throw new NotReversibleException("a call to '" + call.Target.Name + "' that writes the differentiated value '" + root + "' through a ref or span argument", call.Location);
                }

                var outputAdjoint = AdjointOfTarget(written.Value);
                var taken = new LocalExpr(names.Temporary("r"), written.Value.Type);
                takeOutputs.Add(new DeclareStmt(taken.Name, taken.Type, outputAdjoint));
                takeOutputs.Add(new AssignStmt(outputAdjoint, Zero(taken.Type)));
                outputSeeds[i] = taken;
            }
        }

        if (outputSeeds.Count > 0 && resolved.TangentSource != TangentSourceKind.TangentMethod)
        {
            throw new NotReversibleException("a call to '" + call.Target.Name + "' with differentiated out arguments and no tangent method", call.Location);
        }
        if (call.Receiver is not null && AnyActive(call.Receiver))
        {
            throw new NotReversibleException("a call on a differentiated value ('" + call.Target.Name + "')", call.Location);
        }

        if ((activeArguments.Count > 0 || outputSeeds.Count > 0) && resolved.TangentSource != TangentSourceKind.BuiltIn
            && ((call.Receiver is not null && !Ir.IsThis(call.Receiver)) || call.Arguments.Any(a => !BackwardMember.IsPlainNumber(a.Value.Type))))
        {
            // The reverse sweep calls the callee's tangent (or WithGradient, or MBackward) again: with a Random, or any
            // argument that is not a number, that call could draw or behave differently from the forward sweep's.
            var other = call.Arguments.FirstOrDefault(a => !BackwardMember.IsPlainNumber(a.Value.Type))?.Value;
            throw new NotReversibleException("a call to '" + call.Target.Name + "' that takes " + (other is LocalExpr named ? "'" + named.Name + "' (" + other.Type.Code.Replace("global::", "") + ")" : "a receiver or a value that is not a number")
                + ": the reverse sweep would call it again, and it could draw different randomness", call.Location);
        }

        if (activeArguments.Count > 0)
        {
            if (resolved.TangentSource == TangentSourceKind.BuiltIn && resolved.BuiltInRule is { } rule)
            {
                BuiltInContributions(call, rule, activeArguments, seed, Result, contributions);
            }
            else if (resolved.TangentSource == TangentSourceKind.TangentMethod && resolved.TangentMethod is { } tangentMethod)
            {
                TangentContributions(call, resolved, tangentMethod, activeArguments, seed, outputSeeds, contributions);
            }
            else
            {
                throw new NotReversibleException("a call to '" + call.Target.Name + "', which has no derivative", call.Location);
            }
        }

        if (result is not null)
        {
            reverse.Add(new DeclareStmt(result.Name, result.Type, target));
        }

        reverse.AddRange(restore);
        if (contributions.Count == 0)
        {
            if (adjoint is not null)
            {
                reverse.Add(new AssignStmt(adjoint, Zero(target.Type)));
            }

            reverse.AddRange(takeOutputs.OfType<AssignStmt>());
            return;
        }

        // The target's adjoint (zero when the target is not differentiated: only the out arguments carry seeds).
        reverse.Add(new DeclareStmt(seed.Name, seed.Type, adjoint ?? Zero(seed.Type)));
        if (adjoint is not null)
        {
            reverse.Add(new AssignStmt(adjoint, Zero(target.Type)));
        }

        reverse.AddRange(takeOutputs);
        reverse.AddRange(contributions);
    }

    private void BuiltInContributions(CallExpr call, string rule, List<int> activeArguments, LocalExpr seed, System.Func<LocalExpr> result, List<Stmt> output)
    {
        var dot = rule.LastIndexOf('.');
        var owner = rule.Substring(0, dot);
        var entry = RuleTable.Find(owner, rule.Substring(dot + 1), call.Arguments.Count)
            ?? throw new NotReversibleException("a call to '" + call.Target.Name + "', which has no derivative", call.Location);
        if (entry.PiecewiseConstant)
        {
            return;
        }

        var inputs = new PartialInputs(call, owner, result);
        foreach (var i in activeArguments)
        {
            if (entry.PartialOf(inputs, i) is { } partial)
            {
                output.AddRange(Contribution(partial, call.Arguments[i].Value, seed));
            }
        }
    }

    /// <summary>x̄ += ∂·seed for one partial of the rule table (a selection becomes an <c>if</c>, so the branch not taken adds nothing).</summary>
    private List<Stmt> Contribution(Partial partial, Expr argument, Expr seed)
    {
        var output = new List<Stmt>();
        switch (partial)
        {
            case Scaled scaled:
                var value = seed;
                if (scaled.Factor is not null)
                {
                    value = Multiply(scaled.Factor, value)!;
                }

                if (scaled.Divisor is not null)
                {
                    value = Divide(value, scaled.Divisor)!;
                }

                if (scaled.Negative)
                {
                    value = Negate(value)!;
                }

                if (scaled.ZeroWhenSeedIsZero)
                {
                    value = new ConditionalExpr(new BinaryExpr(BinaryOp.Equals, seed, Zero(seed.Type), IrType.Bool), Zero(value.Type), value, value.Type);
                }

                Accumulate(argument, value, output);
                break;
            case Branch branch:
                var whenTrue = branch.WhenTrue is null ? new List<Stmt>() : Contribution(branch.WhenTrue, argument, seed);
                var whenFalse = branch.WhenFalse is null ? new List<Stmt>() : Contribution(branch.WhenFalse, argument, seed);
                if (whenTrue.Count == 0 && whenFalse.Count == 0)
                {
                    break;
                }

                output.Add(whenTrue.Count == 0
                    ? new IfStmt(new UnaryExpr(UnaryOp.Not, branch.Condition, IrType.Bool), Block(whenFalse), null)
                    : new IfStmt(branch.Condition, Block(whenTrue), whenFalse.Count == 0 ? null : Block(whenFalse)));
                break;
        }

        return output;
    }

    private void TangentContributions(CallExpr call, CallTarget resolved, MethodRef tangentMethod, List<int> activeArguments, LocalExpr seed, Dictionary<int, LocalExpr> outputSeeds, List<Stmt> output)
    {
        var parameters = resolved.Parameters;
        if (parameters.Count != call.Arguments.Count)
        {
            throw new NotReversibleException("a call to '" + call.Target.Name + "' with optional or params arguments", call.Location);
        }

        if (parameters.Any(p => p.IsDifferentiable && p.Type.Shape != ShapeKind.Scalar))
        {
            if (resolved.BackwardMethod is not { } backwardMethod)
            {
                throw new NotReversibleException("a call to '" + call.Target.Name + "', which takes a differentiated span or array and has no MBackward ([BackwardOf]) to reverse it through", call.Location);
            }

            BackwardContributions(call, resolved, backwardMethod, seed, outputSeeds, output);
            return;
        }

        foreach (var i in activeArguments)
        {
            if (!parameters[i].IsDifferentiable)
            {
                throw new NotReversibleException("a differentiated value passed to parameter '" + parameters[i].Name + "' of '" + call.Target.Name + "', which is not differentiated", call.Location);
            }
        }

        // The primal arguments again, but nothing written: out arguments are discarded.
        var primalArguments = call.Arguments.Select((a, j) => a.Kind == ArgumentKind.Out ? new Argument(ArgumentKind.Out, new LocalExpr("_", parameters[j].Type)) : a).ToList();
        if (activeArguments.Count > 1 && outputSeeds.Count == 0 && resolved.GradientMethod is { } gradientMethod)
        {
            var differentiable = Enumerable.Range(0, parameters.Count).Where(j => parameters[j].IsDifferentiable).ToList();
            var fields = GradientMembers.FieldNames(differentiable.Select(j => parameters[j].Name));
            var gradientType = GradientMembers.StructTypeOf(gradientMethod, call.Target.Name);
            var gradient = new LocalExpr(names.Temporary("g"), gradientType);
            output.Add(new DeclareStmt(gradient.Name, gradientType, new CallExpr(TangentRules.Retarget(resolved, gradientMethod), call.Receiver, primalArguments.ToEquatableArray(), gradientType, call.Location)));
            foreach (var i in activeArguments)
            {
                var field = new MemberExpr(gradient, fields[differentiable.IndexOf(i)], call.Type);
                Accumulate(call.Arguments[i].Value, Multiply(field, seed)!, output);
            }

            return;
        }

        foreach (var i in activeArguments)
        {
            var arguments = new List<Argument>(primalArguments);
            Expr total = Zero(call.Type);
            var outputTangents = new List<(LocalExpr Tangent, LocalExpr Seed)>();
            for (var j = 0; j < parameters.Count; j++)
            {
                if (!parameters[j].IsDifferentiable)
                {
                    continue;
                }

                if (call.Arguments[j].Kind == ArgumentKind.Out)
                {
                    if (outputSeeds.TryGetValue(j, out var outputSeed))
                    {
                        var outputTangent = new LocalExpr(names.Temporary("d"), parameters[j].Type);
                        output.Add(new DeclareStmt(outputTangent.Name, outputTangent.Type, null));
                        arguments.Add(new Argument(ArgumentKind.Out, outputTangent));
                        outputTangents.Add((outputTangent, outputSeed));
                    }
                    else
                    {
                        arguments.Add(new Argument(ArgumentKind.Out, new LocalExpr("_", parameters[j].Type)));
                    }

                    continue;
                }

                arguments.Add(new Argument(ArgumentKind.Value, Number(j == i ? 1 : 0, parameters[j].Type)));
            }

            // ∂/∂argᵢ of ⟨seeds, outputs⟩: the result's (when it is floating) and each differentiated out argument's.
            Expr? sum = null;
            if (call.Type.IsFloatingScalar)
            {
                var derivative = new LocalExpr(names.Temporary("d"), call.Type);
                output.Add(new DeclareStmt(derivative.Name, derivative.Type, null));
                arguments.Add(new Argument(ArgumentKind.Out, derivative));
                sum = Multiply(derivative, seed)!;
            }

            output.Add(new ExpressionStmt(new CallExpr(TangentRules.Retarget(resolved, tangentMethod), call.Receiver, arguments.ToEquatableArray(), call.Type, call.Location)));
            foreach (var (tangent, outputSeed) in outputTangents)
            {
                sum = sum is null ? Product(tangent, outputSeed) : Sum(sum, Product(tangent, outputSeed));
            }

            if (sum is null)
            {
                continue;
            }

            total = sum;

            Accumulate(call.Arguments[i].Value, total, output);
        }
    }

    /// <summary>
    /// A callee with span inputs, through its own reverse mode: <c>GBackward(args…, seed, accumulators…)</c> adds the
    /// callee's vector–Jacobian product straight into the adjoints of the spans passed to it, and into temporaries for
    /// scalar arguments, which then flow back through the argument expressions.
    /// </summary>
    private void BackwardContributions(CallExpr call, CallTarget resolved, MethodRef backwardMethod, LocalExpr seed, Dictionary<int, LocalExpr> outputSeeds, List<Stmt> output)
    {
        var parameters = resolved.Parameters;
        if (parameters.Any(p => p.IsDifferentiable && p.Type.Shape == ShapeKind.Span))
        {
            throw new NotReversibleException("a call to '" + call.Target.Name + "' inside an expression while it also writes span outputs", call.Location);
        }

        // The primal arguments again, but the outputs discarded (the forward sweep wrote them; the reverse sweep has
        // restored what they held before); then the result's seed and each out output's seed (zero if not differentiated).
        var arguments = call.Arguments.Select((a, j) => a.Kind == ArgumentKind.Out ? new Argument(ArgumentKind.Out, new LocalExpr("_", parameters[j].Type)) : a).ToList();
        if (call.Type.IsFloatingScalar)
        {
            arguments.Add(new Argument(ArgumentKind.Value, seed));
        }

        for (var j = 0; j < parameters.Count; j++)
        {
            if (parameters[j].IsDifferentiable && parameters[j].Kind == ArgumentKind.Out)
            {
                arguments.Add(new Argument(ArgumentKind.Value, outputSeeds.TryGetValue(j, out var outputSeed) ? outputSeed : Zero(parameters[j].Type)));
            }
        }

        var afterwards = AddAccumulatorArguments(call, parameters, arguments, output);
        output.Add(new ExpressionStmt(new CallExpr(TangentRules.Retarget(resolved, backwardMethod), call.Receiver, arguments.ToEquatableArray(), call.Type, call.Location)));
        output.AddRange(afterwards);
    }

    /// <summary>What a rule of the table reads, in the reverse sweep: the arguments as written (they are call-free), and the result.</summary>
    private sealed class PartialInputs : IPartialInputs
    {
        private readonly CallExpr call;
        private readonly System.Func<LocalExpr> result;

        public PartialInputs(CallExpr call, string owner, System.Func<LocalExpr> result)
        {
            this.call = call;
            this.result = result;
            Owner = owner;
        }

        public int ArgumentCount => call.Arguments.Count;

        public IrType Type => call.Type;

        public string Owner { get; }

        public Expr Argument(int index) => call.Arguments[index].Value;

        public Expr Result() => result();
    }
}
