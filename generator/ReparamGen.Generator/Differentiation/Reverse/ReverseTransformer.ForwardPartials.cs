using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReverseTransformer
{
    /// <summary>The partials of one call, computed by the forward sweep (where the call draws), read by the reverse sweep.</summary>
    private sealed record ForwardPartials(List<(int Argument, LocalExpr Partial)> Partials, LocalExpr? Gradient, MethodRef Method);

    private readonly Dictionary<Stmt, ForwardPartials> forwardPartials = new(IdentityComparer<Stmt>.Instance);

    /// <summary>
    /// A call that takes a <c>Random</c> (an implicitly reparameterized sampler, say) cannot be called again by the
    /// reverse sweep: it would draw again. Its partials are taken where it is called, in the forward sweep, from the
    /// tangent call that replaces it (one differentiated argument) or from its <c>WithGradient</c> (several); they are
    /// locals like the body's own, recorded when a loop overwrites them.
    /// </summary>
    private void PlanForwardPartials()
    {
        foreach (var assign in IrWalker.Statements(prepared.Body).OfType<AssignStmt>())
        {
            if (assign.Value is not CallExpr call || !assign.Target.Type.IsFloatingScalar || ActivityAnalysis.RootName(assign.Target) is not { } root || !IsActive(root))
            {
                continue;
            }

            var resolved = TangentRules.Resolve(call, rules);
            if (resolved.TangentSource != TangentSourceKind.TangentMethod || resolved.TangentMethod is null
                || ((call.Receiver is null || Ir.IsThis(call.Receiver)) && call.Arguments.All(a => BackwardMember.IsPlainNumber(a.Value.Type)))
                || call.Arguments.Any(a => a.Kind is ArgumentKind.Out or ArgumentKind.Ref && a.Value.Type.IsFloating)
                || resolved.Parameters.Count != call.Arguments.Count
                || resolved.Parameters.Any(p => p.IsDifferentiable && p.Type.Shape != ShapeKind.Scalar))
            {
                continue;
            }

            var active = Enumerable.Range(0, call.Arguments.Count).Where(i => AnyActive(call.Arguments[i].Value) && resolved.Parameters[i].IsDifferentiable).ToList();
            if (active.Count == 0 || (active.Count > 1 && resolved.GradientMethod is null))
            {
                continue;
            }

            var partials = active.Select(i => (i, Partial: new LocalExpr(names.Fresh("d" + NameScope.Pascal(root) + "_d" + NameScope.Pascal(resolved.Parameters[i].Name)), call.Type))).ToList();
            foreach (var (_, partial) in partials)
            {
                declarations.Add(new DeclareStmt(partial.Name, partial.Type, Zero(partial.Type)));
                primalNames.Add(partial.Name);
            }

            LocalExpr? gradient = null;
            if (active.Count > 1)
            {
                var gradientMethod = resolved.GradientMethod!;
                var gradientType = GradientMembers.StructTypeOf(gradientMethod, call.Target.Name);
                gradient = new LocalExpr(names.Fresh("gradientOf" + NameScope.Pascal(call.Target.Name)), gradientType);
                declarations.Add(new DeclareStmt(gradient.Name, gradientType, ReversePreparation.DefaultValue(gradientType)));
            }

            forwardPartials[assign] = new ForwardPartials(partials, gradient, active.Count > 1 ? resolved.GradientMethod! : resolved.TangentMethod);
        }
    }

    /// <summary>The forward code of a call with forward partials: the tangent call (or WithGradient) in place of the call.</summary>
    private List<Stmt> ForwardWithPartials(AssignStmt assign, ForwardPartials plan)
    {
        var call = (CallExpr)assign.Value;
        var resolved = TangentRules.Resolve(call, rules);
        if (plan.Gradient is { } gradient)
        {
            var parameters = resolved.Parameters;
            var differentiable = Enumerable.Range(0, parameters.Count).Where(j => parameters[j].IsDifferentiable).ToList();
            var fields = GradientMembers.FieldNames(differentiable.Select(j => parameters[j].Name));
            var statements = new List<Stmt>
            {
                new AssignStmt(gradient, new CallExpr(TangentRules.Retarget(resolved, plan.Method), call.Receiver, call.Arguments, gradient.Type, call.Location)),
                new AssignStmt(assign.Target, new MemberExpr(gradient, "Value", call.Type)),
            };
            statements.AddRange(plan.Partials.Select(p => (Stmt)new AssignStmt(p.Partial, new MemberExpr(gradient, fields[differentiable.IndexOf(p.Argument)], call.Type))));
            return statements;
        }

        var (argument, partial) = plan.Partials[0];
        var arguments = call.Arguments.ToList();
        for (var j = 0; j < resolved.Parameters.Count; j++)
        {
            if (resolved.Parameters[j].IsDifferentiable)
            {
                arguments.Add(new Argument(ArgumentKind.Value, Number(j == argument ? 1 : 0, resolved.Parameters[j].Type)));
            }
        }

        arguments.Add(new Argument(ArgumentKind.Out, partial));
        return new List<Stmt> { new AssignStmt(assign.Target, new CallExpr(TangentRules.Retarget(resolved, plan.Method), call.Receiver, arguments.ToEquatableArray(), call.Type, call.Location)) };
    }

    /// <summary>The reverse of a call with forward partials: x̄ᵢ += ∂ᵢ·ȳ with the recorded ∂ᵢ.</summary>
    private (List<Stmt>, List<Stmt>) TransformWithForwardPartials(AssignStmt assign, ForwardPartials plan)
    {
        var forward = new List<Stmt>();
        var restore = new List<Stmt>();
        foreach (var written in new[] { assign.Target }.Concat(plan.Partials.Select(p => (Expr)p.Partial)))
        {
            // Recorded in this order, restored in the opposite one (the tape is last in, first out).
            var back = new List<Stmt>();
            RecordWrites(written, null, forward, back);
            restore.InsertRange(0, back);
        }

        forward.AddRange(ForwardWithPartials(assign, plan));

        // The partials are outputs of this statement: read them before the restore gives back their earlier values.
        var reverse = new List<Stmt>();
        var taken = new List<LocalExpr>();
        foreach (var (_, partial) in plan.Partials)
        {
            var copy = new LocalExpr(names.Temporary("p"), partial.Type);
            reverse.Add(new DeclareStmt(copy.Name, copy.Type, partial));
            taken.Add(copy);
        }

        reverse.AddRange(restore);
        var adjoint = AdjointOfTarget(assign.Target);
        var seed = new LocalExpr(names.Temporary("r"), assign.Target.Type);
        reverse.Add(new DeclareStmt(seed.Name, seed.Type, adjoint));
        reverse.Add(new AssignStmt(adjoint, Zero(seed.Type)));
        var call = (CallExpr)assign.Value;
        for (var k = 0; k < plan.Partials.Count; k++)
        {
            Accumulate(call.Arguments[plan.Partials[k].Argument].Value, Multiply(taken[k], seed)!, reverse);
        }

        return (forward, reverse);
    }
}
