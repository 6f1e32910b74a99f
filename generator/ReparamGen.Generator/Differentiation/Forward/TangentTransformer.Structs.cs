using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Struct parameters whose floating members are differentiated. The tangent of such a parameter is a value of the
/// same struct type (<c>dP</c>), so reading <c>p.Mu</c> has the tangent <c>dP.Mu</c> and passing <c>p</c> to another
/// differentiated method passes <c>dP</c> beside it. In vector mode each floating leaf is a direction of its own,
/// seeded with 1 there. Only the parameters themselves are followed: a struct copied to a local, built with
/// <c>new</c> or <c>with</c>, or assigned, is reported where its members are read.
/// </summary>
internal sealed partial class TangentTransformer
{
    /// <summary>
    /// A read <c>p.A.B</c> (or <c>p</c> itself) of a differentiated struct parameter that the body never assigns:
    /// the parameter and the member path. Null for anything else.
    /// </summary>
    private (LocalExpr Root, EquatableArray<string> Path)? StructRead(Expr e)
    {
        var path = new List<string>();
        var current = e;
        while (current is MemberExpr { Receiver: { Type.IsDifferentiableStruct: true } receiver } member
               && receiver.Type.Fields!.Value.Any(f => Emit.ExpressionPrinter.Identifier(f.Name) == member.Code))
        {
            path.Insert(0, receiver.Type.Fields!.Value.First(f => Emit.ExpressionPrinter.Identifier(f.Name) == member.Code).Name);
            current = receiver;
        }

        return current is LocalExpr root && IsStructParameter(root.Name) && (path.Count > 0 || e is LocalExpr)
            ? (root, path.ToEquatableArray())
            : null;
    }

    /// <summary>A struct value whose tangent is known: a read of a struct parameter, or a choice between such reads.</summary>
    private bool CarriesStructTangent(Expr e) => e switch
    {
        ConditionalExpr choice => CarriesStructTangent(choice.WhenTrue) && CarriesStructTangent(choice.WhenFalse),
        ThrowExpr => true,
        _ => StructRead(e) is not null || !AnyActive(e),
    };

    private bool IsStructParameter(string name)
        => method.Parameters.Any(p => p.Name == name && p.IsDifferentiableStruct) && !assigned.Contains(name);

    /// <summary>The tangent of a struct read in direction <paramref name="j"/> (null: known zero).</summary>
    private Expr? StructReadTangent(LocalExpr root, EquatableArray<string> path, IrType type, int j)
    {
        if (directions.IsJvp)
        {
            return IsActive(root.Name, j) ? StructTangents.Read(new LocalExpr(TangentName(root.Name, j), root.Type), path) : null;
        }

        return directions.Inputs[j] is { Leaf: { } leaf } input && input.Parameter == root.Name
            ? StructTangents.Seed(type, path, leaf)
            : null;
    }

    private Dual DifferentiateStructRead(Expr e)
    {
        if (StructRead(e) is not var (root, path))
        {
            ReportLostDerivative(e);
            return new Dual(e, new Expr?[Count]);
        }

        return new Dual(e, PerDirection(j => StructReadTangent(root, path, e.Type, j)));
    }

    /// <summary>A differentiated struct parameter the body assigns (or passes by ref or out) would lose its tangent: RPG0003.</summary>
    private void CheckStructParameters()
    {
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiableStruct && assigned.Contains(p.Name)))
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, method.Location,
                "Assigning to the struct parameter '" + p.Name + "' (its members are differentiated through the caller's tangent: copy the members you change into double locals)", method.Name);
        }
    }
}
