using System;

namespace ReparamGen;

/// <summary>
/// Declares a user-supplied tangent rule: the marked static method is the forward-mode derivative of
/// <c>type.methodName</c>, for a method whose body cannot or should not be differentiated. Generated
/// tangents carry this attribute too, which is how differentiated code finds them across assemblies.
/// </summary>
/// <remarks>
/// The rule has the primal's parameters, then one tangent for each differentiable parameter in order,
/// then <c>out</c> tangents of the results; it returns the primal value:
/// <c>static double FTangent(double x, double dX, out double dResult)</c>.
/// <example>
/// <code>
/// [TangentOf(typeof(Math), nameof(Math.Exp))] // an illustration; Math.Exp has a built-in rule
/// static double ExpTangent(double x, double dX, out double dResult) { var r = Math.Exp(x); dResult = r * dX; return r; }
/// </code>
/// </example>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TangentOfAttribute : Attribute
{
    /// <summary>Creates the rule marker.</summary>
    /// <param name="type">The type that declares the differentiated method.</param>
    /// <param name="methodName">The differentiated method's name; use <c>nameof</c>.</param>
    public TangentOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the differentiated method.</summary>
    public Type Type { get; }

    /// <summary>The differentiated method's name.</summary>
    public string MethodName { get; }
}
