using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.IR.Ir;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The Gumbel-Softmax family of a [GumbelSoftmax] logits method: the method's own tangent
/// members, then <c>GumbelMax</c>, <c>Relaxed</c>, <c>RelaxedTangent</c>, <c>RelaxedBackward</c>,
/// <c>StraightThrough</c> and <c>RelaxedLogDensity</c>, built on the runtime's <c>Relaxation</c>
/// primitives (Jang, Gu and Poole 2017; Maddison, Mnih and Teh 2017). A method that returns one logit gets
/// the binary-Concrete (RelaxedBernoulli) family.
/// </summary>
internal static class GumbelSoftmaxMembers
{
    private const string Relaxation = "global::ReparamGen.Relaxation";

    public static DifferentiationResult Differentiate(MethodIr method, EquatableArray<TangentRuleInfo> rules)
    {
        var own = Differentiator.Differentiate(method with { Role = MethodRole.Differentiable }, rules);
        if (own.File is null)
        {
            return own;
        }

        // With span weights, the logits method's own reverse-mode MBackward (generated like any span method's) chains the
        // relaxation's vector–Jacobian product back to them.
        var hasBackward = own.File.Methods.Any(m => m.Name == method.Name + "Backward" && m.IsBackwardRule);
        var family = method.ReturnType.IsFloatingScalar ? Binary(method) : Categorical(method, hasBackward);
        var file = own.File with { Methods = own.File.Methods.Concat(family).ToEquatableArray() };
        return own with { File = file };
    }

    private static List<GeneratedMethod> Categorical(MethodIr method, bool hasBackward)
    {
        var logitsParameter = method.Parameters.Single(p => p.Type.Shape == ShapeKind.Span);
        var element = logitsParameter.Type.ElementType;
        var span = element.AsSpan();
        var readOnly = element.AsReadOnlySpan();
        var inputs = method.Parameters.Where(p => p != logitsParameter).ToList();
        var names = new NameScope(method.Parameters.Select(p => p.Name));
        var temperature = Local(names.Fresh("temperature"), element);
        var gumbel = Local(names.Fresh("gumbel"), readOnly);
        var sample = Local(names.Fresh("sample"), span);
        var logits = Local(names.Fresh("logits"), span);
        var k = Local(names.Fresh("k"), IrType.Int32);
        var parameterDocs = inputs.Select(p => Parameter(p.Name, p.Type, "Argument of " + method.Name + ".")).ToList();
        var gumbelDoc = Parameter(gumbel.Name, gumbel.Type, "Standard Gumbel noise, one per category (see GumbelNoise).");
        var temperatureDoc = Parameter(temperature.Name, element, "Temperature τ > 0; τ → 0 approaches one-hot samples.");

        Expr CallLogits(Expr into) => Ir.Call(method.ContainingTypeCode, method.Name, IrType.Void,
            method.Parameters.Select(p => p == logitsParameter ? into : Local(p.Name, p.Type)).ToArray());
        Stmt Declare(LocalExpr local, Expr length) => new DeclareStmt(local.Name, local.Type, Scratch(local.Type, length));
        List<Stmt> Logits(Expr length) => new() { Declare(logits, length), new ExpressionStmt(CallLogits(logits)) };

        var members = new List<GeneratedMethod>();

        var gumbelMax = Logits(Length(gumbel));
        gumbelMax.Add(new ReturnStmt(Ir.Call(Relaxation, "GumbelMax", IrType.Int32, logits, gumbel)));
        members.Add(Member(method, "GumbelMax", IrType.Int32, parameterDocs.Append(gumbelDoc), gumbelMax,
            "Exact categorical sample by Gumbel-Max: the index of the largest <c>logits + gumbel</c> of " + method.SeeCref + ".", "The sampled category."));

        var relaxed = Logits(Length(gumbel));
        relaxed.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmax", IrType.Void, logits, temperature, gumbel, sample)));
        members.Add(Member(method, "Relaxed", IrType.Void, parameterDocs.Append(temperatureDoc).Append(gumbelDoc).Append(Parameter(sample.Name, span, "Receives the relaxed sample softmax((logits + gumbel)/τ).")), relaxed,
            "Relaxed (Gumbel-Softmax / Concrete) sample of " + method.SeeCref + "'s categorical distribution.", null));

        // Tangent: JVP of the logits method, then of the relaxation.
        var tangentNames = method.Parameters.Where(p => p.IsDifferentiable).ToDictionary(p => p.Name, p => Local(names.Tangent(p.Name, ""), p.Type));
        var dTemperature = Local(names.Tangent(temperature.Name, ""), element);
        var dSample = Local(names.Tangent(sample.Name, ""), span);
        var dLogits = tangentNames[logitsParameter.Name];
        var tangentDocs = parameterDocs.Append(temperatureDoc).Append(gumbelDoc).Append(Parameter(sample.Name, span, "Receives the relaxed sample."))
            .Concat(inputs.Where(p => p.IsDifferentiable).Select(p => Parameter(tangentNames[p.Name].Name, p.Type, "Tangent of " + p.Name + ".")))
            .Append(Parameter(dTemperature.Name, element, "Tangent of the temperature."))
            .Append(Parameter(dSample.Name, span, "Receives the tangent of the sample."));
        Expr CallLogitsTangent(Expr into, Expr intoTangent, System.Func<ParameterIr, Expr> tangentOf)
        {
            var arguments = method.Parameters.Select(p => p == logitsParameter ? into : (Expr)Local(p.Name, p.Type)).ToList();
            arguments.AddRange(method.Parameters.Where(p => p.IsDifferentiable).Select(p => p == logitsParameter ? intoTangent : tangentOf(p)));
            return Ir.Call(method.ContainingTypeCode, method.Name + "Tangent", IrType.Void, arguments.ToArray());
        }

        var tangent = new List<Stmt> { Declare(logits, Length(gumbel)), Declare(dLogits, Length(gumbel)) };
        tangent.Add(new ExpressionStmt(CallLogitsTangent(logits, dLogits, p => tangentNames[p.Name])));
        tangent.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmaxTangent", IrType.Void, logits, temperature, gumbel, sample, dLogits, dTemperature, dSample)));
        members.Add(Member(method, "RelaxedTangent", IrType.Void, tangentDocs, tangent,
            "Forward-mode derivative of <c>" + method.Name + "Relaxed</c>: the relaxed sample and its directional derivative.", null));

        // Backward: the relaxation's VJP gives ∂L/∂logits; one JVP of the logits method per parameter chains it on.
        var scalarInputs = inputs.Where(p => p.IsDifferentiable).ToList();
        if (scalarInputs.All(p => p.Type.IsFloatingScalar))
        {
            var upstream = Local(names.Fresh("upstream"), readOnly);
            var gradTemperature = Local(names.Fresh("gradTemperature"), element);
            var gradients = scalarInputs.ToDictionary(p => p.Name, p => Local(names.Fresh("grad" + NameScope.Pascal(p.Name)), p.Type));
            var gradLogits = Local(names.Fresh("gradLogits"), span);
            var probe = Local(names.Fresh("probe"), span);
            var i = Local(names.Fresh("i"), IrType.Int32);
            var backward = new List<Stmt> { new DeclareStmt(k.Name, IrType.Int32, Length(gumbel)) };
            backward.AddRange(new[] { Declare(logits, k), Declare(sample, k), Declare(gradLogits, k), Declare(probe, k), Declare(dLogits, k) });
            backward.Add(new ExpressionStmt(CallLogits(logits)));
            backward.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmax", IrType.Void, logits, temperature, gumbel, sample)));
            backward.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmaxBackward", IrType.Void,
                Value(logits), Value(temperature), Value(gumbel), Value(sample), Value(upstream), Value(gradLogits), Ref(gradTemperature))));
            foreach (var p in scalarInputs)
            {
                var seeded = CallLogitsTangent(probe, dLogits, q => TangentAlgebra.Number(q == p ? 1 : 0, q.Type));
                var gradient = gradients[p.Name];
                var accumulate = new AssignStmt(gradient, new BinaryExpr(BinaryOp.Add, gradient,
                    new BinaryExpr(BinaryOp.Multiply, new ElementExpr(gradLogits, i, element), new ElementExpr(dLogits, i, element), element), element));
                backward.Add(new ExpressionStmt(seeded));
                backward.Add(For(i, k, accumulate));
            }

            var backwardDocs = parameterDocs.Append(temperatureDoc).Append(gumbelDoc)
                .Append(Parameter(upstream.Name, readOnly, "∂L/∂sample, the upstream gradient."))
                .Concat(scalarInputs.Select(p => new GeneratedParameter(gradients[p.Name].Name, p.Type, ArgumentKind.Ref, "Accumulates ∂L/∂" + p.Name + ".")))
                .Append(new GeneratedParameter(gradTemperature.Name, element, ArgumentKind.Ref, "Accumulates ∂L/∂temperature."));
            members.Add(Member(method, "RelaxedBackward", IrType.Void, backwardDocs, backward,
                "Reverse mode through <c>" + method.Name + "Relaxed</c>: adds ∂L/∂p for each parameter and ∂L/∂temperature, given ∂L/∂sample.", null));
        }
        else if (hasBackward)
        {
            // Span weights: ∂L/∂logits from the relaxation's VJP, then the logits method's MBackward (one reverse sweep).
            var upstream = Local(names.Fresh("upstream"), readOnly);
            var gradTemperature = Local(names.Fresh("gradTemperature"), element);
            var gradients = scalarInputs.ToDictionary(p => p.Name, p => Local(names.Fresh("grad" + NameScope.Pascal(p.Name)), p.Type.Shape == ShapeKind.Scalar ? p.Type : p.Type.ElementType.AsSpan()));
            var gradLogits = Local(names.Fresh("gradLogits"), span);
            var backward = new List<Stmt> { new DeclareStmt(k.Name, IrType.Int32, Length(gumbel)) };
            backward.AddRange(new[] { Declare(logits, k), Declare(sample, k), Declare(gradLogits, k) });
            backward.Add(new ExpressionStmt(CallLogits(logits)));
            backward.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmax", IrType.Void, logits, temperature, gumbel, sample)));
            backward.Add(new ExpressionStmt(Ir.Call(Relaxation, "GumbelSoftmaxBackward", IrType.Void,
                Value(logits), Value(temperature), Value(gumbel), Value(sample), Value(upstream), Value(gradLogits), Ref(gradTemperature))));
            var arguments = method.Parameters.Select(p => Value(p == logitsParameter ? logits : Local(p.Name, p.Type))).ToList();
            arguments.Add(Value(gradLogits));
            arguments.AddRange(scalarInputs.Select(p => p.Type.Shape == ShapeKind.Scalar ? Ref(gradients[p.Name]) : Value(gradients[p.Name])));
            backward.Add(new ExpressionStmt(new CallExpr(new CallTarget(method.ContainingTypeCode, method.Name + "Backward", true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null),
                null, arguments.ToEquatableArray(), IrType.Void, null)));
            var backwardDocs = parameterDocs.Append(temperatureDoc).Append(gumbelDoc)
                .Append(Parameter(upstream.Name, readOnly, "∂L/∂sample, the upstream gradient."))
                .Concat(scalarInputs.Select(p => new GeneratedParameter(gradients[p.Name].Name, gradients[p.Name].Type, p.Type.Shape == ShapeKind.Scalar ? ArgumentKind.Ref : ArgumentKind.Value,
                    "Accumulates ∂L/∂" + p.Name + (p.Type.Shape == ShapeKind.Scalar ? "." : "[i] (same length as " + p.Name + ")."))))
                .Append(new GeneratedParameter(gradTemperature.Name, element, ArgumentKind.Ref, "Accumulates ∂L/∂temperature."));
            members.Add(Member(method, "RelaxedBackward", IrType.Void, backwardDocs, backward,
                "Reverse mode through <c>" + method.Name + "Relaxed</c>: adds ∂L/∂p for each parameter (spans through " + method.Name + "Backward, one reverse sweep) and ∂L/∂temperature, given ∂L/∂sample.", null));
        }

        var straight = Logits(Length(gumbel));
        straight.Add(new ReturnStmt(Ir.Call(Relaxation, "StraightThrough", IrType.Int32, logits, temperature, gumbel, sample)));
        members.Add(Member(method, "StraightThrough", IrType.Int32, parameterDocs.Append(temperatureDoc).Append(gumbelDoc).Append(Parameter(sample.Name, span, "Receives the one-hot sample.")), straight,
            "Straight-through Gumbel-Softmax: writes the one-hot Gumbel-Max sample; its gradient is the relaxed one (use <c>" + method.Name + "RelaxedBackward</c>).", "The sampled category."));

        if (element.Element == ScalarKind.Double)
        {
            var observed = Local(sample.Name, readOnly); // its own member: the documented name
            var density = Logits(Length(observed));
            density.Add(new ReturnStmt(Ir.Call(Relaxation, "ConcreteLogDensity", element, logits, temperature, observed)));
            members.Add(Member(method, "RelaxedLogDensity", element, parameterDocs.Append(temperatureDoc).Append(Parameter(observed.Name, readOnly, "A point of the simplex.")), density,
                "Log-density of the Concrete distribution (Maddison et al. 2017, eq. 3) of " + method.SeeCref + "'s logits at a relaxed sample, computed in log space.", "log p(sample)."));
        }

        return members;
    }

    private static List<GeneratedMethod> Binary(MethodIr method)
    {
        var element = method.ReturnType;
        var names = new NameScope(method.Parameters.Select(p => p.Name));
        var temperature = Local(names.Fresh("temperature"), element);
        var logistic = Local(names.Fresh("logistic"), element);
        var arguments = method.Parameters.Select(p => (Expr)Local(p.Name, p.Type)).ToArray();
        var logit = Ir.Call(method.ContainingTypeCode, method.Name, element, arguments);
        var parameterDocs = method.Parameters.Select(p => Parameter(p.Name, p.Type, "Argument of " + method.Name + ".")).ToList();
        var temperatureDoc = Parameter(temperature.Name, element, "Temperature τ > 0.");
        var logisticDoc = Parameter(logistic.Name, element, "Standard logistic noise (see GumbelNoise.NextLogistic).");
        var members = new List<GeneratedMethod>();

        var positive = new BinaryExpr(BinaryOp.Greater, new BinaryExpr(BinaryOp.Add, logit, logistic, element), TangentAlgebra.Number(0, element), IrType.Bool);
        members.Add(Member(method, "GumbelMax", IrType.Bool, parameterDocs.Append(logisticDoc), new List<Stmt> { new ReturnStmt(positive) },
            "Exact Bernoulli sample: <c>logit + logistic &gt; 0</c>, with probability sigmoid(logit).", "The sampled outcome."));
        members.Add(Member(method, "Relaxed", element, parameterDocs.Append(temperatureDoc).Append(logisticDoc),
            new List<Stmt> { new ReturnStmt(Ir.Call(Relaxation, "BinaryConcrete", element, logit, temperature, logistic)) },
            "Binary-Concrete (RelaxedBernoulli) sample <c>sigmoid((logit + logistic)/τ)</c> of " + method.SeeCref + ".", "The relaxed sample in (0, 1)."));

        var differentiable = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        var tangents = differentiable.Select(p => Local(names.Tangent(p.Name, ""), p.Type)).ToList();
        var dTemperature = Local(names.Tangent(temperature.Name, ""), element);
        var dResult = Local(names.Fresh("dResult"), element);
        var dLogit = Local(names.Fresh("dLogit"), element);
        var value = Local(names.Fresh("logit"), element);
        var tangentCall = Ir.Call(method.ContainingTypeCode, method.Name + "Tangent", element,
            arguments.Select(Value).Concat(tangents.Select(t => Value(t))).Append(Out(dLogit)).ToArray());
        var tangentBody = new List<Stmt>
        {
            new DeclareStmt(dLogit.Name, element, null),
            new DeclareStmt(value.Name, element, tangentCall),
            new ReturnStmt(Ir.Call(Relaxation, "BinaryConcreteTangent", element, Value(value), Value(temperature), Value(logistic), Value(dLogit), Value(dTemperature), Out(dResult))),
        };
        var tangentDocs = parameterDocs.Append(temperatureDoc).Append(logisticDoc)
            .Concat(differentiable.Select((p, i) => Parameter(tangents[i].Name, p.Type, "Tangent of " + p.Name + ".")))
            .Append(Parameter(dTemperature.Name, element, "Tangent of the temperature."))
            .Append(new GeneratedParameter(dResult.Name, element, ArgumentKind.Out, "Receives the tangent of the relaxed sample."));
        members.Add(Member(method, "RelaxedTangent", element, tangentDocs, tangentBody,
            "Forward-mode derivative of <c>" + method.Name + "Relaxed</c>.", "The relaxed sample."));

        if (GradientMembers.Applies(method))
        {
            var upstream = Local(names.Fresh("upstream"), element);
            var gradTemperature = Local(names.Fresh("gradTemperature"), element);
            var gradients = differentiable.Select(p => Local(names.Fresh("grad" + NameScope.Pascal(p.Name)), p.Type)).ToList();
            var fields = GradientMembers.FieldNames(differentiable.Select(p => p.Name));
            var structType = GradientMembers.StructType(method);
            var g = Local(names.Fresh("g"), structType);
            var gradLogit = Local(names.Fresh("gradLogit"), element);
            var y = Local(names.Fresh("y"), element);
            var backward = new List<Stmt>
            {
                new DeclareStmt(g.Name, structType, Ir.Call(method.ContainingTypeCode, method.Name + "WithGradient", structType, arguments)),
                new DeclareStmt(gradLogit.Name, element, TangentAlgebra.Number(0, element)),
                new DeclareStmt(y.Name, element, Ir.Call(Relaxation, "BinaryConcreteBackward", element,
                    Value(new MemberExpr(g, "Value", element)), Value(temperature), Value(logistic), Value(upstream), Ref(gradLogit), Ref(gradTemperature))),
            };
            for (var i = 0; i < differentiable.Count; i++)
            {
                backward.Add(new AssignStmt(gradients[i], new BinaryExpr(BinaryOp.Add, gradients[i],
                    new BinaryExpr(BinaryOp.Multiply, gradLogit, new MemberExpr(g, fields[i], element), element), element)));
            }

            backward.Add(new ReturnStmt(y));
            var backwardDocs = parameterDocs.Append(temperatureDoc).Append(logisticDoc)
                .Append(Parameter(upstream.Name, element, "∂L/∂sample, the upstream gradient."))
                .Concat(differentiable.Select((p, i) => new GeneratedParameter(gradients[i].Name, p.Type, ArgumentKind.Ref, "Accumulates ∂L/∂" + p.Name + ".")))
                .Append(new GeneratedParameter(gradTemperature.Name, element, ArgumentKind.Ref, "Accumulates ∂L/∂temperature."));
            members.Add(Member(method, "RelaxedBackward", element, backwardDocs, backward,
                "Reverse mode through <c>" + method.Name + "Relaxed</c>: adds ∂L/∂p and ∂L/∂temperature given ∂L/∂sample.", "The relaxed sample."));
        }

        members.Add(Member(method, "StraightThrough", element, parameterDocs.Append(temperatureDoc).Append(logisticDoc),
            new List<Stmt> { new ReturnStmt(Ir.Call(Relaxation, "BinaryStraightThrough", element, logit, temperature, logistic)) },
            "Straight-through binary Concrete: 0 or 1 forward; its gradient is the relaxed one (use <c>" + method.Name + "RelaxedBackward</c>).", "The hard sample, 0 or 1."));

        if (element.Element == ScalarKind.Double)
        {
            var observed = Local(names.Fresh("sample"), element);
            members.Add(Member(method, "RelaxedLogDensity", element, parameterDocs.Append(temperatureDoc).Append(Parameter(observed.Name, element, "A point of (0, 1).")),
                new List<Stmt> { new ReturnStmt(Ir.Call(Relaxation, "BinaryConcreteLogDensity", element, logit, temperature, observed)) },
                "Log-density of the binary Concrete distribution (Maddison et al. 2017, eq. 4) at a relaxed sample, in log space.", "log p(sample)."));
        }

        return members;
    }

    private static GeneratedParameter Parameter(string name, IrType type, string doc) => new(name, type, ArgumentKind.Value, doc);

    private static GeneratedMethod Member(MethodIr method, string suffix, IrType returnType, IEnumerable<GeneratedParameter> parameters, List<Stmt> body, string summary, string? returns)
        => new(method.Name + suffix, returnType, parameters.ToEquatableArray(), new BlockStmt(body.ToEquatableArray()), summary, returns, AggressiveInlining: false, IsTangentRule: false);
}
