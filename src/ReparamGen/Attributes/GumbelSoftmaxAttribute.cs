using System;

namespace ReparamGen;

/// <summary>
/// Marks a static method that computes categorical logits (into a <c>Span&lt;double&gt;</c> or
/// <c>Span&lt;float&gt;</c> output) or one Bernoulli logit (a <see cref="double"/> return value).
/// The generator emits the Gumbel-Softmax (Concrete) family for it: <c>…GumbelMax</c>, <c>…Relaxed</c>,
/// <c>…RelaxedTangent</c>, <c>…RelaxedBackward</c>, <c>…StraightThrough</c> and <c>…RelaxedLogDensity</c>
/// (Jang, Gu and Poole 2017; Maddison, Mnih and Teh 2017).
/// <example>
/// <code>
/// [GumbelSoftmax]
/// static void Prefs(double w, double bias, Span&lt;double&gt; logits) { for (int i = 0; i &lt; logits.Length; i++) logits[i] = w * i + bias; }
/// // Generated: PrefsRelaxed(w, bias, temperature, gumbel, sample), PrefsRelaxedBackward(…), …
/// </code>
/// </example>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GumbelSoftmaxAttribute : Attribute
{
}
