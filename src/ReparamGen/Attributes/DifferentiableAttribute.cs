using System;

namespace ReparamGen;

/// <summary>
/// Marks a static helper that differentiated code may call: the generator emits its <c>…Tangent</c>
/// method, which callers' tangents go through, in this assembly and in any assembly that references it.
/// <example>
/// <code>
/// [Differentiable]
/// static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
///
/// [Reparameterizable]
/// static double Positive(double loc, [Noise] double eps) => Softplus(loc + eps);
/// </code>
/// </example>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
