using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// <c>MTangent</c>: the Jacobian-vector product. Primal parameters, then a tangent for each
/// differentiable parameter, then <c>out dResult</c>; returns the primal value.
/// </summary>
internal static class TangentMember
{
    public static GeneratedMethod Build(MethodIr method, EquatableArray<TangentRuleInfo> rules, List<DiagnosticInfo> diagnostics)
    {
        var names = Differentiator.NewScope(method);
        var directions = Directions.Jvp(method);
        var parameters = method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Primal argument, as for " + method.Name + ".")).ToList();
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiable))
        {
            var doc = p.IsFloatingOutput ? "Receives the tangent of output " + p.Name + "." : "Tangent (direction) of " + p.Name + ".";
            // The tangent of a 'ref readonly' input is 'in': callers pass computed tangents, which are not variables.
            parameters.Add(new GeneratedParameter(names.Tangent(p.Name, ""), p.Type, p.Kind == ArgumentKind.RefReadOnly ? ArgumentKind.In : p.Kind, doc));
        }

        LocalExpr? resultTangent = null;
        if (method.ReturnType.IsFloatingScalar || method.ReturnType.IsDifferentiableStruct)
        {
            // A tuple or struct result has a tangent of the same type: (double, double) gives out (double, double) dResult.
            resultTangent = new LocalExpr(names.Fresh("dResult"), method.ReturnType);
            parameters.Add(new GeneratedParameter(resultTangent.Name, method.ReturnType, ArgumentKind.Out, "Receives the directional derivative of the result."));
        }

        IEnumerable<Stmt> Return(Expr value, Expr?[] tangents)
        {
            if (resultTangent is null)
            {
                return new Stmt[] { new ReturnStmt(null) };
            }

            return new Stmt[]
            {
                new AssignStmt(resultTangent, tangents[0] ?? Zero(method.ReturnType)),
                new ReturnStmt(value),
            };
        }

        var transformer = new TangentTransformer(method, directions, names, rules, diagnostics, Return);
        var body = transformer.TransformBody();

        // A tangent span shorter than its primal would fail deep in the body: check it up front, by name.
        var checks = method.Parameters
            .Where(p => p.IsDifferentiable && p.Type.Shape != ShapeKind.Scalar)
            .Select(p => Ir.ThrowArgumentIf(
                new BinaryExpr(BinaryOp.NotEquals, Ir.Length(new LocalExpr(names.Tangent(p.Name, ""), p.Type)), Ir.Length(new LocalExpr(p.Name, p.Type)), IrType.Bool),
                "Length of '" + names.Tangent(p.Name, "") + "' must equal the length of '" + p.Name + "'.",
                names.Tangent(p.Name, "")))
            .ToList();
        if (checks.Count > 0)
        {
            body = new BlockStmt(checks.Concat(body.Statements).ToEquatableArray());
        }
        return new GeneratedMethod(
            method.Name + "Tangent",
            method.ReturnType,
            parameters.ToEquatableArray(),
            body,
            "Forward-mode derivative (Jacobian-vector product) of " + method.SeeCref + ": the primal value and its directional derivative along the given tangents.",
            method.ReturnType.Element != ScalarKind.Void ? "The value of " + method.Name + " at the primal arguments." : null,
            AggressiveInlining: false,
            IsTangentRule: true);
    }
}
