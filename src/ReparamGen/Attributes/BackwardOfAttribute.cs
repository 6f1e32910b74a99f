using System;

namespace ReparamGen;

/// <summary>
/// Marks the reverse-mode member of a method: <c>type.methodName</c>'s vector–Jacobian product. Generated
/// <c>MBackward</c> members for span inputs and outputs carry it, which is how reversed code in another assembly
/// finds them (as <see cref="TangentOfAttribute"/> does for tangents).
/// </summary>
/// <remarks>
/// Convention: the primal parameters; <c>seed</c> (upstream derivative of the result) when the result is floating;
/// a seed per floating output (<c>ReadOnlySpan&lt;T&gt;</c> for a span, <c>T</c> for an <c>out</c>); then an
/// accumulator per differentiated input (<c>Span&lt;T&gt;</c> for a span or array, <c>ref T</c> for a scalar), to
/// which <c>Σ seed·∂output/∂input</c> is added. Returns the primal result.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class BackwardOfAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="type">The type that declares the differentiated method.</param>
    /// <param name="methodName">The differentiated method's name; use <c>nameof</c>.</param>
    public BackwardOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the differentiated method.</summary>
    public Type Type { get; }

    /// <summary>The differentiated method's name.</summary>
    public string MethodName { get; }
}
