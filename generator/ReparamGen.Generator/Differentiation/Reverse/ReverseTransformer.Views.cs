using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReverseTransformer
{
    private Dictionary<string, string>? viewBases;
    private HashSet<string>? writtenFamilies;

    /// <summary>
    /// The adjoint of a view of a differentiated span (<c>theta.Slice(d, d)</c>, <c>w.AsSpan(0, k)</c>, <c>w</c> itself):
    /// the same view of that span's adjoint, so that what the reverse sweep adds through the view lands in the right
    /// elements of the whole. Only for spans that nothing writes, through any view (inputs, say): a written family of
    /// views would need its overwritten elements recorded under every alias. Null otherwise.
    /// </summary>
    private Expr? AdjointOfView(Expr view)
    {
        if (ActivityAnalysis.ViewedVariable(view) is not { } viewed || IsWrittenFamily(viewed))
        {
            return null;
        }

        return Map(view);

        Expr? Map(Expr e) => e switch
        {
            LocalExpr local when IsActive(local.Name) && adjoints.TryGetValue(local.Name, out var adjoint) => adjoint,
            ConvertExpr { IsExplicit: false } convert => Map(convert.Operand),
            CallExpr { Receiver: { } receiver, Target.Name: "Slice" or "AsSpan" } call
                when call.Arguments.All(a => a.Kind == ArgumentKind.Value && a.Value.Type == IrType.Int32) && Map(receiver) is { } whole
                => call.Arguments.Count == 0 ? whole : Ir.Method(whole, "Slice", whole.Type, call.Arguments.Select(a => a.Value).ToArray()),
            CallExpr asSpan
                when ActivityAnalysis.IsArrayAsSpan(asSpan) && asSpan.Arguments.Skip(1).All(a => a.Kind == ArgumentKind.Value && a.Value.Type == IrType.Int32) && Map(asSpan.Arguments[0].Value) is { } whole
                => asSpan.Arguments.Count == 1 ? whole : Ir.Method(whole, "Slice", whole.Type, asSpan.Arguments.Skip(1).Select(a => a.Value).ToArray()),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="span"/>, or a span it views or that views it, is written anywhere in the body.</summary>
    private bool IsWrittenFamily(string span)
    {
        if (viewBases is null || writtenFamilies is null)
        {
            viewBases = new Dictionary<string, string>();
            foreach (var declare in IrWalker.Statements(prepared.Body).OfType<DeclareStmt>())
            {
                if (declare.Type.Shape != ShapeKind.Scalar && declare.Initializer is { } initializer && !ReversePreparation.IsFreshCollection(initializer)
                    && ActivityAnalysis.ViewedVariable(initializer) is { } of)
                {
                    viewBases[declare.Name] = of;
                }
            }

            writtenFamilies = new HashSet<string>();
            foreach (var statement in IrWalker.Statements(prepared.Body))
            {
                if (statement is AssignStmt assign && (assign.Target is ElementExpr || assign.Target.Type.Shape != ShapeKind.Scalar)
                    && ActivityAnalysis.RootName(assign.Target) is { } target)
                {
                    writtenFamilies.Add(FamilyOf(target));
                }

                foreach (var call in IrWalker.Children(statement).OfType<Expr>().SelectMany(IrWalker.Expressions).OfType<CallExpr>())
                {
                    foreach (var argument in call.Arguments.Where(a => a.Kind != ArgumentKind.Value || a.Value.Type.Shape == ShapeKind.Span))
                    {
                        if (ActivityAnalysis.ViewedVariable(argument.Value) is { } written)
                        {
                            writtenFamilies.Add(FamilyOf(written));
                        }
                    }

                    if (call.Receiver is { Type.Shape: ShapeKind.Span } receiver && call.Target.Name is "Clear" or "Fill" && ActivityAnalysis.ViewedVariable(receiver) is { } cleared)
                    {
                        writtenFamilies.Add(FamilyOf(cleared));
                    }
                }
            }

            writtenFamilies.UnionWith(method.Parameters.Where(p => p.Type.Shape == ShapeKind.Span).Select(p => p.Name));
        }

        return writtenFamilies.Contains(FamilyOf(span));
    }

    private string FamilyOf(string span)
    {
        var seen = new HashSet<string>();
        while (viewBases!.TryGetValue(span, out var of) && seen.Add(span))
        {
            span = of;
        }

        return span;
    }
}
