using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Differentiable structs (and tuples, which are structs): the tangent of such a value is a value of the same type.
/// A struct parameter <c>p</c> has the tangent <c>dP</c>, so reading <c>p.Mu</c> has the tangent <c>dP.Mu</c> and
/// passing <c>p</c> to another differentiated method passes <c>dP</c> beside it; in vector mode each floating leaf
/// of a parameter is a direction of its own, seeded with 1 there. A struct local (a tuple returned by a call, say)
/// has a tangent local of its type in each direction. A tuple literal is a <c>with</c> expression on a default
/// value, whose tangent is the same expression over the elements' tangents. A struct parameter the body assigns,
/// and a struct made by <c>new</c>, are reported where their members are read or passed.
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

        return current is LocalExpr root && (IsStructParameter(root.Name) || IsStructLocal(root)) && (path.Count > 0 || e is LocalExpr)
            ? (root, path.ToEquatableArray())
            : null;
    }

    /// <summary>
    /// A struct value whose tangent is known: a read of a struct parameter or local, a call (through its tangent), a
    /// tuple literal, or a choice between such values. A constructor call (<c>new P(a, b)</c>) has no derivative rule.
    /// </summary>
    private bool CarriesStructTangent(Expr e) => e switch
    {
        ConditionalExpr choice => CarriesStructTangent(choice.WhenTrue) && CarriesStructTangent(choice.WhenFalse),
        ThrowExpr or CallExpr or WithExpr => true,
        _ => StructRead(e) is not null || !AnyActive(e),
    };

    /// <summary>
    /// Struct locals that get no tangent: written by a constructor call from differentiated values, by an <c>out</c> or
    /// <c>ref</c> argument (the callee holds structs passed that way constant), or from another such local. Reading
    /// their members is reported there.
    /// </summary>
    private HashSet<string> OpaqueStructLocals()
    {
        var writes = new List<(string Name, Expr? Value)>();
        foreach (var node in IrWalker.DescendantsAndSelf(method.Body))
        {
            switch (node)
            {
                case DeclareStmt { Type.IsDifferentiableStruct: true, Initializer: { } init } declare:
                    writes.Add((declare.Name, init));
                    break;
                case AssignStmt { Target: LocalExpr { Type.IsDifferentiableStruct: true } target } assign:
                    writes.Add((target.Name, assign.Value));
                    break;
                case CallExpr call:
                    writes.AddRange(call.Arguments.Where(a => a.Kind is ArgumentKind.Out or ArgumentKind.Ref && a.Value is LocalExpr { Type.IsDifferentiableStruct: true })
                        .Select(a => (((LocalExpr)a.Value).Name, (Expr?)null)));
                    break;
            }
        }

        var opaque = new HashSet<string>();
        bool changed;
        do
        {
            changed = false;
            foreach (var (name, value) in writes)
            {
                var lost = value is null
                    || IrWalker.Expressions(value).Any(n => n is NewObjectExpr && AnyActive(n))
                    || IrWalker.Expressions(value).OfType<LocalExpr>().Any(l => opaque.Contains(l.Name));
                if (lost && !parameterNames.Contains(name))
                {
                    changed |= opaque.Add(name);
                }
            }
        }
        while (changed);
        return opaque;
    }

    private HashSet<string>? opaqueStructLocals;

    /// <summary>Whether a local of struct type has tangent locals (it is not among <see cref="OpaqueStructLocals"/>).</summary>
    private bool HasStructTangent(string name) => !(opaqueStructLocals ??= OpaqueStructLocals()).Contains(name);

    /// <summary>A local of a differentiable struct type: it has tangent locals of its own where it is active.</summary>
    private bool IsStructLocal(LocalExpr local) => local.Type.IsDifferentiableStruct && !parameterNames.Contains(local.Name) && HasStructTangent(local.Name);

    private bool IsStructParameter(string name)
        => method.Parameters.Any(p => p.Name == name && p.IsDifferentiableStruct) && !assigned.Contains(name);

    /// <summary>The tangent of a struct read in direction <paramref name="j"/> (null: known zero).</summary>
    private Expr? StructReadTangent(LocalExpr root, EquatableArray<string> path, IrType type, int j)
    {
        if (directions.IsJvp || !parameterNames.Contains(root.Name))
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

    /// <summary>
    /// <c>receiver with { A = x, … }</c> (a tuple literal, a generated seed): the tangent is the receiver's tangent
    /// (zero for <c>default</c>) with the members' tangents set; members that are not floating are left as they are.
    /// </summary>
    private Dual DifferentiateWith(WithExpr with, List<Stmt> pre)
    {
        var receiver = Differentiate(with.Receiver, pre, null);
        var members = with.Members.Select(m => (Member: m, Dual: Differentiate(m.Value, pre, null))).ToList();
        var primal = with with
        {
            Receiver = receiver.Primal,
            Members = members.Select(m => m.Member with { Value = m.Dual.Primal }).ToEquatableArray(),
        };
        var fields = with.Type.Fields ?? EquatableArray<StructField>.Empty;
        return new Dual(primal, PerDirection(j =>
        {
            var carried = members.Where(m => fields.Any(f => f.Name == m.Member.Name)).ToList();
            if (receiver.Tangents[j] is null && carried.All(m => m.Dual.Tangents[j] is null))
            {
                return null;
            }

            var tangentMembers = carried.Select(m =>
            {
                var type = StructTangents.FieldType(with.Type, m.Member.Name);
                var tangent = m.Dual.Tangents[j] ?? Zero(type);
                return new MemberInit(m.Member.Name, Equals(tangent.Type, type) || type.IsDifferentiableStruct ? tangent : new ConvertExpr(tangent, type, IsExplicit: true));
            }).ToEquatableArray();
            return new WithExpr(receiver.Tangents[j] ?? new DefaultExpr(with.Type), tangentMembers, with.Type);
        }));
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
