using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.Differentiation.Reverse;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// <c>MBackward</c> in reverse mode, for methods with span or array inputs or with floating outputs (span or
/// <c>out</c>): one forward sweep and one reverse sweep give the whole gradient (or vector–Jacobian product),
/// whatever the number of inputs. Signature: the primal parameters; <c>seed</c> for a floating result; a seed per
/// floating output (<c>ReadOnlySpan&lt;T&gt; seedZ</c>, <c>T seedY</c>); then an accumulator per differentiated
/// input (<c>Span&lt;T&gt; gradW</c> for a span or array, <c>ref T gradB</c> for a scalar), to which
/// <c>Σ seed·∂output/∂input</c> is added. Methods with scalar inputs only keep the <c>MBackward</c> of
/// <see cref="GradientMembers"/> (same signature).
/// </summary>
internal static class BackwardMember
{
    /// <summary>Whether the method's signature calls for a reverse-mode <c>MBackward</c> (its body may still not be reversible: RPG0018).</summary>
    public static bool Applies(MethodIr method)
        => method.Role is MethodRole.Reparameterizable or MethodRole.Differentiable
           && !GradientMembers.Applies(method)
           && !method.HasUserBackward
           && method.Parameters.Any(p => p.IsDifferentiableInput)
           && (method.ReturnType.IsFloatingScalar || method.Parameters.Any(p => p.IsFloatingOutput && !p.IsNoise))
           && !(method.ReturnType.IsFloating && method.ReturnType.Shape != ShapeKind.Scalar)
           && !method.Parameters.Any(p => p.Type.IsFloating && p.Kind == ArgumentKind.Ref);

    public static GeneratedMethod? Build(MethodIr method, EquatableArray<TangentRuleInfo> rules, List<DiagnosticInfo> diagnostics)
    {
        if (!Applies(method))
        {
            return null;
        }

        try
        {
            return BuildReverse(method, rules) with { IsBackwardRule = true };
        }
        catch (NotReversibleException e)
        {
            // Still one member of the same signature, so that callers (and reversed callers) can rely on it: the
            // vector–Jacobian product by forward mode, one tangent pass per input element, and a message that says so.
            if (!CanRunForwardMode(method))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReverseModeNotGenerated, e.Location ?? method.Location, method.Name,
                    "is not generated: reverse mode does not support " + e.Reason + " yet, and forward mode cannot stand in for a method that takes other values than numbers and spans (a Random would draw again at every pass)"));
                return null;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReverseModeNotGenerated, e.Location ?? method.Location, method.Name,
                "runs forward mode, one tangent pass per input element: reverse mode does not support " + e.Reason + " yet"));
            return ForwardModeBackward.Build(method) with { IsBackwardRule = true };
        }
    }

    /// <summary>
    /// <c>MWithGradient(inputs…, gradients…)</c> for a method with a floating result and span inputs: the value, and the
    /// whole gradient written (not added) into caller-provided spans (<c>out</c> for scalars), by one call of
    /// <c>MBackward</c> with seed 1. Not for methods with outputs (their gradient needs output seeds: use MBackward).
    /// </summary>
    public static GeneratedMethod? WithGradient(MethodIr method, GeneratedMethod backward)
    {
        if (!method.ReturnType.IsFloatingScalar || method.HasUserWithGradient || method.Parameters.Any(p => p.IsFloatingOutput && !p.IsNoise))
        {
            return null;
        }

        // MBackward's parameters: the primal ones, seed, then one accumulator per differentiable input.
        var primalCount = method.Parameters.Count;
        var accumulators = backward.Parameters.Skip(primalCount + 1).ToList();
        var inputs = method.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        var parameters = method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + method.Name + ".")).ToList();
        var checks = new List<Stmt>();
        var statements = new List<Stmt>();
        var arguments = method.Parameters.Select(p => new Argument(p.Kind, new LocalExpr(p.Name, p.Type))).ToList();
        arguments.Add(new Argument(ArgumentKind.Value, Number(1, method.ReturnType)));
        for (var i = 0; i < inputs.Count; i++)
        {
            var accumulator = new LocalExpr(accumulators[i].Name, accumulators[i].Type);
            if (inputs[i].Type.Shape == ShapeKind.Scalar)
            {
                parameters.Add(new GeneratedParameter(accumulator.Name, accumulator.Type, ArgumentKind.Out, "Receives ∂" + method.Name + "/∂" + inputs[i].Name + "."));
                statements.Add(new AssignStmt(accumulator, Zero(accumulator.Type)));
                arguments.Add(new Argument(ArgumentKind.Ref, accumulator));
            }
            else
            {
                parameters.Add(new GeneratedParameter(accumulator.Name, accumulator.Type, ArgumentKind.Value, "Receives ∂" + method.Name + "/∂" + inputs[i].Name + "[i] (same length as " + inputs[i].Name + ")."));
                // Checked here too, before clearing: a wrong-length span must throw untouched, not zeroed.
                checks.Add(BackwardSignature.LengthCheck(accumulator, new LocalExpr(inputs[i].Name, inputs[i].Type)));
                statements.Add(new ExpressionStmt(Ir.Method(accumulator, "Clear", IrType.Void)));
                arguments.Add(new Argument(ArgumentKind.Value, accumulator));
            }
        }

        statements.InsertRange(0, checks);
        statements.Add(new ReturnStmt(new CallExpr(
            new CallTarget(method.MemberOwnerCode, method.Name + "Backward" + method.TypeParameterList, true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null),
            null, arguments.ToEquatableArray(), method.ReturnType, null)));
        return new GeneratedMethod(
            method.Name + "WithGradient",
            method.ReturnType,
            parameters.ToEquatableArray(),
            new BlockStmt(statements.ToEquatableArray()),
            "The value of " + method.SeeCref + " and its whole gradient, written into the given spans: " + method.Name + "Backward with seed 1 into zeroed accumulators.",
            "The value of " + method.Name + ".",
            AggressiveInlining: false,
            IsTangentRule: false);
    }

    /// <summary>Whether repeated tangent passes see the same function: only numbers and spans of numbers come in.</summary>
    public static bool CanRunForwardMode(MethodIr method) => method.Parameters.All(p => IsPlainNumber(p.Type));

    /// <summary>A floating, integral or boolean scalar, or a span or array of one.</summary>
    public static bool IsPlainNumber(IrType type) => type.IsFloating || type.ElementType.IsIntegral || type.Element == ScalarKind.Bool;

    private static GeneratedMethod BuildReverse(MethodIr method, EquatableArray<TangentRuleInfo> rules)
    {
        if (method.Parameters.FirstOrDefault(p => p.IsDifferentiableStruct) is { } structParameter)
        {
            throw new NotReversibleException("struct parameters ('" + structParameter.Name + "')");
        }

        if (IrWalker.DescendantsAndSelf(method.Body).OfType<CallExpr>().FirstOrDefault(c => c.Type.IsDifferentiableStruct || c.Arguments.Any(a => a.Value.Type.IsDifferentiableStruct)) is { } structCall)
        {
            throw new NotReversibleException("calls that pass or return a struct or tuple ('" + structCall.Target.Name + "')", structCall.Location);
        }

        if (IrWalker.DescendantsAndSelf(method.Body).Any(n => n is DeclareStmt { Type.IsDifferentiableStruct: true } or WithExpr))
        {
            throw new NotReversibleException("struct or tuple values");
        }

        var names = Differentiator.NewScope(method);
        var signature = BackwardSignature.Of(method, names);
        var parameters = signature.Parameters;
        var checks = signature.Checks;
        var seed = signature.Seed;
        var adjoints = new Dictionary<string, Expr>();
        var adjointDeclarations = new List<Stmt>();
        var epilogue = new List<Stmt>();

        foreach (var p in method.Parameters.Where(p => p.IsFloatingOutput && !p.IsNoise))
        {
            var outputSeed = signature.OutputSeeds[p.Name];
            var adjoint = new LocalExpr(names.Fresh(p.Name + "Bar"), p.Type.Shape == ShapeKind.Scalar ? p.Type : p.Type.ElementType.AsSpan());
            adjoints[p.Name] = adjoint;
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                adjointDeclarations.Add(new DeclareStmt(adjoint.Name, adjoint.Type, outputSeed));
            }
            else
            {
                adjointDeclarations.Add(new DeclareStmt(adjoint.Name, adjoint.Type, Ir.Scratch(adjoint.Type, Ir.Length(new LocalExpr(p.Name, p.Type)))));
                adjointDeclarations.Add(new ExpressionStmt(Ir.Method(outputSeed, "CopyTo", IrType.Void, adjoint)));
            }
        }

        var writtenElements = new HashSet<string>(IrWalker.Statements(method.Body).OfType<AssignStmt>().Select(a => a.Target).OfType<ElementExpr>().Select(e => ActivityAnalysis.RootName(e) ?? ""));
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiableInput))
        {
            var accumulator = signature.Accumulators[p.Name];
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                var adjoint = new LocalExpr(names.Fresh(p.Name + "Bar"), p.Type);
                adjoints[p.Name] = adjoint;
                adjointDeclarations.Add(new DeclareStmt(adjoint.Name, adjoint.Type, Zero(p.Type)));
                epilogue.Add(new AssignStmt(accumulator, new BinaryExpr(BinaryOp.Add, accumulator, adjoint, p.Type)));
            }
            else
            {
                if (writtenElements.Contains(p.Name))
                {
                    throw new NotReversibleException("writes to the elements of the differentiated input array '" + p.Name + "'");
                }

                adjoints[p.Name] = accumulator;
            }
        }

        var seeds = method.Parameters.Where(p => p.IsDifferentiableInput).Select(p => p.Name).ToList();
        var preparation = new ReversePreparation(method, names);
        var prepared = preparation.Prepare(body => ActivityAnalysis.Analyse(body, seeds));
        var active = ActivityAnalysis.Analyse(prepared.Body, seeds);
        foreach (var declaration in prepared.Declarations.Where(d => d.Type.IsFloatingScalar && !d.IsConst && active.Contains(d.Name)))
        {
            var adjoint = new LocalExpr(names.Fresh(declaration.Name + "Bar"), declaration.Type);
            adjoints[declaration.Name] = adjoint;
            adjointDeclarations.Add(new DeclareStmt(adjoint.Name, adjoint.Type, prepared.Result?.Name == declaration.Name && seed is not null ? seed : Zero(declaration.Type)));
        }

        foreach (var collection in IrWalker.Statements(prepared.Body).OfType<DeclareStmt>().Where(d => d.Type.IsFloatingCollection && active.Contains(d.Name)))
        {
            adjoints[collection.Name] = new LocalExpr(names.Fresh(collection.Name + "Bar"), collection.Type.ElementType.AsSpan());
        }

        foreach (var p in method.Parameters.Where(p => p.Type.IsFloatingScalar && !p.IsDifferentiable && active.Contains(p.Name)))
        {
            // A [Noise] or [Constant] parameter the body overwrites with a differentiated value: a local adjoint, not returned.
            var adjoint = new LocalExpr(names.Fresh(p.Name + "Bar"), p.Type);
            adjoints[p.Name] = adjoint;
            adjointDeclarations.Add(new DeclareStmt(adjoint.Name, adjoint.Type, Zero(p.Type)));
        }

        var transformer = new ReverseTransformer(method, prepared, names, rules, active, adjoints);
        var (forward, reverse) = transformer.Transform();

        var statements = new List<Stmt>(checks);

        // The forward sweep may record an out parameter's value before the body first writes it: start it at zero.
        statements.AddRange(method.Parameters.Where(p => p.Kind == ArgumentKind.Out).Select(p => (Stmt)new AssignStmt(new LocalExpr(p.Name, p.Type), ReversePreparation.DefaultValue(p.Type))));
        statements.AddRange(prepared.Declarations);
        statements.AddRange(transformer.Declarations);
        statements.AddRange(adjointDeclarations);
        var tapeAt = statements.Count;
        // The reverse sweep restores what the forward sweep overwrote, outputs included: keep the outputs' final values.
        var keep = new List<Stmt>();
        var putBack = new List<Stmt>();
        foreach (var p in method.Parameters.Where(p => p.Type.IsFloating && (p.Kind == ArgumentKind.Out || p.Type.Shape == ShapeKind.Span)))
        {
            var output = new LocalExpr(p.Name, p.Type);
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                var final = new LocalExpr(names.Fresh(p.Name + "Value"), p.Type);
                keep.Add(new DeclareStmt(final.Name, final.Type, output));
                putBack.Add(new AssignStmt(output, final));
            }
            else if (transformer.RestoresElementsOf(p.Name) && p.Type.IsGenericFloating)
            {
                // The tape saves double and float spans; a span of a generic T is kept in an array of its own.
                var arrayType = new IrType(ScalarKind.TypeParameter, ShapeKind.Array, p.Type.ElementType.Code + "[]");
                var final = new LocalExpr(names.Fresh(p.Name + "Value"), arrayType);
                keep.Add(new DeclareStmt(final.Name, final.Type, Ir.Method(output, "ToArray", arrayType)));
                putBack.Insert(0, new ExpressionStmt(Ir.Call("global::System.MemoryExtensions", "CopyTo", IrType.Void, final, output)));
            }
            else if (transformer.RestoresElementsOf(p.Name))
            {
                transformer.UseTape();
                keep.Add(new ExpressionStmt(Ir.Method(transformer.Tape, "Save", IrType.Void, output)));
                putBack.Insert(0, new ExpressionStmt(Ir.Method(transformer.Tape, "Restore", IrType.Void, output)));
            }
        }

        LocalExpr? value = null;
        if (prepared.Result is { } result)
        {
            value = new LocalExpr(names.Fresh("value"), result.Type);
            keep.Add(new DeclareStmt(value.Name, value.Type, result));
        }

        statements.AddRange(forward);
        statements.AddRange(keep);
        statements.AddRange(reverse);
        statements.AddRange(putBack);
        statements.AddRange(epilogue);
        if (transformer.UsesTape)
        {
            statements.Insert(tapeAt, new DeclareStmt(transformer.Tape.Name, transformer.Tape.Type, new NewObjectExpr(EquatableArray<Expr>.Empty, transformer.Tape.Type)));
            statements.Add(new ExpressionStmt(Ir.Method(transformer.Tape, "Dispose", IrType.Void)));
        }

        if (value is not null)
        {
            statements.Add(new ReturnStmt(value));
        }

        return new GeneratedMethod(
            method.Name + "Backward",
            method.ReturnType,
            parameters.ToEquatableArray(),
            new BlockStmt(UnusedLocals.Remove(statements)),
            "Reverse mode for " + method.SeeCref + ": one forward and one reverse sweep. Writes the outputs as " + method.Name
                + " does and adds the vector–Jacobian product <c>Σ seed·∂output/∂input</c> to each accumulator.",
            method.ReturnType.IsFloatingScalar || prepared.Result is not null ? "The value of " + method.Name + "." : null,
            AggressiveInlining: false,
            IsTangentRule: false);
    }
}
