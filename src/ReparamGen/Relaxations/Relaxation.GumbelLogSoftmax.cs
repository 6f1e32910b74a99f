using System;
using System.Numerics;

namespace ReparamGen;

// The relaxed sample in log space, log y = log_softmax((logits + γ)/τ) (the ExpConcrete variable of
// Maddison et al. 2017, App. C). Near one-hot samples (small τ) underflow to exact zeros in y but stay
// finite here, which is what ConcreteLogDensityFromLog needs to stay finite on the simplex's edge.
// With s'ᵢ = (xᵢ − xₐ)/τ as in GumbelSoftmax: log yᵢ = s'ᵢ − log Σⱼ exp(s'ⱼ), the log of a sum ≥ 1.
// d log yᵢ = dsᵢ − Σⱼ yⱼ dsⱼ;  ∂L/∂sᵢ = wᵢ − yᵢ Σⱼ wⱼ for an upstream gradient w on log y.
public static partial class Relaxation
{
    /// <summary>
    /// The relaxed sample in log space, <c>logSample = log softmax((logits + gumbel) / temperature)</c>:
    /// finite wherever the logits are, even where <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>
    /// underflows to 0. Pair it with <see cref="ConcreteLogDensityFromLog"/>.
    /// </summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories (finite, or −∞ for a masked category).</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="logSample">Receives the K log relaxed probabilities.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelLogSoftmax(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel, Span<double> logSample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, logSample.Length);
        LogSoftmaxTangent(logits, temperature, gumbel, logSample, default, 0.0, default);
    }

    /// <summary>
    /// Tangent rule of <see cref="GumbelLogSoftmax"/>: writes the log-space sample and its directional
    /// derivative <c>d log yᵢ = dsᵢ − Σⱼ yⱼ dsⱼ</c>, <c>dsᵢ = (dLogitsᵢ − sᵢ dτ)/τ</c> (0 for a masked category).
    /// </summary>
    /// <param name="logits">As for <c>GumbelLogSoftmax</c>.</param>
    /// <param name="temperature">As for <c>GumbelLogSoftmax</c>.</param>
    /// <param name="gumbel">As for <c>GumbelLogSoftmax</c> (noise: no tangent).</param>
    /// <param name="logSample">Receives the log-space sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dLogSample">Receives the tangent of the log-space sample.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(GumbelLogSoftmax))]
    public static void GumbelLogSoftmaxTangent(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> logSample, ReadOnlySpan<double> dLogits, double dTemperature, Span<double> dLogSample)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, logSample.Length);
        CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        CheckLength(logits.Length, dLogSample.Length, nameof(dLogSample));
        LogSoftmaxTangent(logits, temperature, gumbel, logSample, dLogits, dTemperature, dLogSample);
    }

    /// <summary>
    /// Reverse mode of <see cref="GumbelLogSoftmax"/>: adds <c>∂L/∂logits</c> and <c>∂L/∂τ</c> given the
    /// forward pass's <paramref name="logSample"/> and the upstream gradient <c>∂L/∂logSample</c>.
    /// </summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="logSample">The forward pass's output for these arguments.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂logSample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void GumbelLogSoftmaxBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> logSample, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckSoftmaxArguments(logits, temperature, gumbel, logSample.Length);
        CheckLength(logits.Length, upstream.Length, nameof(upstream));
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            for (var i = 0; i < gradLogits.Length; i++)
            {
                gradLogits[i] += double.NaN;
            }

            gradTemperature += logits.Length > 0 ? double.NaN : 0.0;
            return;
        }

        // A masked category's log y is the constant −∞: its upstream gradient does not flow.
        var total = 0.0;
        for (var i = 0; i < logSample.Length; i++)
        {
            if (!double.IsNegativeInfinity(logSample[i]))
            {
                total += upstream[i];
            }
        }

        var xa = logits[a] + gumbel[a];
        var tau = 0.0;
        for (var i = 0; i < logSample.Length; i++)
        {
            if (double.IsNegativeInfinity(logSample[i]))
            {
                continue;
            }

            var v = upstream[i] - Math.Exp(logSample[i]) * total;
            gradLogits[i] += v / temperature;
            tau += v * ((logits[i] + gumbel[i] - xa) / temperature);
        }

        gradTemperature -= tau / temperature;
    }

    /// <summary>
    /// Forward pass, plus the tangent when <paramref name="dLogSample"/> is not empty. <paramref name="gumbel"/> may be the
    /// same memory as <paramref name="logSample"/> or <paramref name="dLogSample"/> (each index is read before it is written).
    /// </summary>
    internal static void LogSoftmaxTangent<T>(ReadOnlySpan<T> logits, T temperature, ReadOnlySpan<T> gumbel, Span<T> logSample, ReadOnlySpan<T> dLogits, T dTemperature, Span<T> dLogSample)
        where T : struct, IFloatingPointIeee754<T>
    {
        var withTangent = !dLogSample.IsEmpty;
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            logSample.Fill(T.NaN);
            dLogSample.Fill(T.NaN);
            return;
        }

        var xa = logits[a] + gumbel[a];
        var dLogitA = withTangent ? dLogits[a] : T.Zero;
        var sum = T.Zero;
        var weighted = T.Zero;
        for (var i = 0; i < logSample.Length; i++)
        {
            var s = (logits[i] + gumbel[i] - xa) / temperature;
            var e = T.Exp(s);
            logSample[i] = s;
            sum += e;
            if (withTangent)
            {
                // s = −∞ is a masked category: constant log y, zero tangent (and no 0·∞). An underflowed
                // e = 0 with finite s keeps its tangent: log y is finite there.
                var delta = T.IsNegativeInfinity(s) ? T.Zero : (dLogits[i] - dLogitA - s * dTemperature) / temperature;
                dLogSample[i] = delta;
                weighted += e * delta;
            }
        }

        var logSum = T.Log(sum);
        var mean = weighted / sum;
        for (var i = 0; i < logSample.Length; i++)
        {
            logSample[i] -= logSum;
            if (withTangent)
            {
                dLogSample[i] = T.IsNegativeInfinity(logSample[i]) ? T.Zero : dLogSample[i] - mean;
            }
        }
    }
}
