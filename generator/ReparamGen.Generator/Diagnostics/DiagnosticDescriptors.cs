using Microsoft.CodeAnalysis;

namespace ReparamGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Causes and fixes: docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ReparamGen";
    private const string HelpBase = "https://github.com/reparamgen/reparamgen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "RPG0001",
        "Containing type must be partial",
        "Type '{0}' must be declared 'partial' so that the gradient members of '{1}' can be generated beside it");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error(
        "RPG0002",
        "Method must be static",
        "Method '{0}' must be 'static' to carry [{1}]");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error(
        "RPG0003",
        "Construct not supported in differentiated code",
        "{0} is not supported in differentiated method '{1}'");

    public static readonly DiagnosticDescriptor NoTangentForCall = Error(
        "RPG0004",
        "Call has no tangent",
        "Call to '{0}' depends on a differentiated value but has no tangent: {1}");

    public static readonly DiagnosticDescriptor NonDifferentiableOperation = Warning(
        "RPG0005",
        "Non-differentiable operation on a differentiated value",
        "{0} on a value that depends on a differentiated parameter jumps; its derivative is taken as {1}, exact only between the jumps");

    public static readonly DiagnosticDescriptor InvalidImplicitReparamTarget = Error(
        "RPG0006",
        "Invalid [ImplicitReparam] target",
        "[ImplicitReparam] on '{0}': {1}");

    public static readonly DiagnosticDescriptor NoiseOnNonFloatingParameter = Error(
        "RPG0007",
        "[Noise] on a parameter that is not floating-point",
        "[Noise] on parameter '{0}' of type '{1}' has no effect: only double, float and their spans or arrays are differentiated");

    public static readonly DiagnosticDescriptor WriteToFieldOrStatic = Error(
        "RPG0008",
        "Differentiated code writes to a field or property",
        "Differentiated method '{0}' writes to '{1}'; generated tangents would repeat the write. Use a local or an out parameter");

    public static readonly DiagnosticDescriptor UnsupportedSignature = Error(
        "RPG0009",
        "Method signature not supported",
        "Method '{0}' cannot be differentiated: {1}");

    public static readonly DiagnosticDescriptor InvalidTangentRule = Error(
        "RPG0010",
        "Invalid [TangentOf] or [BackwardOf] rule",
        "{0} rule '{1}' does not fit: {2}");

    public static readonly DiagnosticDescriptor ActiveValueIntoNoise = Warning(
        "RPG0011",
        "Differentiated value passed as noise",
        "Argument for [Noise] or [Constant] parameter '{0}' of '{1}' depends on a differentiated parameter; its derivative is dropped");

    public static readonly DiagnosticDescriptor InvalidGumbelSoftmaxTarget = Error(
        "RPG0012",
        "Invalid [GumbelSoftmax] target",
        "[GumbelSoftmax] on '{0}': {1}");

    public static readonly DiagnosticDescriptor GeneratedNameInUse = Error(
        "RPG0013",
        "Generated member name already in use",
        "Cannot generate the gradient members of '{0}': {1}");

    public static readonly DiagnosticDescriptor PartlyDifferentiated = Warning(
        "RPG0014",
        "Part of the method is not differentiated",
        "Method '{0}': {1}");

    public static readonly DiagnosticDescriptor HiddenRandomness = Warning(
        "RPG0015",
        "Hidden randomness in differentiated code",
        "'{0}' in differentiated method '{1}' draws from a generator the method does not receive: every generated member draws again, so its value and derivative come from other draws than the method's; pass a Random or [Noise] parameter instead");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Error(
        "RPG0016",
        "Conflicting generating attributes",
        "[{0}] on '{1}' conflicts with [{2}], which already generates its members; keep one of them");

    public static readonly DiagnosticDescriptor TypeCannotHoldMembers = Error(
        "RPG0017",
        "Containing type cannot hold the generated members",
        "Cannot generate the gradient members of '{0}': {1}");

    /// <summary>
    /// Info, not a warning: the member it explains is one the user may never call, and code that built before reverse
    /// mode existed must still build with warnings as errors. Calling the missing <c>MBackward</c> is a compile error
    /// next to which this message says why; projects that want it enforced raise its severity in .editorconfig.
    /// </summary>
    public static readonly DiagnosticDescriptor ReverseModeNotGenerated = Info(
        "RPG0018",
        "Backward falls back to forward mode",
        "'{0}Backward' {1}");

    /// <summary>
    /// At a call whose callee got no generated members (it has errors of its own): the caller's generated code would
    /// name those members, so it is held back too, and this says why at the call instead of leaving compiler errors in
    /// generated files.
    /// </summary>
    public static readonly DiagnosticDescriptor CalleeNotGenerated = Error(
        "RPG0019",
        "Called method has no generated members",
        "'{0}' calls '{1}', whose derivative members were not generated because of the errors reported on '{1}'; '{0}' gets none either until they are fixed");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Info(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
