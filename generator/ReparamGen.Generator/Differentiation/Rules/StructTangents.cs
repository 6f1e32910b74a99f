using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Tangents of differentiable structs, which are values of the struct's own type: reading a member path, building a
/// value from its floating leaves (a seed, a gradient), and adding a scaled gradient into an accumulator. Values are
/// built with <c>with</c> expressions, which set fields and <c>init</c> properties alike; members of other types
/// keep their default.
/// </summary>
internal static class StructTangents
{
    /// <summary><c>receiver.A.B</c> for the path <c>A.B</c>.</summary>
    public static Expr Read(Expr receiver, IEnumerable<string> path)
    {
        var type = receiver.Type;
        foreach (var name in path)
        {
            type = FieldType(type, name);
            receiver = new MemberExpr(receiver, Emit.ExpressionPrinter.Identifier(name), type);
        }

        return receiver;
    }

    /// <summary>The type of member <paramref name="name"/> of a differentiable struct.</summary>
    public static IrType FieldType(IrType type, string name)
        => type.Fields!.Value.First(f => f.Name == name).Type;

    /// <summary>
    /// A value of <paramref name="type"/> whose floating leaves are <paramref name="leafValue"/> of them (zero where
    /// it gives null): <c>default(T) with { A = …, Inner = default(I) with { X = … } }</c>. Null when every leaf is zero.
    /// </summary>
    public static Expr? Build(IrType type, System.Func<EquatableArray<string>, IrType, Expr?> leafValue)
        => Build(type, new List<string>(), leafValue);

    private static Expr? Build(IrType type, List<string> path, System.Func<EquatableArray<string>, IrType, Expr?> leafValue)
    {
        var members = new List<MemberInit>();
        foreach (var field in type.Fields ?? EquatableArray<StructField>.Empty)
        {
            path.Add(field.Name);
            var value = field.Type.IsDifferentiableStruct ? Build(field.Type, path, leafValue) : leafValue(path.ToEquatableArray(), field.Type);
            path.RemoveAt(path.Count - 1);
            if (value is not null)
            {
                members.Add(new MemberInit(field.Name, value));
            }
        }

        return members.Count == 0 ? null : new WithExpr(new DefaultExpr(type), members.ToEquatableArray(), type);
    }

    /// <summary>The seed of one vector-mode direction: 1 at <paramref name="leaf"/> (a path below <paramref name="prefix"/>), zero elsewhere.</summary>
    public static Expr? Seed(IrType type, EquatableArray<string> prefix, StructLeaf leaf)
    {
        if (!StartsWith(leaf.Path, prefix))
        {
            return null;
        }

        var below = leaf.Path.Skip(prefix.Count).ToList();
        if (below.Count == 0)
        {
            return TangentAlgebra.Number(1, type);
        }

        return Build(type, (path, leafType) => path.SequenceEqual(below) ? TangentAlgebra.Number(1, leafType) : null);
    }

    public static bool StartsWith(EquatableArray<string> path, EquatableArray<string> prefix)
        => path.Count >= prefix.Count && prefix.Select((name, i) => path[i] == name).All(same => same);

    /// <summary>
    /// <c>target with { A = target.A + seed * gradient.A, … }</c>, nested for nested structs: adds
    /// <c>seed·gradient</c> into an accumulator of a struct type whose members may be <c>init</c>-only.
    /// </summary>
    public static Expr Accumulate(Expr target, Expr gradient, Expr seed)
    {
        var members = new List<MemberInit>();
        foreach (var field in target.Type.Fields ?? EquatableArray<StructField>.Empty)
        {
            var targetField = Read(target, new[] { field.Name });
            var gradientField = Read(gradient, new[] { field.Name });
            Expr value;
            if (field.Type.IsDifferentiableStruct)
            {
                value = Accumulate(targetField, gradientField, seed);
            }
            else
            {
                Expr sum = new BinaryExpr(BinaryOp.Add, targetField, TangentAlgebra.Product(seed, gradientField), TangentAlgebra.Wider(targetField, seed));
                value = Equals(sum.Type, field.Type) ? sum : new ConvertExpr(sum, field.Type, IsExplicit: true);
            }

            members.Add(new MemberInit(field.Name, value));
        }

        return new WithExpr(target, members.ToEquatableArray(), target.Type);
    }
}
