using Microsoft.CodeAnalysis;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Names a method whose derivative members this compilation generates, the same way at its own Parse and at every
/// call to it: its documentation ID (namespace, type, name, arity and parameter types), which is the same for a
/// generic method and its constructions and for the two parts of a partial method. A caller's generated code names
/// its callees' generated members, so when a callee is refused its callers are held back too (see
/// <c>GenerationOutcomes</c>), instead of emitting code that names members that do not exist.
/// </summary>
internal static class GeneratedCallee
{
    public static string KeyOf(IMethodSymbol method)
        => (method.PartialDefinitionPart ?? method).OriginalDefinition.GetDocumentationCommentId() ?? method.Name;
}
