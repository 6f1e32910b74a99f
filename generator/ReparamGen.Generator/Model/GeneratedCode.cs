using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Model;

/// <summary>A parameter of a generated member, with the text of its XML doc.</summary>
internal sealed record GeneratedParameter(string Name, IrType Type, ArgumentKind Kind, string Doc);

/// <summary>A generated method: signature, IR body and documentation.</summary>
internal sealed record GeneratedMethod(
    string Name,
    IrType ReturnType,
    EquatableArray<GeneratedParameter> Parameters,
    BlockStmt Body,
    string Summary,
    string? Returns,
    bool AggressiveInlining,
    bool IsTangentRule)
{
    /// <summary>A reverse-mode member for span inputs or outputs: carries [BackwardOf], so reversed callers find it.</summary>
    public bool IsBackwardRule { get; init; }
}

/// <summary>A generated <c>readonly record struct</c> (the gradient of one method).</summary>
internal sealed record GeneratedStruct(string Name, EquatableArray<GeneratedParameter> Fields, string Summary);

/// <summary>Everything generated for one attributed method: the Differentiate stage's output, the Emit stage's input.</summary>
internal sealed record GeneratedFile(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeIr> ContainingTypes,
    string ContainingTypeCode,
    string PrimalName,
    string Accessibility,
    EquatableArray<GeneratedStruct> Structs,
    EquatableArray<GeneratedMethod> Methods)
{
    /// <summary>The members are instance members (no <c>static</c>): the primal is an instance method.</summary>
    public bool IsInstance { get; init; }

    /// <summary>The members are <c>readonly</c> instance members of a struct (as the primal is).</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>The primal's type parameter list (<c>&lt;T&gt;</c>), declared by every generated member and struct; empty when not generic.</summary>
    public string TypeParameterList { get; init; } = "";

    /// <summary>The primal's constraint clauses (<c> where T : …</c>), repeated on every generated member and struct.</summary>
    public string ConstraintClauses { get; init; } = "";

    /// <summary>Depth of the deepest expression of the method's body, when deep (the Emit stage's stack depends on it).</summary>
    public int ExpressionDepth { get; init; }
}

/// <summary>A user [TangentOf] rule found in the compilation, as the differentiator matches it.</summary>
internal sealed record TangentRuleInfo(string RuleKey, EquatableArray<string> PrimalParameterTypes, IR.MethodRef TangentMethod);
