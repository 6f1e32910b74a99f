using System;

namespace ReparamGen.Distributions;

public static partial class Laplace
{
    /// <summary>
    /// Draws a Laplace sample per element with its partial derivatives, the noise from the counter-based
    /// <see cref="Philox"/> (<see cref="Philox.FillUniform(Span{double})"/>, in chunks): <c>value[i]</c> and the partials are
    /// those of <see cref="FromNoise"/> at element i's noise, which is Philox block <c>Position + i</c>, whatever the batch's
    /// length or split. The generated <c>SampleWithGradient</c> batch taking any <see cref="Random"/> draws element
    /// after element instead.
    /// </summary>
    /// <param name="location">One per sample, or a single one for all (as for <see cref="FromNoise"/>).</param>
    /// <param name="scale">One per sample, or a single one for all (as for <see cref="FromNoise"/>).</param>
    /// <param name="rng">The counter-based generator; <see cref="Philox.Position"/> grows by the length of <paramref name="value"/>.</param>
    /// <param name="value">Receives the samples.</param>
    /// <param name="dLocation">Receives ∂z/∂location; as long as <paramref name="value"/>.</param>
    /// <param name="dScale">Receives ∂z/∂scale; as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">A parameter span's length is neither that of <paramref name="value"/> nor 1, or an output's differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element's parameters are out of the domain: the exception of <see cref="FromNoise"/>, naming the parameter; the chunks before it are written.</exception>
    public static void SampleWithGradient(ReadOnlySpan<double> location, ReadOnlySpan<double> scale, Philox rng, Span<double> value, Span<double> dLocation, Span<double> dScale)
        => PhiloxBatch.Run<PhiloxSampler>(location, scale, rng, value, dLocation, dScale, nameof(location), nameof(scale), nameof(dLocation), nameof(dScale));

    private readonly struct PhiloxSampler : PhiloxBatch.ITwoParameters
    {
        public static void Fill(Philox rng, Span<double> noise) => rng.FillUniform(noise);

        public static void FromNoise(ReadOnlySpan<double> p, ReadOnlySpan<double> q, ReadOnlySpan<double> noise, Span<double> value, Span<double> dP, Span<double> dQ) => FromNoiseWithGradient(p, q, noise, value, dP, dQ);
    }
}
