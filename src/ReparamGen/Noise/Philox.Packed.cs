using System;

namespace ReparamGen;

// Packed uniform fills for the fused relaxation kernels: every word of a block is used, where the public fills use
// one block per element (two of its four words for a double, one for a float) to keep their element-to-block mapping
// the same for every element type. Generating the block is most of a uniform's cost, so packing halves it for doubles
// and quarters it for floats. Element i of a packed fill that starts at block p:
//   double: words (w0, w1) of block p + ⌊i/2⌋ for even i, (w2, w3) for odd i, mapped as UniformDouble;
//   float:  word w(i mod 4) of block p + ⌊i/4⌋, mapped as UniformSingle.
// Element i depends only on (seed, stream, p, i), so a fill may be produced piece by piece in any order.
public sealed partial class Philox
{
    /// <summary>Elements <paramref name="first"/> … of the packed double fill that starts at block <paramref name="position"/>; <see cref="Position"/> is untouched.</summary>
    internal void FillUniformPacked(ulong position, int first, Span<double> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        Span<double> even = stackalloc double[Chunk];
        Span<double> odd = stackalloc double[Chunk];
        var done = 0;
        while (done < destination.Length)
        {
            var index = first + done;
            var half = index & 1;
            var count = Math.Min(destination.Length - done, (2 * Chunk) - half);
            var blocks = (half + count + 1) >> 1;
            GenerateBlocks(_k0, _k1, _s0, _s1, unchecked(position + (ulong)(index >> 1)), words, blocks, path: 3);

            // Both halves of every block converted with the SIMD kernel of FillUniform (same bits as UniformDouble),
            // then interleaved: the element at offset e has slot half + e, even slots from (w0, w1), odd from (w2, w3).
            UniformDoubles(words.Slice(0, blocks), words.Slice(Chunk, blocks), even.Slice(0, blocks));
            UniformDoubles(words.Slice(2 * Chunk, blocks), words.Slice(3 * Chunk, blocks), odd.Slice(0, blocks));
            var target = destination.Slice(done, count);
            for (var e = half; e < target.Length; e += 2)
            {
                target[e] = even[(half + e) >> 1];
            }

            for (var e = 1 - half; e < target.Length; e += 2)
            {
                target[e] = odd[(half + e) >> 1];
            }

            done += count;
        }
    }

    /// <summary>Elements <paramref name="first"/> … of the packed float fill that starts at block <paramref name="position"/>; <see cref="Position"/> is untouched.</summary>
    internal void FillUniformPacked(ulong position, int first, Span<float> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        var done = 0;
        while (done < destination.Length)
        {
            var index = first + done;
            var quarter = index & 3;
            var count = Math.Min(destination.Length - done, (4 * Chunk) - quarter);
            var blocks = (quarter + count + 3) >> 2;
            GenerateBlocks(_k0, _k1, _s0, _s1, unchecked(position + (ulong)(index >> 2)), words, blocks, path: 3);
            var target = destination.Slice(done, count);
            for (var e = 0; e < target.Length; e++)
            {
                var slot = quarter + e;
                target[e] = UniformSingle(words[((slot & 3) * Chunk) + (slot >> 2)]);
            }

            done += count;
        }
    }
}
