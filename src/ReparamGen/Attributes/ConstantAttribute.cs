using System;

namespace ReparamGen;

/// <summary>
/// Marks a parameter as data: observations, a design matrix, a lookup table. It is not differentiated: it gets
/// no tangent parameter and no gradient field or accumulator in the generated members, exactly like
/// <see cref="NoiseAttribute"/>, which keeps its own meaning of base randomness <c>ε</c>. Use it on
/// <see cref="double"/>, <see cref="float"/> and floating span or array parameters (others are constant anyway).
/// <example>
/// <code>
/// [Differentiable]
/// static double LogLikelihood(ReadOnlySpan&lt;double&gt; w, [Constant] ReadOnlySpan&lt;double&gt; x, [Constant] ReadOnlySpan&lt;double&gt; y) { … }
/// </code>
/// </example>
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ConstantAttribute : Attribute
{
}
