using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ReparamGen;

// The training-loop form of the relaxed categorical sample: the Gumbel noise is drawn inside the kernel from a
// Philox generator (SIMD, never materialized in a caller buffer), and the backward pass needs only the sample and
// the upstream gradient. The softmax VJP ∂L/∂sᵢ = yᵢ(uᵢ − Σⱼ yⱼuⱼ) depends on the output alone (Jang et al. 2017,
// eq. 1 differentiated; the same identity autograd frameworks use for softmax), so the noise need not be kept.
public static partial class Relaxation
{
    /// <summary>
    /// Relaxed samples of every row of a row-major N×K matrix of logits, drawing the Gumbel noise from
    /// <paramref name="rng"/>: <c>sample = softmax((logits + γ) / τ)</c> row by row, with γ standard Gumbel.
    /// </summary>
    /// <remarks>
    /// The noise uses every word of a Philox block, two draws per block (the public fills use one block per element):
    /// element <c>i</c> of the batch is <c>γ = −log(−log u)</c>, in about [−3.58, 36.7], with <c>u</c> the open-interval
    /// uniform double (as in <see cref="Philox.FillUniform(Span{double})"/>) made from words 0 and 1 of block
    /// <see cref="Philox.Position"/> + ⌊i/2⌋ for even <c>i</c> and from words 2 and 3 for odd <c>i</c>; the logarithm is
    /// <see cref="GumbelNoise"/>'s. <see cref="Philox.Position"/> then grows by ⌈N·K/2⌉. Given that noise, the result is
    /// what <see cref="GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/> computes,
    /// to a few units in the last place (sums are taken in another order).
    /// </remarks>
    /// <param name="logits">N·K logits, row-major (finite, or −∞ for a masked category; NaN propagates to its row).</param>
    /// <param name="categories">K, the length of a row (positive, dividing the length of <paramref name="logits"/>).</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="rng">The source of the noise.</param>
    /// <param name="sample">Receives the N·K relaxed probabilities (memory apart from <paramref name="logits"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match, or <paramref name="sample"/> overlaps <paramref name="logits"/>.</exception>
    public static void GumbelSoftmaxBatch(ReadOnlySpan<double> logits, int categories, double temperature, Philox rng, Span<double> sample)
        => FusedForward(logits, categories, temperature, rng, sample);

    /// <summary>
    /// Single-precision form of <see cref="GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, Philox, Span{double})"/>.
    /// The noise is computed in single precision, four draws per Philox block: element <c>i</c> is <c>−log(−log u)</c>, in
    /// about [−2.81, 16.6], with <c>u = (2m + 1)·2⁻²⁴</c> and <c>m</c> the top 23 bits of word <c>i</c> mod 4 of block
    /// <see cref="Philox.Position"/> + ⌊i/4⌋, and the logarithm of <see cref="GumbelNoise"/>'s float fills;
    /// <see cref="Philox.Position"/> then grows by ⌈N·K/4⌉.
    /// </summary>
    /// <param name="logits">N·K logits, row-major.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="rng">The source of the noise.</param>
    /// <param name="sample">Receives the N·K relaxed probabilities (memory apart from <paramref name="logits"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match, or <paramref name="sample"/> overlaps <paramref name="logits"/>.</exception>
    public static void GumbelSoftmaxBatch(ReadOnlySpan<float> logits, int categories, float temperature, Philox rng, Span<float> sample)
        => FusedForward(logits, categories, temperature, rng, sample);

    /// <summary>
    /// Backward pass of a batch relaxed sample from the sample alone: adds each row's <c>∂L/∂logits</c>,
    /// <c>(yᵢ/τ)(uᵢ − Σⱼ yⱼuⱼ)</c>, to <paramref name="gradLogits"/>. The noise is not needed, so this is the backward of
    /// <see cref="GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, Philox, Span{double})"/> as well as of the forms
    /// that take the noise.
    /// </summary>
    /// <param name="sample">The forward pass's N·K relaxed probabilities.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The forward pass's temperature.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<double> sample, int categories, double temperature, ReadOnlySpan<double> upstream, Span<double> gradLogits)
        => SampleBackward(sample, categories, temperature, upstream, gradLogits);

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxBackwardBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/>.</summary>
    /// <param name="sample">The forward pass's N·K relaxed probabilities.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The forward pass's temperature.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<float> sample, int categories, float temperature, ReadOnlySpan<float> upstream, Span<float> gradLogits)
        => SampleBackward(sample, categories, temperature, upstream, gradLogits);

    /// <summary>
    /// As <see cref="GumbelSoftmaxBackwardBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/>,
    /// and adds the sum over rows of <c>∂L/∂τ</c> to <paramref name="gradTemperature"/>. Without the noise, the shifted
    /// logits <c>(xᵢ − xₐ)/τ</c> that <c>∂L/∂τ = −(1/τ)Σᵢ (∂L/∂sᵢ)(xᵢ − xₐ)/τ</c> needs are recovered from the sample as
    /// <c>log yᵢ − log yₐ</c> (a the row's largest y; categories with <c>yᵢ = 0</c> contribute nothing), which costs one
    /// scalar logarithm per element: use the overload without it when τ is not trained.
    /// </summary>
    /// <param name="sample">The forward pass's N·K relaxed probabilities.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The forward pass's temperature.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<double> sample, int categories, double temperature, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
    {
        SampleBackward(sample, categories, temperature, upstream, gradLogits);
        gradTemperature += SoftmaxRows.TemperatureGradient(sample, upstream, InverseTemperature(temperature), categories);
    }

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxBackwardBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="sample">The forward pass's N·K relaxed probabilities.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The forward pass's temperature.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<float> sample, int categories, float temperature, ReadOnlySpan<float> upstream, Span<float> gradLogits, ref float gradTemperature)
    {
        SampleBackward(sample, categories, temperature, upstream, gradLogits);
        gradTemperature += SoftmaxRows.TemperatureGradient(sample, upstream, InverseTemperature(temperature), categories);
    }

    private static void FusedForward<T>(ReadOnlySpan<T> logits, int categories, T temperature, Philox rng, Span<T> sample)
        where T : struct, IFloatingPointIeee754<T>
    {
        // Everything is checked before the generator moves, so a rejected call consumes no randomness.
        ArgumentNullException.ThrowIfNull(rng);
        CheckBatch(logits.Length, categories, temperature, logits.Length, sample.Length);
        if (logits.Overlaps(sample))
        {
            // The noise is written into the output before the logits are read (unlike the row primitive, which allows it).
            throw new ArgumentException("'sample' must not overlap 'logits': the fused batch writes the noise into it first.", nameof(sample));
        }

        var inverse = InverseTemperature(temperature);

        // Blocks of whole rows (about BlockLength elements, L1-resident): noise into the output, x = logits + γ and
        // the shift by each row's maximum, one SIMD exponential over the block, then each row's normalization.
        var perBlock = typeof(T) == typeof(double) ? 2 : 4;
        var position = rng.ReserveBlocks((int)(((long)logits.Length + perBlock - 1) / perBlock));
        var rowsPerBlock = Math.Max(1, BlockLength / categories);
        for (var start = 0; start < logits.Length; start += rowsPerBlock * categories)
        {
            var length = Math.Min(rowsPerBlock * categories, logits.Length - start);
            var block = sample.Slice(start, length);
            FillNoise(rng, position, start, block);
            SoftmaxRows.AddInPlace(logits.Slice(start, length), block);
            SoftmaxRows.ShiftRows(block, categories, inverse);
            ExpNonPositive(block);
            SoftmaxRows.NormalizeRows(block, categories);
        }
    }

    /// <summary>
    /// Gumbel noise −log(−log u) for elements <paramref name="first"/> … of the call, from Philox's packed uniforms
    /// (two doubles or four floats per block) and the SIMD logarithm of the same precision.
    /// </summary>
    private static void FillNoise<T>(Philox rng, ulong position, int first, Span<T> block)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            var values = MemoryMarshal.Cast<T, double>(block);
            rng.FillUniformPacked(position, first, values);
            VectorMath.GumbelFromUniform(values);
        }
        else if (typeof(T) == typeof(float))
        {
            var values = MemoryMarshal.Cast<T, float>(block);
            rng.FillUniformPacked(position, first, values);
            VectorMath.GumbelFromUniform(values);
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    private static void SampleBackward<T>(ReadOnlySpan<T> sample, int categories, T temperature, ReadOnlySpan<T> upstream, Span<T> gradLogits)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckTemperature(temperature);
        if (categories <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(categories), categories, "'categories' must be positive.");
        }

        if (sample.Length % categories != 0)
        {
            throw new ArgumentException("Length of 'sample' (" + sample.Length + ") must be a multiple of 'categories' (" + categories + ").", nameof(sample));
        }

        CheckLength(sample.Length, upstream.Length, nameof(upstream));
        CheckLength(sample.Length, gradLogits.Length, nameof(gradLogits));
        SoftmaxRows.BackwardRows(sample, upstream, InverseTemperature(temperature), gradLogits, categories);
    }
}
