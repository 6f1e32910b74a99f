using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Members of a multivariate [ImplicitReparam(Standardize = …)] sampler (Figurnov, Mohamed and Mnih
/// 2018, eq. 5): <c>∇λ z = −(∇z S)⁻¹ ∇λ S</c>. One JVP of S along dλ gives the right-hand side, n JVPs
/// along unit vectors give the Jacobian ∇z S, and <c>SmallLinearSolver</c> solves (forward substitution
/// when it is lower-triangular, pivoted LU otherwise).
/// </summary>
internal static class StandardizeMembers
{
    private static readonly IrType SpanOfDouble = IrType.Double.AsSpan();
    private static readonly IrType ReadOnlySpanOfDouble = IrType.Double.AsReadOnlySpan();

    public static DifferentiationResult Differentiate(StandardizeIr ir)
    {
        var sampler = ir.Sampler;
        var file = new GeneratedFile(sampler.HintName, sampler.Namespace, sampler.ContainingTypes, sampler.ContainingTypeCode, sampler.Name, sampler.Accessibility,
            EquatableArray<GeneratedStruct>.Empty, EquatableArray.Create(TangentAt(ir), Tangent(ir)));
        return new DifferentiationResult(file, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static GeneratedMethod TangentAt(StandardizeIr ir)
    {
        var sampler = ir.Sampler;
        var lambda = sampler.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        var names = new NameScope(sampler.Parameters.Select(p => p.Name));
        var z = new LocalExpr(ir.OutputName, ReadOnlySpanOfDouble);
        var tangents = lambda.Select(p => new LocalExpr(names.Tangent(p.Name, ""), p.Type)).ToList();
        var dZ = new LocalExpr(names.Tangent(ir.OutputName, ""), SpanOfDouble);
        var parameters = new List<GeneratedParameter> { new(z.Name, z.Type, ArgumentKind.Value, "A sample of " + sampler.Name + ".") };
        parameters.AddRange(lambda.Select(p => new GeneratedParameter(p.Name, p.Type, ArgumentKind.Value, "Parameter, as for " + sampler.Name + ".")));
        parameters.AddRange(tangents.Select((t, i) => new GeneratedParameter(t.Name, t.Type, ArgumentKind.Value, "Tangent (direction) of " + lambda[i].Name + ".")));
        parameters.Add(new GeneratedParameter(dZ.Name, dZ.Type, ArgumentKind.Value, "Receives the directional derivative of the sample."));

        var n = new LocalExpr(names.Fresh("n"), IrType.Int32);
        var work = new LocalExpr(names.Fresh("work"), SpanOfDouble);
        var eps = new LocalExpr(names.Fresh("eps"), SpanOfDouble);
        var rhs = new LocalExpr(names.Fresh("rhs"), SpanOfDouble);
        var unit = new LocalExpr(names.Fresh("unit"), SpanOfDouble);
        var column = new LocalExpr(names.Fresh("column"), SpanOfDouble);
        var jacobian = new LocalExpr(names.Fresh("jacobian"), SpanOfDouble);
        var i = new LocalExpr(names.Fresh("i"), IrType.Int32);
        var r = new LocalExpr(names.Fresh("r"), IrType.Int32);
        Expr Int(int v) => new LiteralExpr(v.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32);
        Expr Times(Expr a, Expr b) => new BinaryExpr(BinaryOp.Multiply, a, b, IrType.Int32);
        Expr Plus(Expr a, Expr b) => new BinaryExpr(BinaryOp.Add, a, b, IrType.Int32);
        Expr Slice(Expr start, Expr length) => Method(work, "Slice", SpanOfDouble, start, length);
        Expr Scratch(Expr length) => new ConditionalExpr(new BinaryExpr(BinaryOp.LessOrEqual, length, Int(1024), IrType.Bool),
            new NewCollectionExpr(length, OnStack: true, SpanOfDouble), new NewCollectionExpr(length, OnStack: false, SpanOfDouble), SpanOfDouble);

        var body = new List<Stmt>
        {
            new DeclareStmt(n.Name, IrType.Int32, new MemberExpr(z, "Length", IrType.Int32)),
            new IfStmt(new BinaryExpr(BinaryOp.NotEquals, new MemberExpr(dZ, "Length", IrType.Int32), n, IrType.Bool),
                new BlockStmt(EquatableArray.Create<Stmt>(new ThrowStmt(new NewObjectExpr(EquatableArray.Create<Expr>(
                    Text("Length of '" + dZ.Name + "' must equal the length of '" + z.Name + "'."), Text(dZ.Name)), new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.ArgumentException"))))), null),
            new DeclareStmt(work.Name, SpanOfDouble, Scratch(Plus(Times(n, n), Times(Int(4), n)))),
            new DeclareStmt(eps.Name, SpanOfDouble, Slice(Int(0), n)),
            new DeclareStmt(rhs.Name, SpanOfDouble, Slice(n, n)),
            new DeclareStmt(unit.Name, SpanOfDouble, Slice(Times(Int(2), n), n)),
            new DeclareStmt(column.Name, SpanOfDouble, Slice(Times(Int(3), n), n)),
            new DeclareStmt(jacobian.Name, SpanOfDouble, Slice(Times(Int(4), n), Times(n, n))),
        };

        // Zero tangents for span parameters while probing ∇z S.
        var zeros = new List<Expr>();
        foreach (var p in lambda)
        {
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                zeros.Add(Zero(p.Type));
                continue;
            }

            var zero = new LocalExpr(names.Fresh("zero" + NameScope.Pascal(p.Name)), SpanOfDouble);
            body.Add(new DeclareStmt(zero.Name, SpanOfDouble, Scratch(new MemberExpr(new LocalExpr(p.Name, p.Type), "Length", IrType.Int32))));
            zeros.Add(zero);
        }

        var lambdaArgs = lambda.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToList();
        Expr StandardizeTangent(Expr dz, IEnumerable<Expr> dLambda, Expr output)
        {
            var args = new List<Expr> { z };
            args.AddRange(lambdaArgs);
            args.Add(eps);
            args.Add(dz);
            args.AddRange(dLambda);
            args.Add(output);
            return Call(ir.StandardizeTangent.ContainingType, ir.StandardizeTangent.Name, IrType.Void, args.ToArray());
        }

        // rhs = ∇λ S · dλ (unit is still zero: z is held fixed).
        body.Add(new ExpressionStmt(StandardizeTangent(unit, tangents, rhs)));
        var probe = new BlockStmt(EquatableArray.Create<Stmt>(
            new AssignStmt(new ElementExpr(unit, i, IrType.Double), Number(1, IrType.Double)),
            new ExpressionStmt(StandardizeTangent(unit, zeros, column)),
            new AssignStmt(new ElementExpr(unit, i, IrType.Double), Number(0, IrType.Double)),
            Loop(r, n, new AssignStmt(new ElementExpr(jacobian, Plus(Times(r, n), i), IrType.Double), new ElementExpr(column, r, IrType.Double)))));
        body.Add(Loop(i, n, probe));
        body.Add(Loop(r, n, new AssignStmt(new ElementExpr(rhs, r, IrType.Double), new UnaryExpr(UnaryOp.Negate, new ElementExpr(rhs, r, IrType.Double), IrType.Double))));
        body.Add(new ExpressionStmt(Call("global::ReparamGen.LinearAlgebra.SmallLinearSolver", "SolveInPlace", IrType.Void, jacobian, rhs)));
        body.Add(new ExpressionStmt(Method(rhs, "CopyTo", IrType.Void, dZ)));

        return new GeneratedMethod(
            sampler.Name + "TangentAt",
            IrType.Void,
            parameters.ToEquatableArray(),
            new BlockStmt(body.ToEquatableArray()),
            "Implicit reparameterization JVP of " + sampler.SeeCref + " at a given sample: solves <c>(∇z S) dz = −∇λ S · dλ</c>.",
            null,
            AggressiveInlining: false,
            IsTangentRule: false);
    }

    private static GeneratedMethod Tangent(StandardizeIr ir)
    {
        var sampler = ir.Sampler;
        var names = new NameScope(sampler.Parameters.Select(p => p.Name));
        var parameters = sampler.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + sampler.Name + ".")).ToList();
        var differentiable = sampler.Parameters.Where(p => p.IsDifferentiable).ToList();
        var tangents = differentiable.Select(p => new LocalExpr(names.Tangent(p.Name, ""), p.Type)).ToList();
        parameters.AddRange(tangents.Select((t, k) => new GeneratedParameter(t.Name, t.Type, ArgumentKind.Value,
            differentiable[k].Name == ir.OutputName ? "Receives the directional derivative of the sample." : "Tangent (direction) of " + differentiable[k].Name + ".")));
        var draw = Call(sampler.ContainingTypeCode, sampler.Name, IrType.Void, sampler.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray());
        var at = new List<Expr> { new LocalExpr(ir.OutputName, SpanOfDouble) };
        at.AddRange(sampler.Parameters.Where(p => p.IsDifferentiableInput).Select(p => (Expr)new LocalExpr(p.Name, p.Type)));
        at.AddRange(tangents);
        return new GeneratedMethod(
            sampler.Name + "Tangent",
            IrType.Void,
            parameters.ToEquatableArray(),
            new BlockStmt(EquatableArray.Create<Stmt>(new ExpressionStmt(draw), new ExpressionStmt(Call(sampler.ContainingTypeCode, sampler.Name + "TangentAt", IrType.Void, at.ToArray())))),
            "Draws from " + sampler.SeeCref + " and writes the directional derivative of the sample along the given tangents (implicit reparameterization).",
            null,
            AggressiveInlining: false,
            IsTangentRule: true);
    }

    private static Stmt Loop(LocalExpr counter, Expr bound, Stmt body)
        => new ForStmt(
            EquatableArray.Create<Stmt>(new DeclareStmt(counter.Name, IrType.Int32, new LiteralExpr("0", IrType.Int32))),
            new BinaryExpr(BinaryOp.Less, counter, bound, IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(counter, new BinaryExpr(BinaryOp.Add, counter, new LiteralExpr("1", IrType.Int32), IrType.Int32))),
            body is BlockStmt ? body : new BlockStmt(EquatableArray.Create(body)));

    private static Expr Method(Expr receiver, string name, IrType type, params Expr[] arguments)
    {
        var target = new CallTarget("", name, false, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null);
        return new CallExpr(target, receiver, arguments.Select(a => new Argument(ArgumentKind.Value, a)).ToEquatableArray(), type, null);
    }

    private static Expr Text(string text) => new LiteralExpr(Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true), IrType.Void);

}
