using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>The element kinds the differentiator distinguishes; everything else is <see cref="Other"/>.</summary>
internal enum ScalarKind
{
    Void,
    Double,
    Float,
    Int32,
    Int64,
    Bool,

    /// <summary>
    /// A type parameter of the differentiated method constrained to generic floating-point math
    /// (<c>T : INumber&lt;T&gt;</c>, <c>IFloatingPointIeee754&lt;T&gt;</c>, …): differentiated exactly like double; its
    /// <see cref="IrType.Code"/> is the parameter's name, and its constants are spelled <c>T.One</c>,
    /// <c>T.CreateChecked(0.5)</c>.
    /// </summary>
    TypeParameter,
    Other,
}

/// <summary>Whether a value is a scalar or a contiguous collection of its element kind.</summary>
internal enum ShapeKind
{
    Scalar,
    Span,
    ReadOnlySpan,
    Array,
}

/// <summary>
/// A type as the differentiator needs it: element kind, shape, and the fully qualified C# spelling
/// used when emitting (generated files cannot rely on the user's <c>using</c> directives).
/// </summary>
internal sealed record IrType(ScalarKind Element, ShapeKind Shape, string Code)
{
    public static readonly IrType Double = new(ScalarKind.Double, ShapeKind.Scalar, "double");
    public static readonly IrType Float = new(ScalarKind.Float, ShapeKind.Scalar, "float");
    public static readonly IrType Int32 = new(ScalarKind.Int32, ShapeKind.Scalar, "int");
    public static readonly IrType Bool = new(ScalarKind.Bool, ShapeKind.Scalar, "bool");
    public static readonly IrType Void = new(ScalarKind.Void, ShapeKind.Scalar, "void");

    /// <summary>Double, float or a generic floating type parameter, scalar or collection.</summary>
    public bool IsFloating => Element is ScalarKind.Double or ScalarKind.Float or ScalarKind.TypeParameter;

    /// <summary>A generic floating type parameter (<c>T</c>), or a span or array of it.</summary>
    public bool IsGenericFloating => Element == ScalarKind.TypeParameter;

    /// <summary>A double or float scalar: carries a scalar tangent.</summary>
    public bool IsFloatingScalar => IsFloating && Shape == ShapeKind.Scalar;

    /// <summary>A span or array of double or float: carries a tangent collection of the same shape.</summary>
    public bool IsFloatingCollection => IsFloating && Shape != ShapeKind.Scalar;

    /// <summary>An integral scalar (int, long, and the other integer keywords, char): values that only jump.</summary>
    public bool IsIntegral => Shape == ShapeKind.Scalar && (Element is ScalarKind.Int32 or ScalarKind.Int64
        || (Element == ScalarKind.Other && Code is "byte" or "sbyte" or "short" or "ushort" or "uint" or "ulong" or "char" or "nint" or "nuint"));

    /// <summary>The scalar type of one element.</summary>
    public IrType ElementType => Shape == ShapeKind.Scalar ? this : Element switch
    {
        ScalarKind.Double => Double,
        ScalarKind.Float => Float,
        ScalarKind.Int32 => Int32,
        ScalarKind.Bool => Bool,
        ScalarKind.TypeParameter => new IrType(Element, ShapeKind.Scalar, ElementCode(Code, Shape)),
        _ => new IrType(Element, ShapeKind.Scalar, Code),
    };

    /// <summary>The element's spelling inside a collection's: <c>T</c> in <c>global::System.Span&lt;T&gt;</c> or <c>T[]</c>.</summary>
    private static string ElementCode(string code, ShapeKind shape)
        => shape == ShapeKind.Array
            ? code.Substring(0, code.Length - 2)
            : code.Substring(code.IndexOf('<') + 1, code.LastIndexOf('>') - code.IndexOf('<') - 1);

    /// <summary>A span of this scalar type (used for batch overloads).</summary>
    public IrType AsReadOnlySpan() => new(Element, ShapeKind.ReadOnlySpan, "global::System.ReadOnlySpan<" + Code + ">");

    /// <summary>A writable span of this scalar type.</summary>
    public IrType AsSpan() => new(Element, ShapeKind.Span, "global::System.Span<" + Code + ">");

    /// <summary>
    /// For a struct whose floating members the differentiator carries (all of them writable by a <c>with</c>
    /// expression): those members. Its tangent is a value of the same struct type. Null for every other type.
    /// </summary>
    public EquatableArray<StructField>? Fields { get; init; }

    /// <summary>A struct with floating members that carries a tangent of its own type.</summary>
    public bool IsDifferentiableStruct => Fields is { Count: > 0 };

    /// <summary>Values of this type carry a tangent: floating scalars and collections, and differentiable structs.</summary>
    public bool HasTangent => IsFloating || IsDifferentiableStruct;

    /// <summary>Every floating scalar leaf of a differentiable struct, depth first in declaration order.</summary>
    public System.Collections.Generic.List<StructLeaf> Leaves()
    {
        var leaves = new System.Collections.Generic.List<StructLeaf>();
        void Walk(IrType type, System.Collections.Generic.List<string> path)
        {
            foreach (var field in type.Fields ?? EquatableArray<StructField>.Empty)
            {
                path.Add(field.Name);
                if (field.Type.IsDifferentiableStruct)
                {
                    Walk(field.Type, path);
                }
                else
                {
                    leaves.Add(new StructLeaf(path.ToEquatableArray(), field.Type));
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        Walk(this, new System.Collections.Generic.List<string>());
        return leaves;
    }

    public override string ToString() => Code;
}
