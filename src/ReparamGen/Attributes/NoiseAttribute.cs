using System;

namespace ReparamGen;

/// <summary>
/// Marks a parameter as base randomness <c>ε</c>, whose law is free of the parameters <c>λ</c>: it is
/// held constant and gets no tangent. Only <see cref="double"/>, <see cref="float"/> and floating span
/// or array parameters can carry it (others are constant anyway).
/// <example>
/// <code>
/// [Reparameterizable]
/// static double Normal(double mean, double stdDev, [Noise] double eps) => mean + stdDev * eps;
/// </code>
/// </example>
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoiseAttribute : Attribute
{
}
