using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ReparamGen;

// The relaxed categorical sample y = softmax((logits + γ)/τ) (Jang et al. 2017 eq. 1; Maddison et al.
// 2017 Def. 1), its Jacobian-vector product and its vector-Jacobian product.
//
// Stable form: with x = logits + γ and a = argmax x, s'ᵢ = (xᵢ − xₐ)/τ ≤ 0 and yᵢ = exp(s'ᵢ)/Σⱼ exp(s'ⱼ),
// whose denominator is ≥ 1 (nothing overflows, a masked −∞ logit gives exactly 0).
// Derivatives: with sᵢ = xᵢ/τ, dyᵢ = yᵢ(dsᵢ − Σⱼ yⱼ dsⱼ) and ∂L/∂sᵢ = yᵢ(uᵢ − Σⱼ yⱼ uⱼ). Both are
// invariant to adding one constant to every dsᵢ (or uᵢ), so they are taken relative to category a:
// the differences stay small when y is nearly one-hot (τ → 0), where yₐ ≈ 1 would otherwise cancel.
// Likewise ∂L/∂τ = −(1/τ) Σᵢ (∂L/∂sᵢ) s'ᵢ uses the shifted s' (Σᵢ ∂L/∂sᵢ = 0), which keeps it finite.
public static partial class Relaxation
{
    /// <summary>
    /// The Gumbel-Softmax (Concrete) relaxed sample <c>sample = softmax((logits + gumbel) / temperature)</c>,
    /// computed in a stable form (the largest shifted logit is subtracted before exponentiating).
    /// </summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories (finite, or −∞ for a masked category).</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0; τ → 0 approaches the one-hot Gumbel-Max sample.</param>
    /// <param name="gumbel">K standard Gumbel draws (see <see cref="GumbelNoise.FillGumbel(Random, Span{double})"/>).</param>
    /// <param name="sample">Receives the K relaxed probabilities (non-negative, summing to 1). May be the same memory as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelSoftmax(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel, Span<double> sample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        SoftmaxForward(logits, temperature, gumbel, sample);
    }

    /// <summary>Single-precision form of <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="sample">Receives the K relaxed probabilities.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelSoftmax(ReadOnlySpan<float> logits, float temperature, [Noise] ReadOnlySpan<float> gumbel, Span<float> sample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        SoftmaxForward(logits, temperature, gumbel, sample);
    }

    /// <summary>
    /// Tangent rule (Jacobian-vector product) of <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>:
    /// writes the relaxed sample and its directional derivative along (<paramref name="dLogits"/>, <paramref name="dTemperature"/>).
    /// </summary>
    /// <param name="logits">As for <c>GumbelSoftmax</c>.</param>
    /// <param name="temperature">As for <c>GumbelSoftmax</c>.</param>
    /// <param name="gumbel">As for <c>GumbelSoftmax</c> (noise: no tangent).</param>
    /// <param name="sample">Receives the relaxed sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Receives the tangent of the sample, <c>dyᵢ = yᵢ(dsᵢ − Σⱼ yⱼ dsⱼ)</c> with <c>dsᵢ = (dLogitsᵢ − sᵢ dτ)/τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(GumbelSoftmax))]
    public static void GumbelSoftmaxTangent(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> sample, ReadOnlySpan<double> dLogits, double dTemperature, Span<double> dSample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        CheckLength(logits.Length, dSample.Length, nameof(dSample));
        SoftmaxTangent(logits, temperature, gumbel, sample, dLogits, dTemperature, dSample);
    }

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxTangent(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, double, Span{double})"/>.</summary>
    /// <param name="logits">As for <c>GumbelSoftmax</c>.</param>
    /// <param name="temperature">As for <c>GumbelSoftmax</c>.</param>
    /// <param name="gumbel">As for <c>GumbelSoftmax</c>.</param>
    /// <param name="sample">Receives the relaxed sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Receives the tangent of the sample.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(GumbelSoftmax))]
    public static void GumbelSoftmaxTangent(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, Span<float> sample, ReadOnlySpan<float> dLogits, float dTemperature, Span<float> dSample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        CheckLength(logits.Length, dSample.Length, nameof(dSample));
        SoftmaxTangent(logits, temperature, gumbel, sample, dLogits, dTemperature, dSample);
    }

    /// <summary>
    /// Reverse mode (vector-Jacobian product) of <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>:
    /// adds <c>∂L/∂logits</c> to <paramref name="gradLogits"/> and <c>∂L/∂τ</c> to <paramref name="gradTemperature"/>,
    /// given the forward pass's <paramref name="sample"/> and the upstream gradient <c>∂L/∂sample</c>.
    /// </summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="sample">The forward pass's output for these arguments.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelSoftmaxBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> sample, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        CheckLength(logits.Length, upstream.Length, nameof(upstream));
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        SoftmaxBackward(logits, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);
    }

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxBackward(ReadOnlySpan{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="sample">The forward pass's output for these arguments.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelSoftmaxBackward(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, ReadOnlySpan<float> sample, ReadOnlySpan<float> upstream, Span<float> gradLogits, ref float gradTemperature)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        CheckLength(logits.Length, upstream.Length, nameof(upstream));
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        SoftmaxBackward(logits, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);
    }

    private static void CheckSoftmaxArguments<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, int sampleLength)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckTemperature(temperature);
        CheckLength(logits.Length, gumbel.Length, "gumbel");
        CheckLength(logits.Length, sampleLength, "sample");
    }

    /// <summary>
    /// Writes the relaxed sample; returns the reference category a = argmax(logits + gumbel), or −1 (sample all NaN)
    /// when an input is NaN. <paramref name="gumbel"/> may be the same memory as <paramref name="sample"/>: each index is read before it is written.
    /// </summary>
    internal static int SoftmaxForward<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, Span<T> sample)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            sample.Fill(T.NaN);
            return a;
        }

        var xa = logits[a] + gumbel[a];
        var inverse = InverseTemperature(temperature);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (logits[i] + gumbel[i] - xa) * inverse;
        }

        // Then exponentiate and divide by the sum, which is ≥ 1 (category a contributes exp(0) = 1 exactly).
        ExpNonPositive(sample);
        NormalizeRow(sample);
        return a;
    }

    /// <summary>Forward pass and JVP. <paramref name="gumbel"/> may be the same memory as <paramref name="dSample"/> (each index is read before it is written).</summary>
    internal static void SoftmaxTangent<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, Span<T> sample, ReadOnlySpan<T> dLogits, T dTemperature, Span<T> dSample)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = SoftmaxForward(logits, temperature, gumbel, sample);
        if (a < 0)
        {
            dSample.Fill(T.NaN);
            return;
        }

        var xa = logits[a] + gumbel[a];
        var inverse = InverseTemperature(temperature);
        var dLogitA = dLogits[a];
        var mean = T.Zero;
        for (var i = 0; i < sample.Length; i++)
        {
            var y = sample[i];

            // A zero weight (masked, or underflowed) has zero tangent; skipping it also avoids 0·∞ for s' = −∞.
            var delta = T.Zero;
            if (y != T.Zero)
            {
                var s = (logits[i] + gumbel[i] - xa) * inverse;
                delta = (dLogits[i] - dLogitA - s * dTemperature) * inverse;
            }

            dSample[i] = delta;
            mean += y * delta;
        }

        for (var i = 0; i < sample.Length; i++)
        {
            dSample[i] = sample[i] * (dSample[i] - mean);
        }
    }

    private static void SoftmaxBackward<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, ReadOnlySpan<T> sample, ReadOnlySpan<T> upstream, Span<T> gradLogits, ref T gradTemperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            if (logits.Length > 0)
            {
                for (var i = 0; i < gradLogits.Length; i++)
                {
                    gradLogits[i] += T.NaN;
                }

                gradTemperature += T.NaN;
            }

            return;
        }

        var xa = logits[a] + gumbel[a];
        var ua = upstream[a];
        var inverse = InverseTemperature(temperature);

        // m = Σⱼ yⱼ(uⱼ − uₐ) = ū − uₐ, accurate when y is nearly one-hot.
        var m = T.Zero;
        for (var i = 0; i < sample.Length; i++)
        {
            m += sample[i] * (upstream[i] - ua);
        }

        var tau = T.Zero;
        for (var i = 0; i < sample.Length; i++)
        {
            var y = sample[i];
            if (y == T.Zero)
            {
                continue;
            }

            var v = y * (upstream[i] - ua - m);
            gradLogits[i] += v * inverse;
            tau += v * (logits[i] + gumbel[i] - xa);
        }

        // ∂L/∂τ = −(1/τ²) Σᵢ vᵢ(xᵢ − xₐ); multiplied by 1/τ twice so that it overflows only if the result does.
        gradTemperature -= tau * inverse * inverse;
    }

    /// <summary>In-place e^t for t ≤ 0: the SIMD kernels of <see cref="VectorMath"/> for double and float.</summary>
    private static void ExpNonPositive<T>(Span<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            VectorMath.ExpNonPositive(MemoryMarshal.Cast<T, double>(values));
        }
        else if (typeof(T) == typeof(float))
        {
            VectorMath.ExpNonPositive(MemoryMarshal.Cast<T, float>(values));
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = T.Exp(values[i]);
            }
        }
    }

    /// <summary>
    /// 1/τ, for multiplying instead of dividing in the hot loops. Below the smallest normal τ (where 1/τ overflows)
    /// it is the largest finite value instead: the sample is one-hot to the last bit either way, and an infinite
    /// factor would turn the reference category's 0·(1/τ) into NaN.
    /// </summary>
    private static T InverseTemperature<T>(T temperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        var inverse = T.One / temperature;
        return T.IsFinite(inverse) ? inverse : T.CreateSaturating(double.MaxValue);
    }
}
