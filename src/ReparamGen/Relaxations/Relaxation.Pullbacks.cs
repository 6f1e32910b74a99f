using System;

namespace ReparamGen;

// Reverse-mode rules for the relaxations that write a span output, in the calling convention of generated MBackward
// members: the primal's parameters (the output span among them, which the rule writes as the primal does), the seed of
// each floating output (the upstream gradient ∂L/∂output), then one accumulator per differentiated input. A reversed
// [Differentiable] body that calls one of these relaxations goes through its rule: one reverse pass, instead of one
// tangent pass per logit. Each rule runs the primal, then the relaxation's own Backward on the sample it just wrote.
// The noise must not overlap the output here (the forward-only primals allow it): the backward reads the noise after
// the output has been written.
public static partial class Relaxation
{
    /// <summary>
    /// Reverse-mode rule of <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>
    /// for reversed callers: writes <paramref name="sample"/> as the primal does, then adds <c>∂L/∂logits</c> to
    /// <paramref name="gradLogits"/> and <c>∂L/∂τ</c> to <paramref name="gradTemperature"/> for the upstream gradient
    /// <paramref name="seedSample"/> = <c>∂L/∂sample</c>.
    /// </summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="sample"/>.</param>
    /// <param name="sample">Receives the relaxed sample.</param>
    /// <param name="seedSample">The upstream gradient <c>∂L/∂sample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="sample"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(GumbelSoftmax))]
    public static void GumbelSoftmaxPullback(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> sample, ReadOnlySpan<double> seedSample, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckNoOverlap(gumbel, sample, nameof(gumbel));
        GumbelSoftmax(logits, temperature, gumbel, sample);
        GumbelSoftmaxBackward(logits, temperature, gumbel, sample, seedSample, gradLogits, ref gradTemperature);
    }

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxPullback(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="sample"/>.</param>
    /// <param name="sample">Receives the relaxed sample.</param>
    /// <param name="seedSample">The upstream gradient <c>∂L/∂sample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="sample"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(GumbelSoftmax))]
    public static void GumbelSoftmaxPullback(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, Span<float> sample, ReadOnlySpan<float> seedSample, Span<float> gradLogits, ref float gradTemperature)
    {
        CheckNoOverlap(gumbel, sample, nameof(gumbel));
        GumbelSoftmax(logits, temperature, gumbel, sample);
        GumbelSoftmaxBackward(logits, temperature, gumbel, sample, seedSample, gradLogits, ref gradTemperature);
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="GumbelLogSoftmax"/> for reversed callers: writes <paramref name="logSample"/> as
    /// the primal does, then adds the vector–Jacobian product for <paramref name="seedLogSample"/> = <c>∂L/∂logSample</c>.
    /// </summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="logSample"/>.</param>
    /// <param name="logSample">Receives the log of the relaxed sample.</param>
    /// <param name="seedLogSample">The upstream gradient <c>∂L/∂logSample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="logSample"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(GumbelLogSoftmax))]
    public static void GumbelLogSoftmaxPullback(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> logSample, ReadOnlySpan<double> seedLogSample, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckNoOverlap(gumbel, logSample, nameof(gumbel));
        GumbelLogSoftmax(logits, temperature, gumbel, logSample);
        GumbelLogSoftmaxBackward(logits, temperature, gumbel, logSample, seedLogSample, gradLogits, ref gradTemperature);
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="StraightThrough(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>
    /// for reversed callers: writes the one-hot <paramref name="sample"/> and returns the category as the primal does,
    /// then adds the relaxed sample's vector–Jacobian product for <paramref name="seedSample"/>.
    /// </summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="sample"/>.</param>
    /// <param name="sample">Receives the one-hot sample.</param>
    /// <param name="seedSample">The upstream gradient with respect to the sample.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <returns>The sampled category, as the primal returns it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="sample"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(StraightThrough))]
    public static int StraightThroughPullback(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, Span<double> sample, ReadOnlySpan<double> seedSample, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckNoOverlap(gumbel, sample, nameof(gumbel));
        var category = StraightThrough(logits, temperature, gumbel, sample);
        StraightThroughBackward(logits, temperature, gumbel, seedSample, gradLogits, ref gradTemperature);
        return category;
    }

    /// <summary>Single-precision form of <see cref="StraightThroughPullback(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="sample"/>.</param>
    /// <param name="sample">Receives the one-hot sample.</param>
    /// <param name="seedSample">The upstream gradient with respect to the sample.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <returns>The sampled category, as the primal returns it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="sample"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(StraightThrough))]
    public static int StraightThroughPullback(ReadOnlySpan<float> logits, float temperature, ReadOnlySpan<float> gumbel, Span<float> sample, ReadOnlySpan<float> seedSample, Span<float> gradLogits, ref float gradTemperature)
    {
        CheckNoOverlap(gumbel, sample, nameof(gumbel));
        var category = StraightThrough(logits, temperature, gumbel, sample);
        StraightThroughBackward(logits, temperature, gumbel, seedSample, gradLogits, ref gradTemperature);
        return category;
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="RelaxedTopK"/> for reversed callers: writes <paramref name="khot"/> as the primal
    /// does, then adds the vector–Jacobian product for <paramref name="seedKhot"/> = <c>∂L/∂khot</c>.
    /// </summary>
    /// <param name="logits">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="khot"/>.</param>
    /// <param name="k">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="khot">Receives the relaxed k-hot vector.</param>
    /// <param name="seedKhot">The upstream gradient <c>∂L/∂khot</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for the primal.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="gumbel"/> overlaps <paramref name="khot"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(RelaxedTopK))]
    public static void RelaxedTopKPullback(ReadOnlySpan<double> logits, ReadOnlySpan<double> gumbel, int k, double temperature, Span<double> khot, ReadOnlySpan<double> seedKhot, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckNoOverlap(gumbel, khot, nameof(gumbel));
        RelaxedTopK(logits, gumbel, k, temperature, khot);
        RelaxedTopKBackward(logits, gumbel, k, temperature, seedKhot, gradLogits, ref gradTemperature);
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="GumbelSinkhorn"/> for reversed callers: writes <paramref name="doublyStochastic"/>
    /// as the primal does, then adds the vector–Jacobian product for <paramref name="seedDoublyStochastic"/>.
    /// </summary>
    /// <param name="scores">As for the primal.</param>
    /// <param name="gumbel">As for the primal; must not overlap <paramref name="doublyStochastic"/>.</param>
    /// <param name="n">As for the primal.</param>
    /// <param name="temperature">As for the primal.</param>
    /// <param name="iterations">As for the primal.</param>
    /// <param name="doublyStochastic">Receives the relaxed permutation matrix (n², row-major).</param>
    /// <param name="seedDoublyStochastic">The upstream gradient <c>∂L/∂doublyStochastic</c>.</param>
    /// <param name="gradScores">Accumulates <c>∂L/∂scores</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for the primal.</exception>
    /// <exception cref="ArgumentException">A span does not have n² entries, or <paramref name="gumbel"/> overlaps <paramref name="doublyStochastic"/>.</exception>
    [BackwardOf(typeof(Relaxation), nameof(GumbelSinkhorn))]
    public static void GumbelSinkhornPullback(ReadOnlySpan<double> scores, ReadOnlySpan<double> gumbel, int n, double temperature, int iterations, Span<double> doublyStochastic, ReadOnlySpan<double> seedDoublyStochastic, Span<double> gradScores, ref double gradTemperature)
    {
        CheckNoOverlap(gumbel, doublyStochastic, nameof(gumbel));
        GumbelSinkhorn(scores, gumbel, n, temperature, iterations, doublyStochastic);
        GumbelSinkhornBackward(scores, gumbel, n, temperature, iterations, seedDoublyStochastic, gradScores, ref gradTemperature);
    }

    private static void CheckNoOverlap<T>(ReadOnlySpan<T> noise, ReadOnlySpan<T> output, string noiseName)
    {
        if (noise.Overlaps(output))
        {
            throw new ArgumentException("'" + noiseName + "' must not overlap the output in a reverse-mode rule: the backward pass reads the noise after the output is written.", noiseName);
        }
    }
}
