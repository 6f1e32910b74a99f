using System;
using System.Numerics;

namespace ReparamGen;

/// <summary>
/// Gumbel-Softmax (Concrete) relaxations of categorical and Bernoulli variables, with their tangent
/// rules, reverse-mode gradients, straight-through estimators and log-densities (Jang, Gu and Poole
/// 2017, "Categorical reparameterization with Gumbel-Softmax"; Maddison, Mnih and Teh 2017,
/// "The Concrete distribution").
/// </summary>
/// <remarks>
/// <para>
/// <b>Conventions.</b> Logits are unnormalized log-probabilities: the class probabilities are
/// <c>π = softmax(logits)</c> (a Bernoulli logit <c>a</c> has <c>P(1) = sigmoid(a)</c>), and adding a
/// constant to every logit changes nothing. A relaxed sample is
/// <c>y = softmax((logits + γ) / τ)</c> with <c>γ</c> standard Gumbel noise (see <see cref="GumbelNoise"/>)
/// and temperature <c>τ &gt; 0</c>; as <c>τ → 0</c> it tends to the one-hot Gumbel-Max sample
/// <c>argmax(logits + γ)</c>, an exact categorical draw.
/// </para>
/// <para>
/// <b>Differentiation.</b> Each primitive carries a <see cref="TangentOfAttribute"/> rule beside it, so a
/// <see cref="ReparameterizableAttribute"/> or <see cref="DifferentiableAttribute"/> method can call it and be
/// differentiated through; noise parameters carry <see cref="NoiseAttribute"/>. <c>…Backward</c> members
/// give the vector-Jacobian product (gradients for the logits and the temperature from an upstream
/// gradient) and <em>add</em> into their gradient outputs, like the generated <c>…Backward</c> members.
/// </para>
/// <para>
/// <b>Domain.</b> A temperature that is not positive, or NaN, throws <see cref="ArgumentOutOfRangeException"/>
/// naming <c>temperature</c>. Logits must be finite or <c>−∞</c> (a masked category, which gets weight
/// exactly 0 and zero gradient); NaN propagates. Every kernel subtracts the largest shifted logit before
/// exponentiating, so no value, tangent or gradient overflows for <c>τ ∈ [1e−3, 1e3]</c> and logits up to
/// <c>±1e4</c>, in double and in float.
/// </para>
/// <para>
/// <b>Performance.</b> Nothing allocates. The batch members (<c>…Batch</c>) process row-major N×K matrices; the
/// exponentials of the relaxed softmax and the logarithms of <see cref="GumbelNoise"/> are SIMD kernels within
/// 1–2 ulp of the platform's, whose scalar forms give the same bits, so results do not depend on vector width.
/// For training loops, <see cref="GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, Philox, Span{double})"/> draws the
/// noise from a <see cref="Philox"/> inside the kernel and
/// <see cref="GumbelSoftmaxBackwardBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/> needs
/// only the sample; their row kernels run on up to 512-bit vectors and sum lane-wise, so they match the row
/// primitives to a few ulp.
/// </para>
/// <para>
/// The primitives live in namespace <c>ReparamGen</c> (like <c>SpecialFunctions</c>) so the
/// <c>using ReparamGen;</c> that brings the attributes also brings them; the distributions built on them
/// are <c>ReparamGen.Distributions.RelaxedOneHotCategorical</c> and <c>RelaxedBernoulli</c>.
/// </para>
/// </remarks>
public static partial class Relaxation
{
    /// <summary>Throws unless <c>temperature &gt; 0</c> (NaN throws too: a NaN temperature is a caller's bug, not data).</summary>
    private static void CheckTemperature<T>(T temperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!(temperature > T.Zero))
        {
            ThrowTemperature(double.CreateTruncating(temperature));
        }
    }

    private static void ThrowTemperature(double temperature)
        => throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "'temperature' must be positive (and not NaN).");

    /// <summary>Checks a relaxed sample's arguments before any randomness is consumed: τ, and the sample's length against K.</summary>
    internal static void CheckRelaxed<T>(int categories, T temperature, int sampleLength, string sampleName)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckTemperature(temperature);
        CheckLength(categories, sampleLength, sampleName);
    }

    internal static void CheckLength(int expected, int actual, string parameterName)
    {
        if (expected != actual)
        {
            throw new ArgumentException("Length of '" + parameterName + "' (" + actual + ") must be " + expected + ".", parameterName);
        }
    }

    /// <summary>
    /// Index of the largest <c>logits[i] + gumbel[i]</c> (the first one on ties), or −1 when any sum is NaN
    /// or there are no categories.
    /// </summary>
    private static int ArgMax<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> gumbel)
        where T : struct, IFloatingPointIeee754<T>
    {
        var best = -1;
        var max = T.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            var x = logits[i] + gumbel[i];
            if (T.IsNaN(x))
            {
                return -1;
            }

            if (best < 0 || x > max)
            {
                best = i;
                max = x;
            }
        }

        return best;
    }
}
