using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>One parameter of the differentiated method.</summary>
/// <remarks><see cref="IsNoise"/>: [Noise] or [Constant], held constant.</remarks>
internal sealed record ParameterIr(string Name, IrType Type, ArgumentKind Kind, bool IsNoise)
{
    /// <summary>
    /// Floating or a differentiable struct, not noise: gets a tangent (as an input, or as an output for out parameters
    /// and spans). A struct's tangent is a value of the same struct type.
    /// </summary>
    public bool IsDifferentiable => Type.HasTangent && !IsNoise;

    /// <summary>A struct parameter whose floating members are differentiated.</summary>
    public bool IsDifferentiableStruct => Type.IsDifferentiableStruct && !IsNoise;

    /// <summary>A differentiable input the caller seeds (not an out parameter, not a writable span).</summary>
    public bool IsDifferentiableInput => IsDifferentiable && Kind != ArgumentKind.Out && Type.Shape != ShapeKind.Span;

    /// <summary>A floating output: an out parameter or a writable span.</summary>
    public bool IsFloatingOutput => Type.IsFloating && (Kind == ArgumentKind.Out || Type.Shape == ShapeKind.Span);
}

/// <summary>A type that contains the method, outermost first, as needed to re-open it as partial.</summary>
internal sealed record ContainingTypeIr(string Keyword, string Name, string Accessibility, bool IsStatic)
{
    /// <summary>The name as declared: with the variance of its type parameters (<c>I&lt;out T&gt;</c>); <see cref="Name"/> when null.</summary>
    public string? DeclarationName { get; init; }
}

/// <summary>What kind of attribute asked for the method's gradient code.</summary>
internal enum MethodRole
{
    Reparameterizable,
    Differentiable,
    ImplicitReparam,
    GumbelSoftmax,
}

/// <summary>The parsed method: signature and body in IR. Holds no Roslyn objects.</summary>
internal sealed record MethodIr(
    MethodRole Role,
    string? Namespace,
    EquatableArray<ContainingTypeIr> ContainingTypes,
    string Name,
    string Accessibility,
    IrType ReturnType,
    EquatableArray<ParameterIr> Parameters,
    BlockStmt Body,
    string HintName)
{
    /// <summary>
    /// The type has a user [TangentOf] rule for this method named <c>MTangent</c>: it is the method's tangent, so the
    /// generated <c>MTangent</c> (which would have the same signature) is left out.
    /// </summary>
    public bool HasUserTangent { get; init; }

    /// <summary>The method's key as its callers know it (<c>Parsing.GeneratedCallee</c>).</summary>
    public string Key { get; init; } = "";

    /// <summary>The type declares its own <c>MBackward</c>: the reverse-mode one is not generated.</summary>
    public bool HasUserBackward { get; init; }

    /// <summary>The type declares its own <c>MWithGradient</c>: the span convenience member is not generated.</summary>
    public bool HasUserWithGradient { get; init; }

    /// <summary>
    /// An instance method of a class, struct or record: its generated members are instance members too (they read the
    /// same fields), and they call each other through <c>this</c>.
    /// </summary>
    public bool IsInstance { get; init; }

    /// <summary>
    /// A <c>readonly</c> instance member (declared so, or in a <c>readonly struct</c>): its generated members are
    /// <c>readonly</c> as well, so that calling them on a readonly struct value makes no defensive copy.
    /// </summary>
    public bool IsReadOnly { get; init; }

    /// <summary>
    /// What calls between the method's generated members are made on: <c>this</c> for an instance method, the
    /// containing type (fully qualified) for a static one.
    /// </summary>
    public string MemberOwnerCode => IsInstance ? Ir.ThisCode : ContainingTypeCode;

    /// <summary>
    /// A method generic over a floating type parameter: <c>&lt;T&gt;</c>, which every generated member (and the
    /// gradient struct) declares too; empty for other methods.
    /// </summary>
    public string TypeParameterList { get; init; } = "";

    /// <summary>The constraints of <see cref="TypeParameterList"/> as declared, fully qualified (<c> where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>); empty when not generic.</summary>
    public string ConstraintClauses { get; init; } = "";

    /// <summary>The method's name in its declaration: where diagnostics about the method as a whole point.</summary>
    public LocationInfo? Location { get; init; }

    /// <summary>Depth of the deepest expression of the body (left-operand chains count one per operator).</summary>
    public int ExpressionDepth { get; init; }

    /// <summary>
    /// <c>&lt;see cref="M(double, double)"/&gt;</c>: with the parameter list, so the reference stays
    /// unambiguous when the method has overloads (CS0419 would break documented builds).
    /// </summary>
    public string SeeCref
    {
        get
        {
            var parameters = new System.Collections.Generic.List<string>();
            foreach (var p in Parameters)
            {
                var modifier = p.Kind switch { ArgumentKind.Out => "out ", ArgumentKind.Ref => "ref ", ArgumentKind.In => "in ", ArgumentKind.RefReadOnly => "ref readonly ", _ => "" };
                parameters.Add(modifier + p.Type.Code.Replace("global::", "").Replace('<', '{').Replace('>', '}'));
            }

            // A tuple type has no cref spelling short of ValueTuple{…} with its element names dropped: name the method in text.
            if (parameters.Exists(p => p.Contains("(")))
            {
                return "<c>" + Name + "</c>";
            }

            return "<see cref=\"" + Name + TypeParameterList.Replace('<', '{').Replace('>', '}') + "(" + string.Join(", ", parameters) + ")\"/>";
        }
    }

    public string ContainingTypeCode
    {
        get
        {
            var prefix = Namespace is null ? "global::" : "global::" + Namespace + ".";
            var names = new System.Collections.Generic.List<string>();
            foreach (var t in ContainingTypes)
            {
                names.Add(t.Name);
            }

            return prefix + string.Join(".", names);
        }
    }
}
