using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Members of an [ImplicitReparam] sampler (Figurnov, Mohamed and Mnih 2018, eq. 6 in one dimension):
/// <c>∂λ z = −∂λ F(z | λ) / q(z | λ)</c>, with <c>∂λ F</c> (and <c>∂z F</c> when no density is given)
/// from vector forward mode through the CDF's body. The sampler's own body is never differentiated.
/// </summary>
internal static class ImplicitMembers
{
    public static DifferentiationResult Differentiate(ImplicitIr implicitIr, EquatableArray<TangentRuleInfo> rules)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sampler = implicitIr.Sampler;
        var gradient = GradientMembers.Struct(sampler);
        var methods = new List<GeneratedMethod>
        {
            GradientAt(implicitIr, gradient, rules, diagnostics),
            WithGradient(implicitIr),
            Tangent(implicitIr, gradient),
            GradientMembers.Backward(sampler, gradient),
            BatchMember.Build(sampler, gradient, withGradientBody: null), // a sampler that draws its own noise: scalar loop
        };
        var distinct = diagnostics.Distinct().ToList();
        if (distinct.Any(d => d.IsError))
        {
            return new DifferentiationResult(null, distinct.ToEquatableArray());
        }

        var file = new GeneratedFile(sampler.HintName, sampler.Namespace, sampler.ContainingTypes, sampler.ContainingTypeCode, sampler.Name, sampler.Accessibility,
            EquatableArray.Create(gradient), methods.ToEquatableArray());
        return new DifferentiationResult(file, distinct.ToEquatableArray());
    }

    /// <summary><c>SGradientAt(z, λ…)</c>: the gradient at a given sample, no sampling.</summary>
    private static GeneratedMethod GradientAt(ImplicitIr implicitIr, GeneratedStruct gradient, EquatableArray<TangentRuleInfo> rules, List<DiagnosticInfo> diagnostics)
    {
        var sampler = implicitIr.Sampler;
        var cdf = implicitIr.Cdf;
        var z = cdf.Parameters[0];
        var names = Differentiator.NewScope(cdf);
        var divideByCdfSlope = implicitIr.Density == DensitySource.FromCdf;
        var directions = Directions.PerInput(cdf, name => divideByCdfSlope || name != z.Name);
        var structType = GradientMembers.StructType(sampler);
        var lambda = sampler.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        var type = sampler.ReturnType;

        IEnumerable<Stmt> Return(Expr value, Expr?[] tangents)
        {
            var statements = new List<Stmt>();
            var cdfArguments = cdf.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray();
            Expr? scale = null;      // multiplies −∂λ F
            Expr? divisor = null;    // divides −∂λ F
            Expr? logScale = null;   // log of scale, for the single-rounding form below the normal range
            var math = type.Element == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";
            switch (implicitIr.Density)
            {
                case DensitySource.FromCdf:
                    divisor = Local(statements, names.Fresh("slope"), tangents[0] ?? Zero(type), type);
                    break;
                case DensitySource.Pdf:
                    divisor = Local(statements, names.Fresh("density"), Call(implicitIr.DensityMethod!.ContainingType, implicitIr.DensityMethod.Name, type, cdfArguments), type);
                    break;
                case DensitySource.LogPdf:
                    var logDensity = Call(implicitIr.DensityMethod!.ContainingType, implicitIr.DensityMethod.Name, type, cdfArguments);
                    logScale = Local(statements, names.Fresh("logRatio"), Difference(value, logDensity), type);
                    scale = Local(statements, names.Fresh("ratio"), Call(math, "Exp", type, logScale), type);
                    break;
            }

            var arguments = new List<Expr> { new LocalExpr(z.Name, z.Type) };
            foreach (var p in lambda)
            {
                var direction = Enumerable.Range(0, directions.Count).First(j => directions.Names[j] == p.Name);
                var partial = tangents[direction];
                Expr? result = partial is null ? null : Negate(scale is null ? partial : Multiply(scale, partial));
                if (partial is not null && logScale is not null && scale is not null)
                {
                    // Where exp(log F − log q) is subnormal, −exp(log F − log q + log|∂λ log F|) with the sign of
                    // −∂λ log F rounds once instead of twice, so tiny samples keep every representable digit.
                    var tiny = new BinaryExpr(BinaryOp.Less, scale, Number(type.Element == ScalarKind.Float ? 1e-35 : 1e-290, type), IrType.Bool);
                    var oneRounding = Call(math, "CopySign", type,
                        Call(math, "Exp", type, Sum(logScale, Call(math, "Log", type, Call(math, "Abs", type, partial)))),
                        Negate(partial)!);
                    result = new ConditionalExpr(tiny, oneRounding, result!, type);
                }

                if (result is not null && divisor is not null)
                {
                    result = Quotient(result, divisor);
                }

                arguments.Add(result ?? Zero(type));
            }

            statements.Add(new ReturnStmt(new NewObjectExpr(arguments.ToEquatableArray(), structType)));
            return statements;
        }

        var transformer = new TangentTransformer(cdf, directions, names, rules, diagnostics, Return);
        return new GeneratedMethod(
            sampler.Name + "GradientAt",
            structType,
            cdf.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, p.Name == z.Name ? "A sample of " + sampler.Name + "." : "Parameter, as for " + sampler.Name + ".")).ToEquatableArray(),
            transformer.TransformBody(),
            "Implicit reparameterization gradient of " + sampler.SeeCref + " at a given sample: <c>∂z/∂λ = −∂λF(z|λ)/q(z|λ)</c>, with <c>∂λF</c> by forward mode through the CDF.",
            "The sample and its partial derivatives with respect to each parameter.",
            AggressiveInlining: false,
            IsTangentRule: false);
    }

    /// <summary><c>SWithGradient(args)</c>: draw with the sampler's own body, then the gradient at the draw.</summary>
    private static GeneratedMethod WithGradient(ImplicitIr implicitIr)
    {
        var sampler = implicitIr.Sampler;
        var names = new NameScope(sampler.Parameters.Select(p => p.Name));
        var z = new LocalExpr(names.Fresh("z"), sampler.ReturnType);
        var draw = Call(sampler.ContainingTypeCode, sampler.Name, sampler.ReturnType, sampler.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray());
        var at = new List<Expr> { z };
        at.AddRange(implicitIr.Cdf.Parameters.Skip(1).Select(p => (Expr)new LocalExpr(p.Name, p.Type)));
        var structType = GradientMembers.StructType(sampler);
        var body = new BlockStmt(EquatableArray.Create<Stmt>(
            new DeclareStmt(z.Name, z.Type, draw),
            new ReturnStmt(Call(sampler.ContainingTypeCode, sampler.Name + "GradientAt", structType, at.ToArray()))));
        return new GeneratedMethod(
            sampler.Name + "WithGradient",
            structType,
            sampler.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + sampler.Name + ".")).ToEquatableArray(),
            body,
            "Draws from " + sampler.SeeCref + " and returns the sample with its implicit reparameterization gradient.",
            "The sample and its partial derivatives.",
            AggressiveInlining: false,
            IsTangentRule: false);
    }

    /// <summary><c>STangent</c>: the JVP, so that explicit samplers can call implicit ones.</summary>
    private static GeneratedMethod Tangent(ImplicitIr implicitIr, GeneratedStruct gradient)
    {
        var sampler = implicitIr.Sampler;
        var names = new NameScope(sampler.Parameters.Select(p => p.Name));
        var parameters = sampler.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + sampler.Name + ".")).ToList();
        var lambda = sampler.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        var tangents = lambda.Select(p => new LocalExpr(names.Tangent(p.Name, ""), p.Type)).ToList();
        parameters.AddRange(tangents.Select((t, i) => new GeneratedParameter(t.Name, t.Type, ArgumentKind.Value, "Tangent (direction) of " + lambda[i].Name + ".")));
        var dResult = new LocalExpr(names.Fresh("dResult"), sampler.ReturnType);
        parameters.Add(new GeneratedParameter(dResult.Name, dResult.Type, ArgumentKind.Out, "Receives the directional derivative of the sample."));
        var structType = GradientMembers.StructType(sampler);
        var g = new LocalExpr(names.Fresh("g"), structType);
        Expr? sum = null;
        for (var i = 0; i < lambda.Count; i++)
        {
            sum = Add(sum, Multiply(new MemberExpr(g, gradient.Fields[i + 1].Name, sampler.ReturnType), tangents[i]));
        }

        var body = new BlockStmt(EquatableArray.Create<Stmt>(
            new DeclareStmt(g.Name, structType, Call(sampler.ContainingTypeCode, sampler.Name + "WithGradient", structType, sampler.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray())),
            new AssignStmt(dResult, sum ?? Zero(sampler.ReturnType)),
            new ReturnStmt(new MemberExpr(g, "Value", sampler.ReturnType))));
        return new GeneratedMethod(
            sampler.Name + "Tangent",
            sampler.ReturnType,
            parameters.ToEquatableArray(),
            body,
            "Draws from " + sampler.SeeCref + " and returns the sample with its directional derivative along the given tangents (implicit reparameterization).",
            "The sample.",
            AggressiveInlining: false,
            IsTangentRule: true);
    }

    private static Expr Local(List<Stmt> statements, string name, Expr value, IrType type)
    {
        statements.Add(new DeclareStmt(name, type, value));
        return new LocalExpr(name, type);
    }
}
