using System;

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
    /// <paramref name="dStdDev"/> first). (Not named <c>SampleWithGradient</c>: the generator owns that name for
    /// <see cref="Sample(double, double, Random)"/>, whose generated span overload draws element after element from any <see cref="Random"/>.)
    /// </remarks>
    /// <param name="mean">Means: one per sample, or a single one for all.</param>
    /// <param name="stdDev">Standard deviations &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="rng">The counter-based generator.</param>
    /// <param name="value">Receives the samples.</param>
    /// <param name="dMean">Receives ∂z/∂mean (1); as long as <paramref name="value"/>.</param>
    /// <param name="dStdDev">Receives ∂z/∂stdDev (ε); as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">A span's length is neither that of <paramref name="value"/> nor (for a parameter) 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is not positive (the message gives the index); NaN propagates. Nothing is drawn then.</exception>
    public static void SampleWithGradientPhilox(ReadOnlySpan<double> mean, ReadOnlySpan<double> stdDev, Philox rng, Span<double> value, Span<double> dMean, Span<double> dStdDev)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var n = value.Length;
        Batch.CheckParameter(mean, n, nameof(mean), nameof(value));
        Batch.CheckParameter(stdDev, n, nameof(stdDev), nameof(value));
        Batch.CheckOutput(dMean, n, nameof(dMean), nameof(value));
        Batch.CheckOutput(dStdDev, n, nameof(dStdDev), nameof(value));
        Batch.CheckPositive(stdDev, nameof(stdDev));
        rng.FillNormal(dStdDev);
        dMean.Fill(1.0);
        if (mean.Length == n && stdDev.Length == n)
        {
            for (var i = 0; i < n; i++)
            {
                value[i] = mean[i] + stdDev[i] * dStdDev[i];
            }

            return;
        }

        var meanStep = mean.Length == 1 ? 0 : 1;
        var stdDevStep = stdDev.Length == 1 ? 0 : 1;
        for (var i = 0; i < n; i++)
        {
            value[i] = mean[i * meanStep] + stdDev[i * stdDevStep] * dStdDev[i];
        }
    }
}
