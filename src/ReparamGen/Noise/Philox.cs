using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ReparamGen;

/// <summary>
/// The counter-based random number generator Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random
/// numbers: as easy as 1, 2, 3", Proc. SC 2011, doi:10.1145/2063384.2063405), as a <see cref="Random"/>: every API
/// that takes a <see cref="Random"/> takes it, and it adds skip-ahead, independent streams and SIMD batch fills
/// whose element <c>i</c> depends only on (seed, stream, position + i).
/// </summary>
/// <remarks>
/// <para>
/// <b>Blocks.</b> Philox encrypts a 128-bit counter under a 64-bit key with ten rounds of a multiply-xor
/// network; each counter value gives one <em>block</em> of four 32-bit words, and distinct counters give
/// independent-looking blocks. Here the key is the seed (low word first) and the counter is
/// (<see cref="Position"/> low word, <see cref="Position"/> high word, stream low word, stream high word):
/// block <c>p</c> of stream <c>s</c> under seed <c>k</c> is <c>Philox4x32-10(counter = (p, s), key = k)</c>, for
/// 2⁶⁴ blocks per stream and 2⁶⁴ streams per seed. The bits match Random123's reference implementation
/// (checked against its published known-answer vectors).
/// </para>
/// <para>
/// <b>Position.</b> <see cref="Position"/> is the index of the next block not yet begun. A batch fill gives element
/// <c>i</c> of the destination from block <see cref="Position"/> + <c>i</c> alone, and then advances
/// <see cref="Position"/> by the destination's length: filling <c>n</c> values at once, in several calls, or from
/// generators set to different positions on different threads gives the same bits. The single-value members
/// (<see cref="Next()"/>, <see cref="NextDouble"/>, …) consume the 32-bit words of a block in order, starting a new
/// block (and advancing <see cref="Position"/>) when the current one is used up; a fill, <see cref="Advance"/> or
/// setting <see cref="Position"/> discards the unused words of a partly consumed block.
/// </para>
/// <para>
/// <b>Element mappings</b> (words <c>w0 … w3</c> of the element's block; every fill uses exactly one block per
/// element, unused words are discarded so that the mapping stays one block per element):
/// <list type="bullet">
/// <item>uniform double: <c>u = (2m + 1)·2⁻⁵³</c> with <c>m</c> the top 52 bits of the 64-bit integer <c>w1·2³² + w0</c>,
/// so <c>u ∈ [2⁻⁵³, 1 − 2⁻⁵³]</c>, never 0 or 1, and <c>1 − u</c> is exact;</item>
/// <item>uniform float: <c>u = (2m + 1)·2⁻²⁴</c> with <c>m</c> the top 23 bits of <c>w1</c> (the float is the double
/// uniform's top bits), so <c>u ∈ [2⁻²⁴, 1 − 2⁻²⁴]</c>;</item>
/// <item>exponential: <c>−log u</c>, in about [1.1e−16, 36.7]; Gumbel: <c>−log(−log u)</c>, in about [−3.58, 36.7]
/// (the logarithm is the library's SIMD one, within 2 ulp, the same in vector and scalar code);</item>
/// <item>normal: Box–Muller (Box and Muller, "A note on the generation of random normal deviates", Ann. Math.
/// Statist. 29(2), 1958), one normal per block: <c>√(−2 log u₁)·cos(2π u₂)</c> with <c>u₁</c> from (w0, w1) and
/// <c>u₂</c> from (w2, w3) mapped as the uniform double; |z| ≤ 8.58, never infinite;</item>
/// <item>float exponential, Gumbel and normal fills: the double value of the same element rounded to float.</item>
/// </list>
/// </para>
/// <para>
/// Like <see cref="Random"/>, an instance is not thread-safe; for parallel work give each thread its own
/// instance with the same seed and stream, set to the position of its first element (or a stream of its own).
/// The block function runs on <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/>
/// lanes where AVX-512, AVX2 or SSE2 is available and otherwise in scalar code; all paths give identical bits.
/// The transforms use no platform math library: the logarithm is the library's own SIMD one and the cosine a
/// series after an exact reduction of <c>u₂</c> (see <c>CosTwoPi</c>), with scalar twins that perform the same
/// IEEE operations, so a fill gives the same bits on every machine and runtime.
/// </para>
/// </remarks>
public sealed partial class Philox : Random
{
    // Round multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011; Random123's
    // PHILOX_M4x32_0/1 and PHILOX_W32_0/1: the golden ratio and √3 − 1 in 32-bit fixed point).
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;
    private const int Rounds = 10;

    // Blocks generated per pass of a batch fill (words staged on the stack).
    private const int Chunk = 128;

    private const double OneMinusHalfUlp = 1.0 - 1.0 / 9007199254740992.0; // 1 − 2⁻⁵³
    private const float OneMinusHalfUlpF = 1f - 1f / 16777216f; // 1 − 2⁻²⁴
    private const double TwoPi = 6.283185307179586;

    private readonly uint _k0;
    private readonly uint _k1;
    private readonly uint _s0;
    private readonly uint _s1;
    private ulong _position;

    // The block being consumed by the single-value members, and how many of its words are used (4: none left).
    private uint _b0;
    private uint _b1;
    private uint _b2;
    private uint _b3;
    private int _used = 4;

    /// <summary>
    /// A Philox4x32-10 generator (Salmon et al., SC 2011) with key <paramref name="seed"/> on stream
    /// <paramref name="stream"/>, at position 0.
    /// </summary>
    /// <param name="seed">The 64-bit key.</param>
    /// <param name="stream">The stream: the high 64 bits of the counter. Different streams of one seed are independent.</param>
    public Philox(ulong seed, ulong stream = 0)
        : base(0)
    {
        Seed = seed;
        Stream = stream;
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _s0 = (uint)stream;
        _s1 = (uint)(stream >> 32);
    }

    /// <summary>The 64-bit key this Philox4x32-10 generator was constructed with.</summary>
    public ulong Seed { get; }

    /// <summary>The stream: the high 64 bits of every Philox4x32-10 counter this generator encrypts.</summary>
    public ulong Stream { get; }

    /// <summary>
    /// The index of the next Philox4x32-10 block not yet begun (the low 64 bits of its counter). Setting it
    /// discards the unused words of a partly consumed block; the next draw or fill starts at the block set.
    /// </summary>
    public ulong Position
    {
        get => _position;
        set
        {
            _position = value;
            _used = 4;
        }
    }

    /// <summary>
    /// Skips <paramref name="blocks"/> Philox4x32-10 blocks in constant time: <see cref="Position"/> grows by
    /// <paramref name="blocks"/> (modulo 2⁶⁴) and the unused words of a partly consumed block are discarded.
    /// A fill of <c>n</c> elements uses <c>n</c> blocks, so <c>Advance(k)</c> lands where a fill of <c>k</c> elements would.
    /// </summary>
    /// <param name="blocks">The number of blocks to skip.</param>
    public void Advance(ulong blocks) => Position = unchecked(_position + blocks);

    /// <summary>A new Philox4x32-10 generator with this one's seed on stream <paramref name="stream"/>, at position 0.</summary>
    /// <param name="stream">The stream of the new generator.</param>
    /// <returns>An independent generator.</returns>
    public Philox WithStream(ulong stream) => new(Seed, stream);

    /// <summary>A non-negative integer below <see cref="int.MaxValue"/>, from 31 bits of a Philox4x32-10 word (rejecting <see cref="int.MaxValue"/>).</summary>
    /// <returns>An integer in [0, <see cref="int.MaxValue"/>).</returns>
    public override int Next()
    {
        while (true)
        {
            var w = NextWord() >> 1;
            if (w != int.MaxValue)
            {
                return (int)w;
            }
        }
    }

    /// <summary>An integer uniform in [0, <paramref name="maxValue"/>), from Philox4x32-10 words by Lemire's unbiased multiply-and-reject method.</summary>
    /// <param name="maxValue">The exclusive upper bound; 0 and 1 both give 0.</param>
    /// <returns>An integer in [0, <paramref name="maxValue"/>), or 0 when <paramref name="maxValue"/> is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : (int)NextBounded((uint)maxValue);
    }

    /// <summary>An integer uniform in [<paramref name="minValue"/>, <paramref name="maxValue"/>), from Philox4x32-10 words (Lemire's method).</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound; equal bounds give <paramref name="minValue"/>.</param>
    /// <returns>An integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(minValue), minValue, "minValue must not exceed maxValue.");
        }

        var range = (uint)((long)maxValue - minValue);
        return range <= 1 ? minValue : (int)(minValue + (long)NextBounded(range));
    }

    /// <summary>A non-negative integer below <see cref="long.MaxValue"/>, from 63 bits of two Philox4x32-10 words.</summary>
    /// <returns>An integer in [0, <see cref="long.MaxValue"/>).</returns>
    public override long NextInt64()
    {
        while (true)
        {
            var x = NextUInt64() >> 1;
            if (x != long.MaxValue)
            {
                return (long)x;
            }
        }
    }

    /// <summary>An integer uniform in [0, <paramref name="maxValue"/>), from Philox4x32-10 words (Lemire's method on 64 bits).</summary>
    /// <param name="maxValue">The exclusive upper bound; 0 and 1 both give 0.</param>
    /// <returns>An integer in [0, <paramref name="maxValue"/>), or 0 when <paramref name="maxValue"/> is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : (long)NextBounded64((ulong)maxValue);
    }

    /// <summary>An integer uniform in [<paramref name="minValue"/>, <paramref name="maxValue"/>), from Philox4x32-10 words (Lemire's method on 64 bits).</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound; equal bounds give <paramref name="minValue"/>.</param>
    /// <returns>An integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override long NextInt64(long minValue, long maxValue)
    {
        if (minValue > maxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(minValue), minValue, "minValue must not exceed maxValue.");
        }

        var range = unchecked((ulong)(maxValue - minValue));
        return range <= 1 ? minValue : unchecked((long)((ulong)minValue + NextBounded64(range)));
    }

    /// <summary>
    /// A uniform double in the open interval (0, 1) from two Philox4x32-10 words <c>lo, hi</c>: <c>(2m + 1)·2⁻⁵³</c>
    /// with <c>m</c> the top 52 bits of <c>hi·2³² + lo</c>: never 0, a value the base contract of <see cref="Random.NextDouble"/> would allow.
    /// </summary>
    /// <returns>A value in [2⁻⁵³, 1 − 2⁻⁵³].</returns>
    public override double NextDouble()
    {
        var lo = NextWord();
        return UniformDouble(lo, NextWord());
    }

    /// <summary>A uniform float in the open interval (0, 1) from one Philox4x32-10 word <c>w</c>: <c>(2m + 1)·2⁻²⁴</c>, <c>m</c> the top 23 bits of <c>w</c>.</summary>
    /// <returns>A value in [2⁻²⁴, 1 − 2⁻²⁴].</returns>
    public override float NextSingle() => UniformSingle(NextWord());

    /// <summary>Fills <paramref name="buffer"/> with Philox4x32-10 words, little-endian, four bytes per word.</summary>
    /// <param name="buffer">Receives the bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <summary>Fills <paramref name="buffer"/> with Philox4x32-10 words, little-endian, four bytes per word (a last partial word uses its low bytes).</summary>
    /// <param name="buffer">Receives the bytes.</param>
    public override void NextBytes(Span<byte> buffer)
    {
        var i = 0;
        for (; i + 4 <= buffer.Length; i += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.Slice(i), NextWord());
        }

        if (i < buffer.Length)
        {
            var w = NextWord();
            for (; i < buffer.Length; i++, w >>= 8)
            {
                buffer[i] = (byte)w;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform doubles in the open interval (0, 1): element <c>i</c> is
    /// <c>(2m + 1)·2⁻⁵³</c> from Philox4x32-10 block <see cref="Position"/> + <c>i</c> (see the class remarks);
    /// <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillUniform(Span<double> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        var position = BeginFill();
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(unchecked(position + (ulong)start), words, n);
            UniformDoubles(words.Slice(0, n), words.Slice(Chunk, n), destination.Slice(start, n));
        }

        EndFill(position, destination.Length);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform floats in the open interval (0, 1): element <c>i</c> is
    /// <c>(2m + 1)·2⁻²⁴</c> with <c>m</c> the top 23 bits of word 1 of Philox4x32-10 block <see cref="Position"/> + <c>i</c>;
    /// <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillUniform(Span<float> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        var position = BeginFill();
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(unchecked(position + (ulong)start), words, n);
            UniformSingles(words.Slice(Chunk, n), destination.Slice(start, n));
        }

        EndFill(position, destination.Length);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal draws N(0, 1) by Box–Muller, one per
    /// Philox4x32-10 block: element <c>i</c> is <c>√(−2 log u₁)·cos(2π u₂)</c> from block <see cref="Position"/> + <c>i</c>
    /// (see the class remarks); finite, |z| ≤ 8.58. <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillNormal(Span<double> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        Span<double> angle = stackalloc double[Chunk];
        var position = BeginFill();
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(unchecked(position + (ulong)start), words, n);
            NormalsFromWords(words, n, angle, destination.Slice(start, n));
        }

        EndFill(position, destination.Length);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal draws in single precision: element <c>i</c> is
    /// the double <see cref="FillNormal(Span{double})"/> would give, rounded to float. <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillNormal(Span<float> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        Span<double> angle = stackalloc double[Chunk];
        Span<double> values = stackalloc double[Chunk];
        var position = BeginFill();
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(unchecked(position + (ulong)start), words, n);
            NormalsFromWords(words, n, angle, values.Slice(0, n));
            Narrow(values.Slice(0, n), destination.Slice(start, n));
        }

        EndFill(position, destination.Length);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard exponential draws Exp(1): element <c>i</c> is <c>−log u</c>
    /// for the uniform of Philox4x32-10 block <see cref="Position"/> + <c>i</c>, in about [1.1e−16, 36.7].
    /// <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillExponential(Span<double> destination)
    {
        FillUniform(destination);
        VectorMath.ExponentialFromUniform(destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard exponential draws in single precision: element <c>i</c> is
    /// the double <see cref="FillExponential(Span{double})"/> would give, rounded to float. <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillExponential(Span<float> destination)
    {
        Span<double> values = stackalloc double[Chunk];
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            FillExponential(values.Slice(0, n));
            Narrow(values.Slice(0, n), destination.Slice(start, n));
        }

        if (destination.IsEmpty)
        {
            _used = 4;
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard Gumbel draws (location 0, scale 1): element <c>i</c> is
    /// <c>−log(−log u)</c> for the uniform of Philox4x32-10 block <see cref="Position"/> + <c>i</c>, in about [−3.58, 36.7].
    /// <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillGumbel(Span<double> destination)
    {
        FillUniform(destination);
        VectorMath.GumbelFromUniform(destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard Gumbel draws in single precision: element <c>i</c> is the
    /// double <see cref="FillGumbel(Span{double})"/> would give, rounded to float. <see cref="Position"/> then grows by the length.
    /// </summary>
    /// <param name="destination">Receives the draws.</param>
    public void FillGumbel(Span<float> destination)
    {
        Span<double> values = stackalloc double[Chunk];
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            FillGumbel(values.Slice(0, n));
            Narrow(values.Slice(0, n), destination.Slice(start, n));
        }

        if (destination.IsEmpty)
        {
            _used = 4;
        }
    }

    /// <summary>
    /// Reserves <paramref name="count"/> blocks for a batch sampler: returns the first one's position and advances
    /// <see cref="Position"/> past them, as a fill of <paramref name="count"/> elements would.
    /// </summary>
    internal ulong ReserveBlocks(int count)
    {
        var position = BeginFill();
        EndFill(position, count);
        return position;
    }

    /// <summary>
    /// The key of auxiliary sequence <paramref name="index"/> of this seed: words 0 and 1 of the Philox4x32-10 block with
    /// counter (index, 0x47414D4D, 2³²−1, 2³²−1) under the seed. A batch sampler that needs more than one block per
    /// element reads, for element <c>i</c>, block <c>Position + i</c> of this generator's stream under such keys, so that
    /// element <c>i</c>'s noise depends only on (seed, stream, Position + i).
    /// </summary>
    internal (uint K0, uint K1) AuxiliaryKey(uint index)
    {
        var (r0, r1, _, _) = Block(index, 0x47414D4Du, uint.MaxValue, uint.MaxValue, _k0, _k1);
        return (r0, r1);
    }

    /// <summary>As <see cref="FillNormal(Span{double})"/> from blocks <paramref name="position"/> + i under the key (k0, k1); <see cref="Position"/> is untouched.</summary>
    internal void FillNormal(uint k0, uint k1, ulong position, Span<double> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        Span<double> angle = stackalloc double[Chunk];
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(k0, k1, _s0, _s1, unchecked(position + (ulong)start), words, n, path: 3);
            NormalsFromWords(words, n, angle, destination.Slice(start, n));
        }
    }

    /// <summary>As <see cref="FillUniform(Span{double})"/> from blocks <paramref name="position"/> + i under the key (k0, k1); <see cref="Position"/> is untouched.</summary>
    internal void FillUniform(uint k0, uint k1, ulong position, Span<double> destination)
    {
        Span<uint> words = stackalloc uint[4 * Chunk];
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, destination.Length - start);
            GenerateBlocks(k0, k1, _s0, _s1, unchecked(position + (ulong)start), words, n, path: 3);
            UniformDoubles(words.Slice(0, n), words.Slice(Chunk, n), destination.Slice(start, n));
        }
    }

    /// <summary>A uniform double in (0, 1) from 53 bits of randomness: this instance's single-value draw.</summary>
    /// <returns>A value in [2⁻⁵³, 1 − 2⁻⁵³].</returns>
    protected override double Sample() => NextDouble();

    /// <summary>The Philox4x32-10 bijection: four counter words and two key words to four output words.</summary>
    internal static (uint R0, uint R1, uint R2, uint R3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            var p0 = (ulong)M0 * c0;
            var p1 = (ulong)M1 * c2;
            var n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            var n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
        }

        return (c0, c1, c2, c3);
    }

    /// <summary>(2m + 1)·2⁻⁵³ with m the top 52 bits of hi·2³² + lo: [1, 2) from the exponent bits, minus (1 − 2⁻⁵³), exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double UniformDouble(uint lo, uint hi)
    {
        var m = ((ulong)hi << 20) | (lo >> 12);
        return BitConverter.Int64BitsToDouble((long)(0x3FF0000000000000UL | m)) - OneMinusHalfUlp;
    }

    /// <summary>(2m + 1)·2⁻²⁴ with m the top 23 bits of w: [1, 2) from the exponent bits, minus (1 − 2⁻²⁴), exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float UniformSingle(uint w)
        => BitConverter.Int32BitsToSingle((int)(0x3F800000U | (w >> 9))) - OneMinusHalfUlpF;

    /// <summary>Writes blocks position … position + count − 1 of (key, stream) as four word planes of <see cref="Chunk"/> each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops run on large spans: skip the slow unoptimized first tier
    internal static void GenerateBlocks(uint k0, uint k1, uint s0, uint s1, ulong position, Span<uint> words, int count, int path)
    {
        var w0 = words.Slice(0, count);
        var w1 = words.Slice(Chunk, count);
        var w2 = words.Slice(2 * Chunk, count);
        var w3 = words.Slice(3 * Chunk, count);
        var i = 0;

        // The vector paths add lane offsets to the low counter word only: they run while it does not wrap.
        var noCarry = (ulong)(uint)position + (ulong)count <= 0x1_0000_0000UL;
        if (noCarry && path >= 3 && Avx512F.IsSupported)
        {
            var c1 = Vector512.Create((uint)(position >> 32));
            var c2 = Vector512.Create(s0);
            var c3 = Vector512.Create(s1);
            var c0 = Vector512.Create((uint)position) + Vector512.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u);
            for (; i + 16 <= count; i += 16)
            {
                Block512(c0, c1, c2, c3, k0, k1, out var r0, out var r1, out var r2, out var r3);
                r0.CopyTo(w0.Slice(i));
                r1.CopyTo(w1.Slice(i));
                r2.CopyTo(w2.Slice(i));
                r3.CopyTo(w3.Slice(i));
                c0 += Vector512.Create(16u);
            }
        }

        if (noCarry && path >= 2 && Avx2.IsSupported)
        {
            var c1 = Vector256.Create((uint)(position >> 32));
            var c2 = Vector256.Create(s0);
            var c3 = Vector256.Create(s1);
            var c0 = Vector256.Create((uint)position + (uint)i) + Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
            for (; i + 8 <= count; i += 8)
            {
                Block256(c0, c1, c2, c3, k0, k1, out var r0, out var r1, out var r2, out var r3);
                r0.CopyTo(w0.Slice(i));
                r1.CopyTo(w1.Slice(i));
                r2.CopyTo(w2.Slice(i));
                r3.CopyTo(w3.Slice(i));
                c0 += Vector256.Create(8u);
            }
        }

        if (noCarry && path >= 1 && Sse2.IsSupported)
        {
            var c1 = Vector128.Create((uint)(position >> 32));
            var c2 = Vector128.Create(s0);
            var c3 = Vector128.Create(s1);
            var c0 = Vector128.Create((uint)position + (uint)i) + Vector128.Create(0u, 1u, 2u, 3u);
            for (; i + 4 <= count; i += 4)
            {
                Block128(c0, c1, c2, c3, k0, k1, out var r0, out var r1, out var r2, out var r3);
                r0.CopyTo(w0.Slice(i));
                r1.CopyTo(w1.Slice(i));
                r2.CopyTo(w2.Slice(i));
                r3.CopyTo(w3.Slice(i));
                c0 += Vector128.Create(4u);
            }
        }

        for (; i < count; i++)
        {
            var p = unchecked(position + (ulong)i);
            (w0[i], w1[i], w2[i], w3[i]) = Block((uint)p, (uint)(p >> 32), s0, s1, k0, k1);
        }
    }

    // The rounds of Block on sixteen counters at once (one per 32-bit lane).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block512(
        Vector512<uint> c0, Vector512<uint> c1, Vector512<uint> c2, Vector512<uint> c3, uint k0, uint k1,
        out Vector512<uint> r0, out Vector512<uint> r1, out Vector512<uint> r2, out Vector512<uint> r3)
    {
        var m0 = Vector512.Create(M0);
        var m1 = Vector512.Create(M1);
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            var hi0 = MultiplyHigh(c0, m0);
            var hi1 = MultiplyHigh(c2, m1);
            var lo0 = c0 * m0;
            var lo1 = c2 * m1;
            c0 = hi1 ^ c1 ^ Vector512.Create(k0);
            c2 = hi0 ^ c3 ^ Vector512.Create(k1);
            c1 = lo1;
            c3 = lo0;
        }

        r0 = c0;
        r1 = c1;
        r2 = c2;
        r3 = c3;
    }

    // The rounds of Block on eight counters at once (one per 32-bit lane).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block256(
        Vector256<uint> c0, Vector256<uint> c1, Vector256<uint> c2, Vector256<uint> c3, uint k0, uint k1,
        out Vector256<uint> r0, out Vector256<uint> r1, out Vector256<uint> r2, out Vector256<uint> r3)
    {
        var m0 = Vector256.Create(M0);
        var m1 = Vector256.Create(M1);
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            var hi0 = MultiplyHigh(c0, m0);
            var hi1 = MultiplyHigh(c2, m1);
            var lo0 = c0 * m0;
            var lo1 = c2 * m1;
            c0 = hi1 ^ c1 ^ Vector256.Create(k0);
            c2 = hi0 ^ c3 ^ Vector256.Create(k1);
            c1 = lo1;
            c3 = lo0;
        }

        r0 = c0;
        r1 = c1;
        r2 = c2;
        r3 = c3;
    }

    // The rounds of Block on four counters at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block128(
        Vector128<uint> c0, Vector128<uint> c1, Vector128<uint> c2, Vector128<uint> c3, uint k0, uint k1,
        out Vector128<uint> r0, out Vector128<uint> r1, out Vector128<uint> r2, out Vector128<uint> r3)
    {
        var m0 = Vector128.Create(M0);
        var m1 = Vector128.Create(M1);
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            var hi0 = MultiplyHigh(c0, m0);
            var hi1 = MultiplyHigh(c2, m1);
            var lo0 = c0 * m0;
            var lo1 = c2 * m1;
            c0 = hi1 ^ c1 ^ Vector128.Create(k0);
            c2 = hi0 ^ c3 ^ Vector128.Create(k1);
            c1 = lo1;
            c3 = lo0;
        }

        r0 = c0;
        r1 = c1;
        r2 = c2;
        r3 = c3;
    }

    // The high 32 bits of each 32×32-bit lane product: the widening multiply (vpmuludq) takes the even lanes,
    // so the odd lanes are shifted down first; the even products' high halves are shifted down into the even
    // lanes and the odd products' high halves stay in the odd lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> MultiplyHigh(Vector512<uint> a, Vector512<uint> m)
    {
        var even = Avx512F.Multiply(a, m);
        var odd = Avx512F.Multiply(Vector512.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), m);
        return (Vector512.ShiftRightLogical(even, 32) | (odd & Vector512.Create(0xFFFFFFFF00000000UL))).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> MultiplyHigh(Vector256<uint> a, Vector256<uint> m)
    {
        var even = Avx2.Multiply(a, m);
        var odd = Avx2.Multiply(Vector256.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), m);
        return (Vector256.ShiftRightLogical(even, 32) | (odd & Vector256.Create(0xFFFFFFFF00000000UL))).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> MultiplyHigh(Vector128<uint> a, Vector128<uint> m)
    {
        var even = Sse2.Multiply(a, m);
        var odd = Sse2.Multiply(Vector128.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), m);
        return (Vector128.ShiftRightLogical(even, 32) | (odd & Vector128.Create(0xFFFFFFFF00000000UL))).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops run on large spans: skip the slow unoptimized first tier
    private static void UniformDoubles(ReadOnlySpan<uint> lo, ReadOnlySpan<uint> hi, Span<double> destination)
    {
        var i = UniformDoublesWide(lo, hi, destination);
        if (Vector256.IsHardwareAccelerated)
        {
            // The same integer operations and the same exact subtraction as UniformDouble, four lanes at a time.
            var exponent = Vector256.Create(0x3FF0000000000000UL);
            var offset = Vector256.Create(OneMinusHalfUlp);
            for (; i + 8 <= destination.Length; i += 8)
            {
                var (l0, l1) = Vector256.Widen(Vector256.Create(lo.Slice(i, 8)));
                var (h0, h1) = Vector256.Widen(Vector256.Create(hi.Slice(i, 8)));
                var d0 = (Vector256.ShiftLeft(h0, 20) | Vector256.ShiftRightLogical(l0, 12) | exponent).AsDouble() - offset;
                var d1 = (Vector256.ShiftLeft(h1, 20) | Vector256.ShiftRightLogical(l1, 12) | exponent).AsDouble() - offset;
                d0.CopyTo(destination.Slice(i));
                d1.CopyTo(destination.Slice(i + 4));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = UniformDouble(lo[i], hi[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UniformSingles(ReadOnlySpan<uint> words, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same operations as UniformSingle, eight lanes at a time.
            var exponent = Vector256.Create(0x3F800000U);
            var offset = Vector256.Create(OneMinusHalfUlpF);
            for (; i + 8 <= destination.Length; i += 8)
            {
                var w = Vector256.Create(words.Slice(i, 8));
                ((Vector256.ShiftRightLogical(w, 9) | exponent).AsSingle() - offset).CopyTo(destination.Slice(i));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = UniformSingle(words[i]);
        }
    }

    // Box–Muller, one normal per block: radius √(−2 log u₁) from (w0, w1), angle 2π u₂ from (w2, w3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops run on large spans: skip the slow unoptimized first tier
    private static void NormalsFromWords(ReadOnlySpan<uint> words, int n, Span<double> angle, Span<double> destination)
    {
        // Whole groups of sixteen in one 512-bit pass where AVX-512 is accelerated; the rest below, pass by pass.
        var done = NormalsFromWordsWide(words, n, destination);
        if (done > 0)
        {
            if (done == n)
            {
                return;
            }

            words = words.Slice(done);
            n -= done;
            destination = destination.Slice(done);
        }

        var cos = angle.Slice(0, n);
        UniformDoubles(words.Slice(0, n), words.Slice(Chunk, n), destination);
        UniformDoubles(words.Slice(2 * Chunk, n), words.Slice(3 * Chunk, n), cos);
        VectorMath.ExponentialFromUniform(destination);
        CosTwoPi(cos);
        var i = RadiusTimesCosineWide(destination, cos);
        if (Vector.IsHardwareAccelerated)
        {
            var radii = MemoryMarshal.Cast<double, Vector<double>>(destination.Slice(i));
            var cosines = MemoryMarshal.Cast<double, Vector<double>>(cos.Slice(i));
            for (var v = 0; v < radii.Length; v++)
            {
                radii[v] = Vector.SquareRoot(new Vector<double>(2.0) * radii[v]) * cosines[v]; // √ is correctly rounded, as Math.Sqrt
            }

            i += radii.Length * Vector<double>.Count;
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Sqrt(2.0 * destination[i]) * cos[i];
        }
    }

    /// <summary>cos(2πu) for u ∈ [0, 1], by exact reduction in u (see <see cref="CosTwoPi(Span{double})"/>).</summary>
    internal static double CosTwoPi(double u)
    {
        var a = Math.Abs(u - 0.5);
        var big = a > 0.25;
        var b = big ? 0.5 - a : a;
        var useSin = b > 0.125;
        var c = useSin ? 0.25 - b : b;
        var y = c * TwoPi;
        var z = y * y;
        var r = useSin ? y * SinSeries(z) : CosSeries(z);
        return big ? r : -r;
    }

    /// <summary>
    /// Replaces each u ∈ [0, 1] by cos(2πu). The reduction is exact on u (u − ½, ½ − a and ¼ − b are exact for
    /// multiples of 2⁻⁵³ by Sterbenz's lemma): cos 2πu = −cos 2πa with a = |u − ½| ∈ [0, ½], = cos 2π(½ − a) beyond
    /// ¼, and the remaining angle 2πc, c ∈ [0, ⅛], goes to the Taylor series of cos or (as sin 2π(¼ − b)) of sin on
    /// [0, π/4] (truncation below 3e−18). The vector and scalar code perform the same IEEE operations, so the bits do
    /// not depend on the platform's libm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops run on large spans: skip the slow unoptimized first tier
    internal static void CosTwoPi(Span<double> values)
    {
        var i = CosTwoPiWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values.Slice(i));
            var half = new Vector<double>(0.5);
            var quarter = new Vector<double>(0.25);
            var eighth = new Vector<double>(0.125);
            for (var v = 0; v < vectors.Length; v++)
            {
                var a = Vector.Abs(vectors[v] - half);
                var big = Vector.GreaterThan(a, quarter);
                var b = Vector.ConditionalSelect(big, half - a, a);
                var useSin = Vector.GreaterThan(b, eighth);
                var c = Vector.ConditionalSelect(useSin, quarter - b, b);
                var y = c * new Vector<double>(TwoPi);
                var z = y * y;
                var r = Vector.ConditionalSelect(useSin, y * SinSeries(z), CosSeries(z));
                vectors[v] = Vector.ConditionalSelect(big, r, -r);
            }

            i += vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = CosTwoPi(values[i]);
        }
    }

    // cos y = Σ (−z)ⁿ/(2n)!, z = y², to n = 8 (next term below 3e−18 for y ≤ π/4), by Horner.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double CosSeries(double z)
        => 1.0 + z * (-1.0 / 2 + z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
            + z * (1.0 / 479001600 + z * (-1.0 / 87178291200 + z * (1.0 / 20922789888000))))))));

    // sin y / y = Σ (−z)ⁿ/(2n + 1)!, to n = 8 (next term below 1e−19 for y ≤ π/4).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinSeries(double z)
        => 1.0 + z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800
            + z * (1.0 / 6227020800 + z * (-1.0 / 1307674368000 + z * (1.0 / 355687428096000))))))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> CosSeries(Vector<double> z)
    {
        var p = new Vector<double>(1.0 / 20922789888000);
        p = new Vector<double>(-1.0 / 87178291200) + z * p;
        p = new Vector<double>(1.0 / 479001600) + z * p;
        p = new Vector<double>(-1.0 / 3628800) + z * p;
        p = new Vector<double>(1.0 / 40320) + z * p;
        p = new Vector<double>(-1.0 / 720) + z * p;
        p = new Vector<double>(1.0 / 24) + z * p;
        p = new Vector<double>(-1.0 / 2) + z * p;
        return Vector<double>.One + z * p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> SinSeries(Vector<double> z)
    {
        var p = new Vector<double>(1.0 / 355687428096000);
        p = new Vector<double>(-1.0 / 1307674368000) + z * p;
        p = new Vector<double>(1.0 / 6227020800) + z * p;
        p = new Vector<double>(-1.0 / 39916800) + z * p;
        p = new Vector<double>(1.0 / 362880) + z * p;
        p = new Vector<double>(-1.0 / 5040) + z * p;
        p = new Vector<double>(1.0 / 120) + z * p;
        p = new Vector<double>(-1.0 / 6) + z * p;
        return Vector<double>.One + z * p;
    }

    private static void Narrow(ReadOnlySpan<double> values, Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    private void GenerateBlocks(ulong position, Span<uint> words, int count)
        => GenerateBlocks(_k0, _k1, _s0, _s1, position, words, count, path: 3);

    private ulong BeginFill()
    {
        _used = 4;
        return _position;
    }

    private void EndFill(ulong position, int length) => _position = unchecked(position + (ulong)length);

    private uint NextWord()
    {
        if (_used == 4)
        {
            (_b0, _b1, _b2, _b3) = Block((uint)_position, (uint)(_position >> 32), _s0, _s1, _k0, _k1);
            _position = unchecked(_position + 1);
            _used = 0;
        }

        return _used++ switch
        {
            0 => _b0,
            1 => _b1,
            2 => _b2,
            _ => _b3,
        };
    }

    private ulong NextUInt64()
    {
        var lo = NextWord();
        return ((ulong)NextWord() << 32) | lo;
    }

    // Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019: the high word of w·bound,
    // rejecting the 2³² mod bound low products that would bias it.
    private uint NextBounded(uint bound)
    {
        var product = (ulong)NextWord() * bound;
        if ((uint)product < bound)
        {
            var threshold = (0u - bound) % bound;
            while ((uint)product < threshold)
            {
                product = (ulong)NextWord() * bound;
            }
        }

        return (uint)(product >> 32);
    }

    private ulong NextBounded64(ulong bound)
    {
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
