using System;
using System.Numerics;

namespace ReparamGen;

// Batch forms of the relaxed categorical sample and its gradient: N rows of K categories stored row-major
// (row r is elements [rK, rK + K)), one shared temperature. These are the hot path of a training loop:
// no allocation, one validation per call, the single-row kernels per row.
public static partial class Relaxation
{
    /// <summary>
    /// Batch <see cref="GumbelSoftmax(ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>: the relaxed
    /// sample of every row of a row-major N×K matrix of logits, with one shared temperature.
    /// </summary>
    /// <param name="logits">N·K logits, row-major.</param>
    /// <param name="categories">K, the length of a row (positive, dividing the length of <paramref name="logits"/>).</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="gumbel">N·K standard Gumbel draws (see <see cref="GumbelNoise.FillGumbel(Random, Span{double})"/>).</param>
    /// <param name="sample">Receives the N·K relaxed probabilities.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBatch(ReadOnlySpan<double> logits, int categories, double temperature, ReadOnlySpan<double> gumbel, Span<double> sample)
        => ForwardBatch(logits, categories, temperature, gumbel, sample);

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/>.</summary>
    /// <param name="logits">N·K logits, row-major.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="gumbel">N·K standard Gumbel draws.</param>
    /// <param name="sample">Receives the N·K relaxed probabilities.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBatch(ReadOnlySpan<float> logits, int categories, float temperature, ReadOnlySpan<float> gumbel, Span<float> sample)
        => ForwardBatch(logits, categories, temperature, gumbel, sample);

    /// <summary>
    /// Batch <see cref="GumbelSoftmaxBackward(ReadOnlySpan{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>:
    /// adds each row's <c>∂L/∂logits</c> to <paramref name="gradLogits"/> and the sum over rows of <c>∂L/∂τ</c> to <paramref name="gradTemperature"/>.
    /// </summary>
    /// <param name="logits">N·K logits, row-major, as for the forward pass.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The shared temperature.</param>
    /// <param name="gumbel">The forward pass's noise.</param>
    /// <param name="sample">The forward pass's output.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<double> logits, int categories, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> sample, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
        => BackwardBatch(logits, categories, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);

    /// <summary>Single-precision form of <see cref="GumbelSoftmaxBackwardBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>.</summary>
    /// <param name="logits">N·K logits, row-major, as for the forward pass.</param>
    /// <param name="categories">K, the length of a row.</param>
    /// <param name="temperature">The shared temperature.</param>
    /// <param name="gumbel">The forward pass's noise.</param>
    /// <param name="sample">The forward pass's output.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>, N·K.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>, N·K.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> or <paramref name="categories"/> is not positive (or τ is NaN).</exception>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public static void GumbelSoftmaxBackwardBatch(ReadOnlySpan<float> logits, int categories, float temperature, ReadOnlySpan<float> gumbel, ReadOnlySpan<float> sample, ReadOnlySpan<float> upstream, Span<float> gradLogits, ref float gradTemperature)
        => BackwardBatch(logits, categories, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);

    private static void CheckBatch<T>(int total, int categories, T temperature, int gumbelLength, int sampleLength)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckTemperature(temperature);
        if (categories <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(categories), categories, "'categories' must be positive.");
        }

        if (total % categories != 0)
        {
            throw new ArgumentException("Length of 'logits' (" + total + ") must be a multiple of 'categories' (" + categories + ").", "logits");
        }

        CheckLength(total, gumbelLength, "gumbel");
        CheckLength(total, sampleLength, "sample");
    }

    private static void ForwardBatch<T>(ReadOnlySpan<T> logits, int categories, T temperature, ReadOnlySpan<T> gumbel, Span<T> sample)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckBatch(logits.Length, categories, temperature, gumbel.Length, sample.Length);
        var inverse = InverseTemperature(temperature);

        // Blocks of whole rows (about BlockLength elements, L1-resident): shifted logits row by row, one SIMD
        // exponential over the block (no per-row vector tails), then each row's normalization. The values are
        // bit-identical to the row-by-row kernel's, whose exponential gives the same bits in a vector or the tail.
        var rowsPerBlock = Math.Max(1, BlockLength / categories);
        for (var start = 0; start < logits.Length; start += rowsPerBlock * categories)
        {
            var length = Math.Min(rowsPerBlock * categories, logits.Length - start);
            var block = sample.Slice(start, length);
            for (var row = 0; row < length; row += categories)
            {
                ShiftRow(logits.Slice(start + row, categories), inverse, gumbel.Slice(start + row, categories), block.Slice(row, categories));
            }

            ExpNonPositive(block);
            for (var row = 0; row < length; row += categories)
            {
                NormalizeRow(block.Slice(row, categories));
            }
        }
    }

    private const int BlockLength = 512;

    /// <summary>sᵢ = (xᵢ − xₐ)/τ for the row's argmax a; all NaN when an input is NaN (which the later passes keep).</summary>
    private static void ShiftRow<T>(ReadOnlySpan<T> logits, T inverse, ReadOnlySpan<T> gumbel, Span<T> shifted)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = ArgMax(logits, gumbel);
        if (a < 0)
        {
            shifted.Fill(T.NaN);
            return;
        }

        var xa = logits[a] + gumbel[a];
        for (var i = 0; i < shifted.Length; i++)
        {
            shifted[i] = (logits[i] + gumbel[i] - xa) * inverse;
        }
    }

    private static void NormalizeRow<T>(Span<T> row)
        where T : struct, IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        for (var i = 0; i < row.Length; i++)
        {
            sum += row[i];
        }

        var scale = T.One / sum;
        for (var i = 0; i < row.Length; i++)
        {
            row[i] *= scale;
        }
    }

    private static void BackwardBatch<T>(ReadOnlySpan<T> logits, int categories, T temperature, ReadOnlySpan<T> gumbel, ReadOnlySpan<T> sample, ReadOnlySpan<T> upstream, Span<T> gradLogits, ref T gradTemperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        CheckBatch(logits.Length, categories, temperature, gumbel.Length, sample.Length);
        CheckLength(logits.Length, upstream.Length, nameof(upstream));
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        for (var start = 0; start < logits.Length; start += categories)
        {
            SoftmaxBackward(
                logits.Slice(start, categories),
                temperature,
                gumbel.Slice(start, categories),
                sample.Slice(start, categories),
                upstream.Slice(start, categories),
                gradLogits.Slice(start, categories),
                ref gradTemperature);
        }
    }
}
