using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Parsing;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The batch overload of <c>MWithGradient</c>: every floating parameter becomes a span, one element per
/// sample, and outputs go to spans of the same length (checked, <see cref="System.ArgumentException"/>
/// naming the span). The loop calls the inlined scalar gradient, so it allocates nothing; for straight-line bodies it
/// processes whole SIMD vectors first (<see cref="VectorBatchLoop"/>).
/// </summary>
internal static class BatchMember
{
    /// <summary>
    /// Not for methods with differentiated struct parameters: a struct has no span of samples here, and its partials
    /// are not one number per sample (call <c>MWithGradient</c> per sample instead).
    /// </summary>
    public static bool Applies(MethodIr method) => !method.Parameters.Any(p => p.IsDifferentiableStruct);

    /// <param name="method">The differentiated method.</param>
    /// <param name="gradient">Its gradient struct.</param>
    /// <param name="withGradientBody">
    /// The body of its scalar <c>MWithGradient</c>: when <see cref="SimdEligibility"/> accepts it, the loop processes whole
    /// vectors first (<see cref="VectorBatchLoop"/>) and the scalar loop takes the remainder. Null: the scalar loop only.
    /// </param>
    public static GeneratedMethod Build(MethodIr method, GeneratedStruct gradient, BlockStmt? withGradientBody)
    {
        var names = new NameScope(method.Parameters.Select(p => p.Name));
        var parameters = new List<GeneratedParameter>();
        var spanInputs = new List<LocalExpr>();
        var batchNames = new Dictionary<string, string>();
        foreach (var p in method.Parameters)
        {
            if (p.Type.IsFloatingScalar)
            {
                var span = new LocalExpr(p.Name, p.Type.AsReadOnlySpan());
                spanInputs.Add(span);
                batchNames[p.Name] = p.Name;
                parameters.Add(new GeneratedParameter(p.Name, span.Type, ArgumentKind.Value, "One " + p.Name + " per sample."));
            }
            else if (p.Type.IsFloatingCollection)
            {
                // A span or array parameter is passed whole to every sample's call. Its batch name says so, so that
                // nobody passes one noise value per sample there and gets every sample on the same noise.
                var shared = names.Fresh("shared" + NameScope.Pascal(p.Name));
                batchNames[p.Name] = shared;
                parameters.Add(new GeneratedParameter(shared, p.Type, p.Kind,
                    "Shared by every sample: each sample's call receives all of it, as '" + p.Name + "' of " + method.Name + ". To give each sample its own values, call " + method.Name + "WithGradient per sample."));
            }
            else
            {
                batchNames[p.Name] = p.Name;
                parameters.Add(new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument shared by every sample, as for " + method.Name + "."));
            }
        }

        var outputs = new List<LocalExpr>();
        foreach (var field in gradient.Fields)
        {
            var name = field.Name == "Value" ? names.Fresh("value") : names.Fresh("d" + field.Name.Substring(1));
            var span = new LocalExpr(name, method.ReturnType.AsSpan());
            outputs.Add(span);
            parameters.Add(new GeneratedParameter(name, span.Type, ArgumentKind.Value, field.Name == "Value" ? "Receives the values." : "Receives " + field.Doc));
        }

        var length = new MemberExpr(outputs[0], "Length", IrType.Int32);
        var statements = new List<Stmt>();
        foreach (var span in spanInputs.Concat(outputs.Skip(1)))
        {
            var message = new LiteralExpr(SymbolDisplayLiteral("Length of '" + span.Name + "' must equal the length of '" + outputs[0].Name + "'."), IrType.Void);
            var exception = new NewObjectExpr(EquatableArray.Create<Expr>(message, new LiteralExpr(SymbolDisplayLiteral(span.Name), IrType.Void)), new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.ArgumentException"));
            statements.Add(new IfStmt(new BinaryExpr(BinaryOp.NotEquals, new MemberExpr(span, "Length", IrType.Int32), length, IrType.Bool), new BlockStmt(EquatableArray.Create<Stmt>(new ThrowStmt(exception))), null));
        }

        var i = new LocalExpr(names.Fresh("i"), IrType.Int32);
        var g = new LocalExpr(names.Fresh("g"), GradientMembers.StructType(method));
        IEnumerable<Stmt> ScalarElement(Expr index)
        {
            var arguments = method.Parameters.Select(p => p.Type.IsFloatingScalar
                ? (Expr)new ElementExpr(new LocalExpr(p.Name, p.Type.AsReadOnlySpan()), index, p.Type)
                : new LocalExpr(batchNames[p.Name], p.Type)).ToArray();
            yield return new DeclareStmt(g.Name, g.Type, TangentAlgebra.Forwarding(TangentAlgebra.Call(method.MemberOwnerCode, method.Name + "WithGradient" + method.TypeParameterList, g.Type, arguments), method.Parameters));
            for (var k = 0; k < outputs.Count; k++)
            {
                yield return new AssignStmt(new ElementExpr(outputs[k], index, method.ReturnType), new MemberExpr(g, gradient.Fields[k].Name, method.ReturnType));
            }
        }

        // An out parameter shared by every sample (the last one's value) must be assigned for an empty batch too.
        foreach (var p in method.Parameters.Where(p => p.Kind == ArgumentKind.Out && !p.Type.IsFloating))
        {
            statements.Add(new AssignStmt(new LocalExpr(p.Name, p.Type), new DefaultExpr(p.Type)));
        }

        var increment = EquatableArray.Create<Stmt>(new AssignStmt(i, new BinaryExpr(BinaryOp.Add, i, new LiteralExpr("1", IrType.Int32), IrType.Int32)));
        var scalarBody = new BlockStmt(ScalarElement(i).ToEquatableArray());
        if (withGradientBody is not null && SimdEligibility.WhyNot(method, withGradientBody) is null)
        {
            // Whole vectors first, then the scalar loop from where they stopped.
            statements.Add(new DeclareStmt(i.Name, IrType.Int32, new LiteralExpr("0", IrType.Int32)));
            statements.Add(VectorBatchLoop.Build(method, withGradientBody, i, length, outputs, ScalarElement, names));
            statements.Add(new ForStmt(EquatableArray<Stmt>.Empty, new BinaryExpr(BinaryOp.Less, i, length, IrType.Bool), increment, scalarBody));
        }
        else
        {
            statements.Add(new ForStmt(
                EquatableArray.Create<Stmt>(new DeclareStmt(i.Name, IrType.Int32, new LiteralExpr("0", IrType.Int32))),
                new BinaryExpr(BinaryOp.Less, i, length, IrType.Bool),
                increment,
                scalarBody));
        }

        return new GeneratedMethod(
            method.Name + "WithGradient",
            IrType.Void,
            parameters.ToEquatableArray(),
            new BlockStmt(statements.ToEquatableArray()),
            "Batch form of <c>" + method.Name + "WithGradient</c>: values and partial derivatives for every sample, written to the output spans.",
            null,
            AggressiveInlining: false,
            IsTangentRule: false);
    }

    private static string SymbolDisplayLiteral(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
