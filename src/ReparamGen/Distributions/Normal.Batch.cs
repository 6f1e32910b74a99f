using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReparamGen.Distributions;

public static partial class Normal
{
    /// <summary>
    /// Draws <c>value[i] = mean[i] + stdDev[i]·ε[i]</c> with <c>ε = </c><see cref="Philox.FillNormal(Span{double})"/>, and the
    /// partial derivatives <c>dMean[i] = 1</c>, <c>dStdDev[i] = ε[i]</c>; <c>value[i]</c> is bit for bit
    /// <see cref="FromNoise(double, double, double)"/> of the same ε.
    /// </summary>
    /// <remarks>
    /// Element <c>i</c>'s noise is Philox4x32-10 block <c>Position + i</c> of the generator's stream (Box–Muller, see
    /// <see cref="Philox"/>), so it depends only on (seed, stream, Position + i), not on how the batch is split into
    /// calls; <see cref="Philox.Position"/> then grows by the length. Allocates nothing (ε is written into
    /// <paramref name="dStdDev"/> first). C# picks this overload for an argument typed <see cref="Philox"/>; the
    /// generated batch of <see cref="Sample(double, double, Random)"/>, beside it, draws element after element from any <see cref="Random"/>.
    /// </remarks>
    /// <param name="mean">Means: one per sample, or a single one for all.</param>
    /// <param name="stdDev">Standard deviations &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="rng">The counter-based generator.</param>
    /// <param name="value">Receives the samples.</param>
    /// <param name="dMean">Receives ∂z/∂mean (1); as long as <paramref name="value"/>.</param>
    /// <param name="dStdDev">Receives ∂z/∂stdDev (ε); as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">A span's length is neither that of <paramref name="value"/> nor (for a parameter) 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive (the message gives the index); NaN propagates. Nothing is drawn then.</exception>
    public static void SampleWithGradient(ReadOnlySpan<double> mean, ReadOnlySpan<double> stdDev, Philox rng, Span<double> value, Span<double> dMean, Span<double> dStdDev)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var n = value.Length;
        Batch.CheckParameter(mean, n, nameof(mean), nameof(value));
        Batch.CheckParameter(stdDev, n, nameof(stdDev), nameof(value));
        Batch.CheckOutput(dMean, n, nameof(dMean), nameof(value));
        Batch.CheckOutput(dStdDev, n, nameof(dStdDev), nameof(value));
        Batch.CheckPositive(stdDev, nameof(stdDev));
        // One pass per chunk, while its noise is in the L1 cache: the fill writes ε into dStdDev, then the affine map and
        // the constant partial are vector loops over the same chunk. Filling chunk after chunk gives the bits of one
        // fill (element i depends only on the block Position + i).
        var meanStep = mean.Length == 1 ? 0 : 1;
        var stdDevStep = stdDev.Length == 1 ? 0 : 1;
        for (var start = 0; start < n; start += FusedChunk)
        {
            var m = Math.Min(FusedChunk, n - start);
            var eps = dStdDev.Slice(start, m);
            rng.FillNormal(eps);
            dMean.Slice(start, m).Fill(1.0);
            Affine(
                meanStep == 0 ? mean : mean.Slice(start, m),
                stdDevStep == 0 ? stdDev : stdDev.Slice(start, m),
                eps,
                value.Slice(start, m));
        }

        if (n == 0)
        {
            rng.FillNormal(dStdDev); // an empty fill still discards a partly used block, as before
        }
    }

    // Elements per fused pass: 8 KiB of noise, well inside L1, and few calls into the fill.
    private const int FusedChunk = 1024;

    // value[i] = mean[i] + stdDev[i]·eps[i] (FromNoise: a product then a sum, no fused multiply-add, so the vector
    // lanes give its bits); a parameter of length 1 broadcasts.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loop: skip the slow unoptimized first tier
    private static void Affine(ReadOnlySpan<double> mean, ReadOnlySpan<double> stdDev, ReadOnlySpan<double> eps, Span<double> value)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= value.Length; i += Vector512<double>.Count)
            {
                var mu = mean.Length == 1 ? Vector512.Create(mean[0]) : Vector512.Create(mean.Slice(i, Vector512<double>.Count));
                var sigma = stdDev.Length == 1 ? Vector512.Create(stdDev[0]) : Vector512.Create(stdDev.Slice(i, Vector512<double>.Count));
                (mu + (sigma * Vector512.Create(eps.Slice(i, Vector512<double>.Count)))).CopyTo(value.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<double>.Count <= value.Length; i += Vector256<double>.Count)
            {
                var mu = mean.Length == 1 ? Vector256.Create(mean[0]) : Vector256.Create(mean.Slice(i, Vector256<double>.Count));
                var sigma = stdDev.Length == 1 ? Vector256.Create(stdDev[0]) : Vector256.Create(stdDev.Slice(i, Vector256<double>.Count));
                (mu + (sigma * Vector256.Create(eps.Slice(i, Vector256<double>.Count)))).CopyTo(value.Slice(i));
            }
        }

        for (; i < value.Length; i++)
        {
            value[i] = mean[mean.Length == 1 ? 0 : i] + (stdDev[stdDev.Length == 1 ? 0 : i] * eps[i]);
        }
    }
}
