using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// <c>MBackward</c> for a method whose body reverse mode cannot take yet (RPG0018 says which construct): the same
/// signature and result, computed by forward mode, one <c>MTangent</c> pass per input element (seeded with a unit
/// vector) and the dot product of each pass's output tangents with the seeds. Exact, but its cost grows with the
/// number of inputs; it exists so that every method with span inputs or outputs has an <c>MBackward</c> that
/// callers, and reversed callers, can rely on.
/// </summary>
internal static class ForwardModeBackward
{
    public static GeneratedMethod Build(MethodIr method)
    {
        var names = Differentiator.NewScope(method);
        var signature = BackwardSignature.Of(method, names);
        var statements = new List<Stmt>(signature.Checks);
        var primalArguments = method.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray();
        LocalExpr? value = null;
        var primalCall = Forwarding(Call(method.MemberOwnerCode, method.Name + method.TypeParameterList, method.ReturnType, primalArguments), method.Parameters);
        if (method.ReturnType.Element != ScalarKind.Void)
        {
            value = new LocalExpr(names.Fresh("value"), method.ReturnType);
            statements.Add(new DeclareStmt(value.Name, value.Type, primalCall));
        }
        else
        {
            statements.Add(new ExpressionStmt(primalCall));
        }

        // One tangent per differentiable parameter: inputs seeded one element at a time, outputs receiving.
        var tangents = new Dictionary<string, LocalExpr>();
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiable))
        {
            var primal = new LocalExpr(p.Name, p.Type);
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                var tangent = new LocalExpr(names.Fresh("d" + NameScope.Pascal(p.Name)), p.Type);
                statements.Add(new DeclareStmt(tangent.Name, tangent.Type, Zero(p.Type)));
                tangents[p.Name] = tangent;
            }
            else
            {
                // An array parameter's tangent is an array (the tangent convention keeps the primal's type).
                var isArray = p.Type.Shape == ShapeKind.Array;
                var type = isArray ? p.Type : p.Type.ElementType.AsSpan();
                var tangent = new LocalExpr(names.Fresh("d" + NameScope.Pascal(p.Name)), type);
                statements.Add(new DeclareStmt(tangent.Name, type, isArray ? new NewCollectionExpr(Ir.Length(primal), OnStack: false, type) : Ir.Scratch(type, Ir.Length(primal))));
                tangents[p.Name] = tangent;
            }
        }

        LocalExpr? resultTangent = null;
        if (method.ReturnType.IsFloatingScalar)
        {
            resultTangent = new LocalExpr(names.Fresh("dResult"), method.ReturnType);
            statements.Add(new DeclareStmt(resultTangent.Name, resultTangent.Type, Zero(method.ReturnType)));
        }

        var tangentArguments = method.Parameters.Select(p => new Argument(p.Kind, new LocalExpr(p.Name, p.Type))).ToList();
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiable))
        {
            tangentArguments.Add(new Argument(p.Kind == ArgumentKind.Out ? ArgumentKind.Out : ArgumentKind.Value, tangents[p.Name]));
        }

        if (resultTangent is not null)
        {
            tangentArguments.Add(new Argument(ArgumentKind.Out, resultTangent));
        }

        var tangentCall = new ExpressionStmt(new CallExpr(
            new CallTarget(method.MemberOwnerCode, method.Name + "Tangent" + method.TypeParameterList, true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null),
            null, tangentArguments.ToEquatableArray(), method.ReturnType, null));

        // ⟨seeds, output tangents⟩ of one pass.
        List<Stmt> Contribution(LocalExpr into)
        {
            var output = new List<Stmt>();
            Expr sum = resultTangent is not null && signature.Seed is not null ? Product(signature.Seed, resultTangent) : Zero(into.Type);
            output.Add(new DeclareStmt(into.Name, into.Type, sum));
            foreach (var p in method.Parameters.Where(p => p.IsFloatingOutput && !p.IsNoise))
            {
                var seed = signature.OutputSeeds[p.Name];
                var tangent = tangents[p.Name];
                if (p.Type.Shape == ShapeKind.Scalar)
                {
                    output.Add(new AssignStmt(into, Sum(into, Product(seed, tangent))));
                }
                else
                {
                    var m = new LocalExpr(names.Fresh("m"), IrType.Int32);
                    output.Add(Ir.For(m, Ir.Length(tangent), new AssignStmt(into, Sum(into, Product(new ElementExpr(seed, m, p.Type.ElementType), new ElementExpr(tangent, m, p.Type.ElementType))))));
                }
            }

            return output;
        }

        foreach (var p in method.Parameters.Where(p => p.IsDifferentiableInput))
        {
            var tangent = tangents[p.Name];
            var accumulator = signature.Accumulators[p.Name];
            var contribution = new LocalExpr(names.Fresh("c" + NameScope.Pascal(p.Name)), p.Type.ElementType);
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                var pass = new List<Stmt> { new AssignStmt(tangent, Number(1, p.Type)), tangentCall };
                pass.AddRange(Contribution(contribution));
                pass.Add(new AssignStmt(accumulator, Sum(accumulator, contribution)));
                pass.Add(new AssignStmt(tangent, Zero(p.Type)));
                statements.Add(new BlockStmt(pass.ToEquatableArray()));
            }
            else
            {
                var k = new LocalExpr(names.Fresh("k"), IrType.Int32);
                var element = new ElementExpr(tangent, k, p.Type.ElementType);
                var gradient = new ElementExpr(accumulator, k, p.Type.ElementType);
                var pass = new List<Stmt> { new AssignStmt(element, Number(1, p.Type)), tangentCall };
                pass.AddRange(Contribution(contribution));
                pass.Add(new AssignStmt(gradient, Sum(gradient, contribution)));
                pass.Add(new AssignStmt(element, Zero(p.Type)));
                statements.Add(Ir.For(k, Ir.Length(tangent), pass.ToArray()));
            }
        }

        if (value is not null)
        {
            statements.Add(new ReturnStmt(value));
        }

        return new GeneratedMethod(
            method.Name + "Backward",
            method.ReturnType,
            signature.Parameters.ToEquatableArray(),
            new BlockStmt(statements.ToEquatableArray()),
            "Vector–Jacobian product of " + method.SeeCref + " by forward mode (one tangent pass per input element; reverse mode does not take this body yet, see RPG0018). Writes the outputs as "
                + method.Name + " does and adds <c>Σ seed·∂output/∂input</c> to each accumulator.",
            value is not null ? "The value of " + method.Name + "." : null,
            AggressiveInlining: false,
            IsTangentRule: false);
    }
}
