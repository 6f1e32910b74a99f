namespace ReparamGen.Generator.IR;

/// <summary>
/// A method that generated code calls, by its parts: the containing type as generated code spells it (fully
/// qualified), the name, and the type argument list (<c>&lt;double&gt;</c>, empty for a non-generic method). Kept
/// apart rather than as one dotted string, which cannot be split back when a type argument itself has dots.
/// </summary>
internal sealed record MethodRef(string ContainingType, string Name, string TypeArguments = "")
{
    /// <summary>The method as an expression in generated code: <c>global::N.T.M&lt;A&gt;</c>.</summary>
    public string Code => ContainingType + "." + Name + TypeArguments;

    public override string ToString() => Code;
}
