using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

internal sealed partial class TangentTransformer
{
    private Dual DifferentiateCall(CallExpr call, List<Stmt> pre, LocalExpr? slot)
    {
        var target = Resolve(call);
        if (target.TangentSource == TangentSourceKind.BuiltIn && target.BuiltInRule is { } rule)
        {
            return DifferentiateBuiltIn(call, rule, pre, slot);
        }

        if (target.TangentSource == TangentSourceKind.TangentMethod && target.TangentMethod is { } tangentMethod)
        {
            return CallTangentMethod(call, target, tangentMethod, pre, slot);
        }

        ReportNoTangent(call);
        return new Dual(call, new Expr?[Count]);
    }

    /// <summary>[TangentOf] rules declared elsewhere in the compilation complete what the parser resolved.</summary>
    private CallTarget Resolve(CallExpr call) => TangentRules.Resolve(call, rules);

    private Dual DifferentiateBuiltIn(CallExpr call, string rule, List<Stmt> pre, LocalExpr? slot)
    {
        var arguments = call.Arguments.Select(a => Differentiate(a.Value, pre, null)).ToArray();
        var primal = call with { Arguments = arguments.Select((a, i) => new Argument(call.Arguments[i].Kind, a.Primal)).ToEquatableArray() };
        var inputs = new RuleInputs(this, arguments, pre, call.Type, rule.Substring(0, rule.LastIndexOf('.')));
        var tangents = new Expr?[Count];
        Expr? boundPrimal = null;
        for (var j = 0; j < Count; j++)
        {
            inputs.Direction = j;
            inputs.ResultFactory = () =>
            {
                if (boundPrimal is null)
                {
                    var rebuilt = primal with { Arguments = inputs.BoundArguments(call) };
                    var (value, bound) = BindResult(rebuilt, pre, slot);
                    boundPrimal = bound;
                    return value;
                }

                return boundPrimal;
            };
            tangents[j] = BuiltInRules.Apply(rule, inputs);
        }

        return new Dual(boundPrimal ?? (primal with { Arguments = inputs.BoundArguments(call) }), tangents);
    }

    private Dual CallTangentMethod(CallExpr call, CallTarget target, MethodRef tangentMethod, List<Stmt> pre, LocalExpr? slot)
    {
        var arguments = new List<Argument>();
        var argumentDuals = new List<Dual>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (argument.Kind == ArgumentKind.Out)
            {
                arguments.Add(argument);
                argumentDuals.Add(new Dual(argument.Value, new Expr?[Count]));
                continue;
            }

            if (argument.Value.Type.IsDifferentiableStruct && AnyActive(argument.Value) && !CarriesStructTangent(argument.Value))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, call.Location,
                    "Passing to '" + target.Name + "' a struct made by a constructor call from differentiated values (a constructor has no derivative rule: pass a struct parameter, a tuple, or the members as doubles)",
                    method.Name);
                arguments.Add(argument);
                argumentDuals.Add(new Dual(argument.Value, new Expr?[Count]));
                continue;
            }

            var dual = Differentiate(argument.Value, pre, null);
            var value = Count > 1 ? Bind(dual.Primal, needed: true, pre) : dual.Primal;
            arguments.Add(argument with { Value = value });
            argumentDuals.Add(dual);
            var parameter = i < target.Parameters.Count ? target.Parameters[i] : null;
            if (parameter is { IsDifferentiable: false } && parameter.Type.IsFloating && AnyActive(argument.Value))
            {
                Report(DiagnosticDescriptors.ActiveValueIntoNoise, call.Location, parameter.Name, target.Name);
            }
            else if (parameter is { IsDifferentiable: false } && ActivityAnalysis.IsTracked(parameter.Type) && AnyActive(argument.Value))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, call.Location,
                    "Passing a value computed from differentiated values as parameter '" + parameter.Name + "' of type '" + parameter.Type.Code.Replace("global::", "") + "' of '" + target.Name + "' (only double and float values, their spans and arrays carry derivatives)",
                    method.Name);
            }
        }

        if (Count > 1 && target.GradientMethod is { } gradientMethod)
        {
            return CallGradientMethod(call, target, gradientMethod, arguments, argumentDuals, pre);
        }

        // Directions in which some input has a tangent: each gets one tangent call (the first also
        // computes the primal); in the others every output's tangent is zero and no call is made.
        var seeded = Enumerable.Range(0, Count)
            .Where(j => Enumerable.Range(0, System.Math.Min(call.Arguments.Count, target.Parameters.Count))
                .Any(i => target.Parameters[i].IsDifferentiable && call.Arguments[i].Kind != ArgumentKind.Out && argumentDuals[i].Tangents[j] is not null))
            .DefaultIfEmpty(0)
            .ToList();
        var resultIsFloating = call.Type.IsFloatingScalar || call.Type.IsDifferentiableStruct; // a tuple result has a tuple tangent
        var resultTangents = new Expr?[Count];
        var calls = new List<CallExpr>();
        foreach (var j in seeded)
        {
            var tangentArguments = new List<Argument>(arguments);
            for (var i = 0; i < call.Arguments.Count && i < target.Parameters.Count; i++)
            {
                var parameter = target.Parameters[i];
                if (!parameter.IsDifferentiable)
                {
                    continue;
                }

                tangentArguments.Add(TangentArgument(call.Arguments[i], argumentDuals[i].Tangents[j], parameter, j));
            }

            if (resultIsFloating)
            {
                var resultTangent = new LocalExpr(Names.Temporary("dt"), call.Type);
                pre.Add(new DeclareStmt(resultTangent.Name, call.Type, null));
                tangentArguments.Add(new Argument(ArgumentKind.Out, resultTangent));
                resultTangents[j] = resultTangent;
            }

            var tangentTarget = TangentRules.Retarget(target, tangentMethod);
            calls.Add(new CallExpr(tangentTarget, call.Receiver, tangentArguments.ToEquatableArray(), call.Type, call.Location));
        }

        var zeroOutputs = ZeroOutputTangents(call, Enumerable.Range(0, Count).Except(seeded));
        if (!resultIsFloating)
        {
            if (call.Type.Element == ScalarKind.Void)
            {
                pre.AddRange(calls.Select(c => new ExpressionStmt(c)));
                pre.AddRange(zeroOutputs);
                return new Dual(new DefaultExpr(call.Type), resultTangents);
            }

            // A non-floating result (an index, a flag) with floating outputs: keep the value.
            var kept = new LocalExpr(Names.Temporary(), call.Type);
            pre.Add(new DeclareStmt(kept.Name, call.Type, calls[0]));
            pre.AddRange(calls.Skip(1).Select(c => new ExpressionStmt(c)));
            pre.AddRange(zeroOutputs);
            return new Dual(kept, resultTangents);
        }

        if (slot is not null && calls.Count == 1 && zeroOutputs.Count == 0)
        {
            return new Dual(calls[0], resultTangents);
        }

        var temp = new LocalExpr(Names.Temporary(), call.Type);
        pre.Add(new DeclareStmt(temp.Name, call.Type, calls[0]));
        pre.AddRange(calls.Skip(1).Select(c => new ExpressionStmt(c)));
        pre.AddRange(zeroOutputs);
        return new Dual(temp, resultTangents);
    }

    /// <summary>Zeroes, in the given directions, the tangents of the call's out arguments and span outputs that are active there.</summary>
    private List<Stmt> ZeroOutputTangents(CallExpr call, IEnumerable<int> directions)
    {
        var statements = new List<Stmt>();
        foreach (var j in directions)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Value is not LocalExpr local || !local.Type.IsFloating || !IsActive(local.Name, j))
                {
                    continue;
                }

                var tangent = new LocalExpr(TangentName(local.Name, j), local.Type);
                if (argument.Kind == ArgumentKind.Out && local.Type.IsFloatingScalar)
                {
                    statements.Add(new AssignStmt(tangent, Zero(local.Type)));
                }
                else if (local.Type.Shape == ShapeKind.Span)
                {
                    statements.Add(new ExpressionStmt(Ir.Method(tangent, "Clear", IrType.Void)));
                }
            }
        }

        return statements;
    }

    /// <summary>
    /// Vector mode through a callee's <c>MWithGradient</c>: one call gives the value and every partial,
    /// and the chain rule combines them with the arguments' tangents in each direction.
    /// </summary>
    private Dual CallGradientMethod(CallExpr call, CallTarget target, MethodRef gradientMethod, List<Argument> arguments, List<Dual> argumentDuals, List<Stmt> pre)
    {
        var differentiable = Enumerable.Range(0, target.Parameters.Count).Where(i => target.Parameters[i].IsDifferentiable).ToList();
        var fieldNames = GradientMembers.FieldNames(differentiable.Select(i => target.Parameters[i].Name));
        var gradientType = GradientMembers.StructTypeOf(gradientMethod, target.Name);
        var g = new LocalExpr(Names.Temporary("g"), gradientType);
        var gradientTarget = TangentRules.Retarget(target, gradientMethod);
        pre.Add(new DeclareStmt(g.Name, gradientType, new CallExpr(gradientTarget, call.Receiver, arguments.ToEquatableArray(), gradientType, call.Location)));
        var value = new MemberExpr(g, "Value", call.Type);
        return new Dual(value, PerDirection(j =>
        {
            Expr? sum = null;
            for (var k = 0; k < differentiable.Count; k++)
            {
                sum = Add(sum, Multiply(new MemberExpr(g, fieldNames[k], call.Type), argumentDuals[differentiable[k]].Tangents[j]));
            }

            return sum;
        }));
    }

    private Argument TangentArgument(Argument primalArgument, Expr? tangent, ParameterSignature parameter, int j)
    {
        if (primalArgument.Kind == ArgumentKind.Out)
        {
            if (primalArgument.Value is LocalExpr local && IsActive(local.Name, j))
            {
                return new Argument(ArgumentKind.Out, new LocalExpr(TangentName(local.Name, j), local.Type));
            }

            return new Argument(ArgumentKind.Out, new LocalExpr("_", parameter.Type));
        }

        if (parameter.Type.Shape == ShapeKind.Span)
        {
            if (primalArgument.Value is LocalExpr span && IsActive(span.Name, j))
            {
                return new Argument(ArgumentKind.Value, new LocalExpr(TangentName(span.Name, j), span.Type));
            }

            return new Argument(ArgumentKind.Value, new NewCollectionExpr(new MemberExpr(primalArgument.Value, "Length", IrType.Int32), OnStack: false, new IrType(parameter.Type.Element, ShapeKind.Array, parameter.Type.ElementType.Code + "[]")));
        }

        if (parameter.Type.Shape != ShapeKind.Scalar)
        {
            return tangent is not null
                ? new Argument(primalArgument.Kind, tangent)
                : new Argument(ArgumentKind.Value, new NewCollectionExpr(new MemberExpr(primalArgument.Value, "Length", IrType.Int32), OnStack: false, new IrType(parameter.Type.Element, ShapeKind.Array, parameter.Type.ElementType.Code + "[]")));
        }

        return new Argument(ArgumentKind.Value, tangent ?? Zero(parameter.Type));
    }

    /// <summary>A call made for its effect: active ones call the tangent; inactive ones zero the tangents of what they write.</summary>
    private void TransformCallStatement(CallExpr call, List<Stmt> output)
    {
        var writesFloating = call.Arguments.Any(a => a.Value.Type.IsFloating && (a.Kind == ArgumentKind.Out || a.Value.Type.Shape == ShapeKind.Span));
        if (writesFloating && call.Arguments.Any(a => a.Kind != ArgumentKind.Out && AnyActive(a.Value)))
        {
            var dual = DifferentiateCall(call, output, slot: null);
            if (dual.Primal is CallExpr)
            {
                output.Add(new ExpressionStmt(dual.Primal));
            }

            return;
        }

        output.Add(new ExpressionStmt(call));
        output.AddRange(ZeroOutputTangents(call, Enumerable.Range(0, Count)));
    }

    /// <summary>Argument values and tangents for one built-in rule application; values are bound once and shared.</summary>
    private sealed class RuleInputs : IRuleInputs
    {
        private readonly TangentTransformer owner;
        private readonly Dual[] arguments;
        private readonly List<Stmt> pre;
        private readonly Expr?[] bound;
        private readonly Dictionary<Expr, Expr> shared = new();

        public RuleInputs(TangentTransformer owner, Dual[] arguments, List<Stmt> pre, IrType type, string ruleOwner)
        {
            this.owner = owner;
            this.arguments = arguments;
            this.pre = pre;
            Type = type;
            Owner = ruleOwner;
            bound = new Expr?[arguments.Length];
        }

        public IrType Type { get; }

        public string Owner { get; }

        public int Direction { get; set; }

        public System.Func<Expr>? ResultFactory { get; set; }

        public int ArgumentCount => arguments.Length;

        public Expr Argument(int index) => bound[index] ??= owner.Bind(arguments[index].Primal, needed: true, pre);

        public Expr? ArgumentTangent(int index) => index < arguments.Length ? arguments[index].Tangents[Direction] : null;

        public Expr Result() => ResultFactory!();

        public Expr Shared(Expr factor)
        {
            if (owner.Count == 1 || IsAtomic(factor))
            {
                return factor;
            }

            if (!shared.TryGetValue(factor, out var bound))
            {
                bound = owner.Bind(factor, needed: true, pre);
                shared[factor] = bound;
            }

            return bound;
        }

        public EquatableArray<Argument> BoundArguments(CallExpr call)
            => arguments.Select((a, i) => new Argument(call.Arguments[i].Kind, bound[i] ?? a.Primal)).ToEquatableArray();
    }
}
