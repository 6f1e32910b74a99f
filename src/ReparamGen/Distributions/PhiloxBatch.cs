using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The loop behind the <c>SampleWithGradient(…, Philox rng, …)</c> batches of the samplers written as
/// <c>FromNoise(parameters…, [Noise] eps)</c>: for each chunk of up to <see cref="ChunkLength"/> elements, one Philox
/// fill of the noise (on the stack), then the generated batch <c>FromNoiseWithGradient</c> over the chunk (SIMD where
/// the body allows). Element i's noise is Philox block <c>Position + i</c> whatever the chunking, so the draws do not
/// depend on how a batch is split into calls; <see cref="Philox.Position"/> grows by the batch length. A parameter
/// span of length 1 is broadcast (copied into a stack chunk). Nothing is allocated.
/// </summary>
internal static class PhiloxBatch
{
    /// <summary>Elements per chunk: three stack buffers of this many doubles (12 KiB) at most.</summary>
    internal const int ChunkLength = 512;

    /// <summary>A sampler with one parameter: its noise fill and its generated batch over given noise.</summary>
    internal interface IOneParameter
    {
        static abstract void Fill(Philox rng, Span<double> noise);

        static abstract void FromNoise(ReadOnlySpan<double> p, ReadOnlySpan<double> noise, Span<double> value, Span<double> dP);
    }

    /// <summary>A sampler with two parameters: its noise fill and its generated batch over given noise.</summary>
    internal interface ITwoParameters
    {
        static abstract void Fill(Philox rng, Span<double> noise);

        static abstract void FromNoise(ReadOnlySpan<double> p, ReadOnlySpan<double> q, ReadOnlySpan<double> noise, Span<double> value, Span<double> dP, Span<double> dQ);
    }

    internal static void Run<TSampler>(ReadOnlySpan<double> p, Philox rng, Span<double> value, Span<double> dP, string pName, string dPName)
        where TSampler : IOneParameter
    {
        ArgumentNullException.ThrowIfNull(rng);
        var n = value.Length;
        Batch.CheckParameter(p, n, pName, nameof(value));
        Batch.CheckOutput(dP, n, dPName, nameof(value));
        Span<double> noise = stackalloc double[ChunkLength];
        Span<double> pChunk = stackalloc double[p.Length == 1 ? ChunkLength : 0];
        for (var start = 0; start < n; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, n - start);
            var chunkNoise = noise.Slice(0, length);
            TSampler.Fill(rng, chunkNoise);
            TSampler.FromNoise(Chunk(p, pChunk, start, length), chunkNoise, value.Slice(start, length), dP.Slice(start, length));
        }
    }

    internal static void Run<TSampler>(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Philox rng, Span<double> value, Span<double> dP, Span<double> dQ, string pName, string qName, string dPName, string dQName)
        where TSampler : ITwoParameters
    {
        ArgumentNullException.ThrowIfNull(rng);
        var n = value.Length;
        Batch.CheckParameter(p, n, pName, nameof(value));
        Batch.CheckParameter(q, n, qName, nameof(value));
        Batch.CheckOutput(dP, n, dPName, nameof(value));
        Batch.CheckOutput(dQ, n, dQName, nameof(value));
        Span<double> noise = stackalloc double[ChunkLength];
        Span<double> pChunk = stackalloc double[p.Length == 1 ? ChunkLength : 0];
        Span<double> qChunk = stackalloc double[q.Length == 1 ? ChunkLength : 0];
        for (var start = 0; start < n; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, n - start);
            var chunkNoise = noise.Slice(0, length);
            TSampler.Fill(rng, chunkNoise);
            TSampler.FromNoise(Chunk(p, pChunk, start, length), Chunk(q, qChunk, start, length), chunkNoise, value.Slice(start, length), dP.Slice(start, length), dQ.Slice(start, length));
        }
    }

    // The chunk of a parameter span: its slice, or (length 1, broadcast) the value repeated in the stack buffer.
    private static ReadOnlySpan<double> Chunk(ReadOnlySpan<double> parameter, Span<double> broadcast, int start, int length)
    {
        if (parameter.Length != 1 || broadcast.Length == 0)
        {
            return parameter.Slice(start, length);
        }

        broadcast.Slice(0, length).Fill(parameter[0]);
        return broadcast.Slice(0, length);
    }
}
