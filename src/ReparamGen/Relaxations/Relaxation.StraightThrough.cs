using System;
using System.Numerics;

namespace ReparamGen;

// Exact discrete samples (Gumbel-Max: argmax(logits + γ) is Categorical(softmax(logits)); Gumbel 1954,
// Maddison et al. 2017 §2) and the straight-through estimator (Bengio et al. 2013; Jang et al. 2017 §2.2):
// the forward value is the hard one-hot sample, the derivative is the relaxed sample's. The tangent rules
// below make that so for any differentiated method that calls these.
public static partial class Relaxation
{
    /// <summary>
    /// The Gumbel-Max categorical sample <c>argmax(logits + gumbel)</c>: exactly distributed as
    /// Categorical(softmax(logits)) when <paramref name="gumbel"/> holds independent standard Gumbel draws.
    /// </summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <returns>The chosen category (the first on ties), or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static int GumbelMax(ReadOnlySpan<double> logits, [Noise] ReadOnlySpan<double> gumbel)
    {
        CheckLength(logits.Length, gumbel.Length, nameof(gumbel));
        return ArgMax(logits, gumbel);
    }

    /// <summary>Single-precision form of <see cref="GumbelMax(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <returns>The chosen category, or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static int GumbelMax(ReadOnlySpan<float> logits, [Noise] ReadOnlySpan<float> gumbel)
    {
        CheckLength(logits.Length, gumbel.Length, nameof(gumbel));
        return ArgMax(logits, gumbel);
    }

    /// <summary>
    /// Straight-through Gumbel-Softmax: writes the hard one-hot Gumbel-Max sample; its tangent rule
    /// (<see cref="StraightThroughTangent(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, double, Span{double})"/>)
    /// and <see cref="StraightThroughBackward(ReadOnlySpan{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>
    /// use the relaxed sample's derivative at <paramref name="temperature"/>.
    /// </summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature of the relaxation used for derivatives, τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="sample">Receives exactly 1 at the chosen category and 0 elsewhere (all NaN when an input is NaN).</param>
    /// <returns>The chosen category, or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static int StraightThrough(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel, Span<double> sample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        return WriteOneHot(ArgMax(logits, gumbel), sample);
    }

    /// <summary>Single-precision form of <see cref="StraightThrough(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature of the relaxation used for derivatives, τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="sample">Receives the one-hot sample.</param>
    /// <returns>The chosen category, or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static int StraightThrough(ReadOnlySpan<float> logits, float temperature, [Noise] ReadOnlySpan<float> gumbel, Span<float> sample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, sample.Length);
        return WriteOneHot(ArgMax(logits, gumbel), sample);
    }

    /// <summary>Tangent rule of <see cref="StraightThrough(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>: the one-hot sample, with the relaxed sample's tangent.</summary>
    /// <param name="logits">As for <c>StraightThrough</c>.</param>
    /// <param name="temperature">As for <c>StraightThrough</c>.</param>
    /// <param name="gumbel">As for <c>StraightThrough</c> (noise: no tangent).</param>
    /// <param name="sample">Receives the one-hot sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Receives the tangent of the relaxed sample <c>GumbelSoftmax(logits, temperature, gumbel)</c>.</param>
    /// <returns>The chosen category, or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(StraightThrough))]
    public static int StraightThroughTangent(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> sample, ReadOnlySpan<double> dLogits, double dTemperature, Span<double> dSample)
    {
        GumbelSoftmaxTangent(logits, temperature, gumbel, sample, dLogits, dTemperature, dSample);
        return WriteOneHot(ArgMax(logits, gumbel), sample);
    }

    /// <summary>Single-precision form of <see cref="StraightThroughTangent(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, double, Span{double})"/>.</summary>
    /// <param name="logits">As for <c>StraightThrough</c>.</param>
    /// <param name="temperature">As for <c>StraightThrough</c>.</param>
    /// <param name="gumbel">As for <c>StraightThrough</c>.</param>
    /// <param name="sample">Receives the one-hot sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Receives the tangent of the relaxed sample.</param>
    /// <returns>The chosen category, or −1 when an input is NaN or K = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(StraightThrough))]
    public static int StraightThroughTangent(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, Span<float> sample, ReadOnlySpan<float> dLogits, float dTemperature, Span<float> dSample)
    {
        GumbelSoftmaxTangent(logits, temperature, gumbel, sample, dLogits, dTemperature, dSample);
        return WriteOneHot(ArgMax(logits, gumbel), sample);
    }

    /// <summary>
    /// Reverse mode of <see cref="StraightThrough(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>:
    /// the relaxed sample's gradient (<see cref="GumbelSoftmaxBackward(ReadOnlySpan{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>),
    /// recomputing the relaxed sample without scratch memory.
    /// </summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="upstream">The upstream gradient with respect to the (one-hot) sample.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void StraightThroughBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, upstream.Length);
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        RecomputingBackward(logits, temperature, gumbel, upstream, gradLogits, ref gradTemperature);
    }

    /// <summary>Single-precision form of <see cref="StraightThroughBackward(ReadOnlySpan{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="upstream">The upstream gradient with respect to the sample.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void StraightThroughBackward(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, ReadOnlySpan<float> upstream, Span<float> gradLogits, ref float gradTemperature)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, upstream.Length);
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        RecomputingBackward(logits, temperature, gumbel, upstream, gradLogits, ref gradTemperature);
    }

    /// <summary>
    /// Binary straight-through: the hard Bernoulli sample <c>1</c> if <c>logit + logistic &gt; 0</c>, else <c>0</c>
    /// (NaN propagates); its tangent rule and backward use <see cref="BinaryConcrete(double, double, double)"/>'s derivative.
    /// </summary>
    /// <param name="logit">Log-odds: <c>P(1) = sigmoid(logit)</c>.</param>
    /// <param name="temperature">Temperature of the relaxation used for derivatives, τ &gt; 0.</param>
    /// <param name="logistic">A standard logistic draw.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryStraightThrough(double logit, double temperature, [Noise] double logistic)
    {
        CheckTemperature(temperature);
        return Step(logit + logistic);
    }

    /// <summary>Single-precision form of <see cref="BinaryStraightThrough(double, double, double)"/>.</summary>
    /// <param name="logit">Log-odds.</param>
    /// <param name="temperature">Temperature of the relaxation used for derivatives, τ &gt; 0.</param>
    /// <param name="logistic">A standard logistic draw.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static float BinaryStraightThrough(float logit, float temperature, [Noise] float logistic)
    {
        CheckTemperature(temperature);
        return Step(logit + logistic);
    }

    /// <summary>Tangent rule of <see cref="BinaryStraightThrough(double, double, double)"/>: the hard sample, with the relaxed sample's tangent.</summary>
    /// <param name="logit">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="temperature">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="logistic">As for <c>BinaryStraightThrough</c> (noise: no tangent).</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dResult">Receives the tangent of <c>BinaryConcrete(logit, temperature, logistic)</c>.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryStraightThrough))]
    public static double BinaryStraightThroughTangent(double logit, double temperature, double logistic, double dLogit, double dTemperature, out double dResult)
    {
        CheckTemperature(temperature);
        SigmoidTangent(logit, temperature, logistic, dLogit, dTemperature, out dResult);
        return Step(logit + logistic);
    }

    /// <summary>Single-precision form of <see cref="BinaryStraightThroughTangent(double, double, double, double, double, out double)"/>.</summary>
    /// <param name="logit">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="temperature">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="logistic">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dResult">Receives the tangent of the relaxed sample.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryStraightThrough))]
    public static float BinaryStraightThroughTangent(float logit, float temperature, float logistic, float dLogit, float dTemperature, out float dResult)
    {
        CheckTemperature(temperature);
        SigmoidTangent(logit, temperature, logistic, dLogit, dTemperature, out dResult);
        return Step(logit + logistic);
    }

    /// <summary>Reverse mode of <see cref="BinaryStraightThrough(double, double, double)"/>: adds the relaxed sample's gradient times <paramref name="seed"/>.</summary>
    /// <param name="logit">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="temperature">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="logistic">As for <c>BinaryStraightThrough</c>.</param>
    /// <param name="seed">Upstream derivative with respect to the sample.</param>
    /// <param name="gradLogit">Accumulates <c>∂L/∂logit</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryStraightThroughBackward(double logit, double temperature, double logistic, double seed, ref double gradLogit, ref double gradTemperature)
    {
        CheckTemperature(temperature);
        SigmoidBackward(logit, temperature, logistic, seed, ref gradLogit, ref gradTemperature);
        return Step(logit + logistic);
    }

    private static T Step<T>(T x)
        where T : struct, IFloatingPointIeee754<T>
        => T.IsNaN(x) ? x : x > T.Zero ? T.One : T.Zero;

    private static int WriteOneHot<T>(int index, Span<T> sample)
        where T : struct, IFloatingPointIeee754<T>
    {
        sample.Fill(index < 0 ? T.NaN : T.Zero);
        if (index >= 0)
        {
            sample[index] = T.One;
        }

        return index;
    }

    /// <summary>
    /// <see cref="SoftmaxBackward"/> without a stored sample: one pass for the normalizer Z and
    /// Σ eⱼ(uⱼ − uₐ), a second that recomputes yᵢ = eᵢ/Z. Two exponentials per category, no scratch.
    /// </summary>
    private static void RecomputingBackward<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, ReadOnlySpan<T> upstream, Span<T> gradLogits, ref T gradTemperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            for (var i = 0; i < gradLogits.Length; i++)
            {
                gradLogits[i] += T.NaN;
            }

            gradTemperature += logits.Length > 0 ? T.NaN : T.Zero;
            return;
        }

        var xa = logits[a] + gumbel[a];
        var ua = upstream[a];
        var z = T.Zero;
        var weighted = T.Zero;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = T.Exp((logits[i] + gumbel[i] - xa) / temperature);
            z += e;
            weighted += e * (upstream[i] - ua);
        }

        var m = weighted / z;
        var tau = T.Zero;
        for (var i = 0; i < logits.Length; i++)
        {
            var s = (logits[i] + gumbel[i] - xa) / temperature;
            var y = T.Exp(s) / z;
            if (y == T.Zero)
            {
                continue;
            }

            var v = y * (upstream[i] - ua - m);
            gradLogits[i] += v / temperature;
            tau += v * s;
        }

        gradTemperature -= tau / temperature;
    }
}
