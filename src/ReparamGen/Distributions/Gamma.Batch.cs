using System;

namespace ReparamGen.Distributions;

public static partial class Gamma
{
    // Elements per pass of the batch sampler: its noise is staged on the stack (3 × 128 doubles).
    private const int BatchChunk = 128;

    /// <summary>
    /// <see cref="SampleGradientAt(double, double, double)"/> for every element: <c>dShape[i]</c> and <c>dRate[i]</c> are
    /// ∂z/∂shape and ∂z/∂rate at <c>z[i]</c>, bit for bit what the scalar member returns.
    /// </summary>
    /// <param name="z">The samples, each ≥ 0.</param>
    /// <param name="shape">Shapes α &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="rate">Rates β &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="dShape">Receives ∂z/∂shape; as long as <paramref name="z"/>.</param>
    /// <param name="dRate">Receives ∂z/∂rate; as long as <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException">A span's length is neither that of <paramref name="z"/> nor (for a parameter) 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A shape or rate is not positive, or a sample is negative (the message gives the index); NaN propagates.</exception>
    public static void SampleGradientAt(ReadOnlySpan<double> z, ReadOnlySpan<double> shape, ReadOnlySpan<double> rate, Span<double> dShape, Span<double> dRate)
    {
        var n = z.Length;
        Batch.CheckParameter(shape, n, nameof(shape), nameof(z));
        Batch.CheckParameter(rate, n, nameof(rate), nameof(z));
        Batch.CheckOutput(dShape, n, nameof(dShape), nameof(z));
        Batch.CheckOutput(dRate, n, nameof(dRate), nameof(z));
        Batch.CheckPositive(shape, nameof(shape));
        Batch.CheckPositive(rate, nameof(rate));
        for (var i = 0; i < n; i++)
        {
            if (z[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(z), z[i], $"A Gamma sample is non-negative (z[{i}]).");
            }
        }

        GradientBatch(z, shape, rate, dShape, dRate);
    }

    // GradientCore for every element (checked arguments, parameters of length n or 1): the batch kernel of the shape
    // gradient forms the standard draws β·z and divides by β itself, chunk by chunk, with the scalar kernel's bits.
    private static void GradientBatch(ReadOnlySpan<double> z, ReadOnlySpan<double> shape, ReadOnlySpan<double> rate, Span<double> dShape, Span<double> dRate)
    {
        SpecialFunctions.GammaShapeGradient(z, shape, rate, dShape);
        var rateStep = rate.Length == 1 ? 0 : 1;
        for (var i = 0; i < z.Length; i++)
        {
            dRate[i] = -z[i] / rate[i * rateStep];
        }
    }

    /// <summary>
    /// Draws <c>value[i] ~ Gamma(shape[i], rate[i])</c> from a <see cref="Philox"/> generator with both partial
    /// derivatives, <c>dShape[i] = ∂z/∂shape</c> (implicit reparameterization) and <c>dRate[i] = ∂z/∂rate = −z/rate</c>;
    /// the gradients are bit for bit <see cref="SampleGradientAt(double, double, double)"/> at <c>value[i]</c>.
    /// </summary>
    /// <remarks>
    /// Marsaglia and Tsang (2000) with the boost <c>G(α) = G(α + 1)·U^(1/α)</c> for <c>α &lt; 1</c>, as
    /// <see cref="StandardSample(double, Random)"/>, but with counter-based noise: element <c>i</c> reads only blocks
    /// <c>p = Position + i</c> of the generator's stream, under auxiliary keys derived from the seed (Philox4x32-10,
    /// Salmon et al. 2011): attempt <c>j</c> takes its normal (Box–Muller, as <see cref="Philox.FillNormal(Span{double})"/>)
    /// from block p under auxiliary key 3j and its acceptance uniform from block p under key 3j + 1, and the boost
    /// uniform comes from block p under key 2. So element <c>i</c>'s draw depends only on (seed, stream, Position + i) and
    /// the shape and rate at <c>i</c>: not on the other elements, on how many of them were rejected, or on how the
    /// batch is split into calls. <see cref="Philox.Position"/> then grows by the length, as after a fill. Allocates nothing.
    /// C# picks this overload for an argument typed <see cref="Philox"/>; the generated batch of
    /// <see cref="Sample(double, double, Random)"/>, beside it, takes any <see cref="Random"/> and draws element after element.
    /// </remarks>
    /// <param name="shape">Shapes α &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="rate">Rates β &gt; 0: one per sample, or a single one for all.</param>
    /// <param name="rng">The counter-based generator.</param>
    /// <param name="value">Receives the samples.</param>
    /// <param name="dShape">Receives ∂z/∂shape; as long as <paramref name="value"/>.</param>
    /// <param name="dRate">Receives ∂z/∂rate; as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">A span's length is neither that of <paramref name="value"/> nor (for a parameter) 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A shape or rate is not positive (the message gives the index); NaN propagates. Nothing is drawn then.</exception>
    public static void SampleWithGradient(ReadOnlySpan<double> shape, ReadOnlySpan<double> rate, Philox rng, Span<double> value, Span<double> dShape, Span<double> dRate)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var n = value.Length;
        Batch.CheckParameter(shape, n, nameof(shape), nameof(value));
        Batch.CheckParameter(rate, n, nameof(rate), nameof(value));
        Batch.CheckOutput(dShape, n, nameof(dShape), nameof(value));
        Batch.CheckOutput(dRate, n, nameof(dRate), nameof(value));
        Batch.CheckPositive(shape, nameof(shape));
        Batch.CheckPositive(rate, nameof(rate));

        var first = rng.ReserveBlocks(n);
        var (n0, n1) = rng.AuxiliaryKey(0);
        var (u0, u1) = rng.AuxiliaryKey(1);
        var (b0, b1) = rng.AuxiliaryKey(2);
        Span<double> normal = stackalloc double[BatchChunk];
        Span<double> uniform = stackalloc double[BatchChunk];
        Span<double> boost = stackalloc double[BatchChunk];
        var shapeStep = shape.Length == 1 ? 0 : 1;
        var rateStep = rate.Length == 1 ? 0 : 1;
        for (var start = 0; start < n; start += BatchChunk)
        {
            var m = Math.Min(BatchChunk, n - start);
            var position = unchecked(first + (ulong)start);
            rng.FillNormal(n0, n1, position, normal.Slice(0, m));
            rng.FillUniform(u0, u1, position, uniform.Slice(0, m));
            var needBoost = false;
            for (var i = 0; i < m && !needBoost; i++)
            {
                needBoost = shape[(start + i) * shapeStep] < 1;
            }

            if (needBoost)
            {
                rng.FillUniform(b0, b1, position, boost.Slice(0, m));
            }

            for (var i = 0; i < m; i++)
            {
                var k = start + i;
                var alpha = shape[k * shapeStep];
                var y = StandardFromNoise(alpha, normal[i], uniform[i], needBoost ? boost[i] : 0.5, rng, unchecked(position + (ulong)i));
                value[k] = y / rate[k * rateStep];
            }
        }

        // The gradients of all draws in one batch: its route lists are longer than one chunk of noise.
        GradientBatch(value, shape, rate, dShape, dRate);
    }

    // A Gamma(α, 1) draw from the first attempt's noise (x, u), with further attempts (rare: Marsaglia–Tsang accepts
    // more than 95 % of them for α ≥ 1) from block p under auxiliary keys 3j and 3j + 1.
    private static double StandardFromNoise(double alpha, double x, double u, double boost, Philox rng, ulong p)
    {
        if (double.IsNaN(alpha))
        {
            return double.NaN;
        }

        var a = alpha < 1 ? alpha + 1 : alpha;
        var d = a - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9 * d);
        Span<double> one = stackalloc double[1];
        for (uint attempt = 1; ; attempt++)
        {
            var v = 1 + (c * x);
            if (v > 0)
            {
                v = v * v * v;
                if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
                {
                    var y = d * v;
                    if (alpha >= 1)
                    {
                        return y;
                    }

                    // log G(α) = log G(α + 1) + log(U)/α, kept in log space until the end (as StandardSample).
                    return Math.Max(Math.Exp(Math.Log(y) + (Math.Log(boost) / alpha)), double.Epsilon);
                }
            }

            var (k0, k1) = rng.AuxiliaryKey(3 * attempt);
            rng.FillNormal(k0, k1, p, one);
            x = one[0];
            (k0, k1) = rng.AuxiliaryKey((3 * attempt) + 1);
            rng.FillUniform(k0, k1, p, one);
            u = one[0];
        }
    }
}
