using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The scalar functions whose calls the vectorised batch loop can evaluate on whole vectors, and the runtime's SIMD
/// form of each (<c>ReparamGen.Simd.SimdMath</c>, within 2 ulp of the exact result over the full domain). A call to
/// anything else keeps the batch overload on its scalar loop.
/// </summary>
internal static class SimdFunctions
{
    public const string SimdMathType = "global::ReparamGen.Simd.SimdMath";
    private const string SpecialFunctionsType = "global::ReparamGen.SpecialFunctions";

    /// <summary>A scalar function with a SIMD form.</summary>
    /// <param name="SimdName">The <c>SimdMath</c> method.</param>
    /// <param name="DomainFloor">
    /// Arguments below it make the scalar function throw (<c>SpecialFunctions.Log1p</c> below −1), so a lane there sends
    /// its chunk to the scalar code, which throws the same exception; null when the scalar function is total.
    /// </param>
    public sealed record Entry(string SimdName, string? DomainFloor);

    /// <summary>The SIMD form of the one-argument call <paramref name="call"/> in lanes of <paramref name="element"/>, if it has one (the runtime's special functions: double only).</summary>
    public static Entry? Find(CallExpr call, ScalarKind element)
    {
        if (call.Arguments.Count != 1 || call.Receiver is not null || call.Arguments[0].Kind != ArgumentKind.Value)
        {
            return null;
        }

        return (element, call.Target.ContainingType, call.Target.Name) switch
        {
            (ScalarKind.Double, "global::System.Math" or "double", "Exp") or (ScalarKind.Float, "global::System.MathF" or "float", "Exp") => new Entry("Exp", null),
            (ScalarKind.Double, "global::System.Math" or "double", "Log") or (ScalarKind.Float, "global::System.MathF" or "float", "Log") => new Entry("Log", null),
            (ScalarKind.Double, "global::System.Math" or "double", "Sqrt") or (ScalarKind.Float, "global::System.MathF" or "float", "Sqrt") => new Entry("Sqrt", null),
            (ScalarKind.Double, SpecialFunctionsType, "Log1p") => new Entry("Log1p", "-1.0"),
            (ScalarKind.Double, SpecialFunctionsType, "Expm1") => new Entry("Expm1", null),
            _ => null,
        };
    }

    /// <summary>
    /// A call of a tangent rule <c>FTangent(x, dx, out dy)</c> whose value and tangent the loop forms from SIMD
    /// functions: <c>Expm1Tangent</c> (dy = eˣ·dx, with eˣ itself as the rule does) and <c>Log1pTangent</c>
    /// (dy = dx/(1 + x)). Returns the SIMD name of the value's function.
    /// </summary>
    public static Entry? FindTangent(CallExpr call, ScalarKind element)
    {
        if (element != ScalarKind.Double || call.Arguments.Count != 3 || call.Receiver is not null || call.Target.ContainingType != SpecialFunctionsType
            || call.Arguments[0].Kind != ArgumentKind.Value || call.Arguments[1].Kind != ArgumentKind.Value
            || call.Arguments[2] is not { Kind: ArgumentKind.Out, Value: LocalExpr { Type.Element: ScalarKind.Double, Type.Shape: ShapeKind.Scalar } })
        {
            return null;
        }

        return call.Target.Name switch
        {
            "Expm1Tangent" => new Entry("Expm1", null),
            "Log1pTangent" => new Entry("Log1p", "-1.0"),
            _ => null,
        };
    }
}
