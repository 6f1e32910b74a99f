using System;

namespace ReparamGen.Distributions;

public static partial class Beta
{
    /// <summary>
    /// The generated <c>SampleGradientAt(z, a, b)</c> for every element: <c>dA[i]</c> and <c>dB[i]</c> are ∂z/∂a and
    /// ∂z/∂b at <c>z[i]</c> (implicit reparameterization, Figurnov et al. 2018), bit for bit what the scalar member returns.
    /// (Not named <c>SampleGradientAt</c>: the generator owns that name for <see cref="Sample(double, double, Random)"/>.)
    /// </summary>
    /// <param name="z">The samples in [0, 1].</param>
    /// <param name="a">First shapes &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="b">Second shapes &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="dA">Receives ∂z/∂a; as long as <paramref name="z"/>.</param>
    /// <param name="dB">Receives ∂z/∂b; as long as <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException">A span's length is neither that of <paramref name="z"/> nor (for a parameter) 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A shape is not positive (the message gives the index); NaN propagates.</exception>
    public static void SampleGradientAtBatch(ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dA, Span<double> dB)
    {
        var n = z.Length;
        Batch.CheckParameter(a, n, nameof(a), nameof(z));
        Batch.CheckParameter(b, n, nameof(b), nameof(z));
        Batch.CheckOutput(dA, n, nameof(dA), nameof(z));
        Batch.CheckOutput(dB, n, nameof(dB), nameof(z));
        Batch.CheckPositive(a, nameof(a));
        Batch.CheckPositive(b, nameof(b));
        var aStep = a.Length == 1 ? 0 : 1;
        var bStep = b.Length == 1 ? 0 : 1;
        for (var i = 0; i < n; i++)
        {
            var g = SampleGradientAt(z[i], a[i * aStep], b[i * bStep]);
            dA[i] = g.DA;
            dB[i] = g.DB;
        }
    }
}
