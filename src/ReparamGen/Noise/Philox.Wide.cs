using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

// The 512-bit forms of the Box–Muller transforms (the runtime keeps Vector<T> at 256 bits even where AVX-512 runs
// full-width, where twice the lanes is nearly twice the speed; see VectorMath.Wide.cs). Each performs exactly the
// operations of its Vector<T> and scalar twins, in the same order, and returns how many leading elements it processed
// (0 where Vector512 is not accelerated); the caller finishes the rest, so the bits do not depend on the width.
public sealed partial class Philox
{
    /// <summary>
    /// Box–Muller for the leading whole groups of sixteen blocks in one pass (uniforms, −log u₁, cos 2πu₂, √(2e)·c per
    /// vector, so the values stay in registers): the operations of the pass-by-pass path, lane by lane. Returns how many
    /// elements it wrote (0 where Vector512 is not accelerated). <paramref name="words"/> holds the four word planes of
    /// <see cref="Chunk"/> each, as <see cref="GenerateBlocks(uint, uint, uint, uint, ulong, Span{uint}, int, int)"/> writes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NormalsFromWordsWide(ReadOnlySpan<uint> words, int n, Span<double> destination)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return 0;
        }

        var exponent = Vector512.Create(0x3FF0000000000000UL);
        var offset = Vector512.Create(OneMinusHalfUlp);
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var (l0, l1) = Vector512.Widen(Vector512.Create(words.Slice(i, 16)));
            var (h0, h1) = Vector512.Widen(Vector512.Create(words.Slice(Chunk + i, 16)));
            var (m0, m1) = Vector512.Widen(Vector512.Create(words.Slice((2 * Chunk) + i, 16)));
            var (k0, k1) = Vector512.Widen(Vector512.Create(words.Slice((3 * Chunk) + i, 16)));
            var u0 = (Vector512.ShiftLeft(h0, 20) | Vector512.ShiftRightLogical(l0, 12) | exponent).AsDouble() - offset;
            var u1 = (Vector512.ShiftLeft(h1, 20) | Vector512.ShiftRightLogical(l1, 12) | exponent).AsDouble() - offset;
            var v0 = (Vector512.ShiftLeft(k0, 20) | Vector512.ShiftRightLogical(m0, 12) | exponent).AsDouble() - offset;
            var v1 = (Vector512.ShiftLeft(k1, 20) | Vector512.ShiftRightLogical(m1, 12) | exponent).AsDouble() - offset;
            var e0 = -VectorMath.LogPositive(u0);
            var e1 = -VectorMath.LogPositive(u1);
            (Vector512.Sqrt(Vector512.Create(2.0) * e0) * CosTwoPi(v0)).CopyTo(destination.Slice(i));
            (Vector512.Sqrt(Vector512.Create(2.0) * e1) * CosTwoPi(v1)).CopyTo(destination.Slice(i + 8));
        }

        return i;
    }

    // cos(2πu) per lane, the operations of CosTwoPi(double).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> CosTwoPi(Vector512<double> u)
    {
        var half = Vector512.Create(0.5);
        var quarter = Vector512.Create(0.25);
        var a = Vector512.Abs(u - half);
        var big = Vector512.GreaterThan(a, quarter);
        var b = Vector512.ConditionalSelect(big, half - a, a);
        var useSin = Vector512.GreaterThan(b, Vector512.Create(0.125));
        var c = Vector512.ConditionalSelect(useSin, quarter - b, b);
        var y = c * Vector512.Create(TwoPi);
        var z = y * y;
        var r = Vector512.ConditionalSelect(useSin, y * SinSeries(z), CosSeries(z));
        return Vector512.ConditionalSelect(big, r, -r);
    }

    /// <summary>cos(2πu) in place for the leading whole 512-bit vectors (see <see cref="CosTwoPi(Span{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CosTwoPiWide(Span<double> values)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return 0;
        }

        var vectors = MemoryMarshal.Cast<double, Vector512<double>>(values);
        var half = Vector512.Create(0.5);
        var quarter = Vector512.Create(0.25);
        var eighth = Vector512.Create(0.125);
        for (var v = 0; v < vectors.Length; v++)
        {
            var a = Vector512.Abs(vectors[v] - half);
            var big = Vector512.GreaterThan(a, quarter);
            var b = Vector512.ConditionalSelect(big, half - a, a);
            var useSin = Vector512.GreaterThan(b, eighth);
            var c = Vector512.ConditionalSelect(useSin, quarter - b, b);
            var y = c * Vector512.Create(TwoPi);
            var z = y * y;
            var r = Vector512.ConditionalSelect(useSin, y * SinSeries(z), CosSeries(z));
            vectors[v] = Vector512.ConditionalSelect(big, r, -r);
        }

        return vectors.Length * Vector512<double>.Count;
    }

    /// <summary>√(2e)·c in place over the leading whole 512-bit vectors: the Box–Muller normal from the exponential e = −log u₁ and c = cos 2πu₂.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RadiusTimesCosineWide(Span<double> exponentials, ReadOnlySpan<double> cosines)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return 0;
        }

        var radii = MemoryMarshal.Cast<double, Vector512<double>>(exponentials);
        var angles = MemoryMarshal.Cast<double, Vector512<double>>(cosines);
        for (var v = 0; v < radii.Length; v++)
        {
            radii[v] = Vector512.Sqrt(Vector512.Create(2.0) * radii[v]) * angles[v]; // √ is correctly rounded, as Math.Sqrt
        }

        return radii.Length * Vector512<double>.Count;
    }

    /// <summary>The uniform doubles of <see cref="UniformDouble"/> for the leading whole groups of sixteen words: the same integer operations and exact subtraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UniformDoublesWide(ReadOnlySpan<uint> lo, ReadOnlySpan<uint> hi, Span<double> destination)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return 0;
        }

        var exponent = Vector512.Create(0x3FF0000000000000UL);
        var offset = Vector512.Create(OneMinusHalfUlp);
        var i = 0;
        for (; i + 16 <= destination.Length; i += 16)
        {
            var (l0, l1) = Vector512.Widen(Vector512.Create(lo.Slice(i, 16)));
            var (h0, h1) = Vector512.Widen(Vector512.Create(hi.Slice(i, 16)));
            var d0 = (Vector512.ShiftLeft(h0, 20) | Vector512.ShiftRightLogical(l0, 12) | exponent).AsDouble() - offset;
            var d1 = (Vector512.ShiftLeft(h1, 20) | Vector512.ShiftRightLogical(l1, 12) | exponent).AsDouble() - offset;
            d0.CopyTo(destination.Slice(i));
            d1.CopyTo(destination.Slice(i + 8));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> CosSeries(Vector512<double> z)
    {
        var p = Vector512.Create(1.0 / 20922789888000);
        p = Vector512.Create(-1.0 / 87178291200) + z * p;
        p = Vector512.Create(1.0 / 479001600) + z * p;
        p = Vector512.Create(-1.0 / 3628800) + z * p;
        p = Vector512.Create(1.0 / 40320) + z * p;
        p = Vector512.Create(-1.0 / 720) + z * p;
        p = Vector512.Create(1.0 / 24) + z * p;
        p = Vector512.Create(-1.0 / 2) + z * p;
        return Vector512<double>.One + z * p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SinSeries(Vector512<double> z)
    {
        var p = Vector512.Create(1.0 / 355687428096000);
        p = Vector512.Create(-1.0 / 1307674368000) + z * p;
        p = Vector512.Create(1.0 / 6227020800) + z * p;
        p = Vector512.Create(-1.0 / 39916800) + z * p;
        p = Vector512.Create(1.0 / 362880) + z * p;
        p = Vector512.Create(-1.0 / 5040) + z * p;
        p = Vector512.Create(1.0 / 120) + z * p;
        p = Vector512.Create(-1.0 / 6) + z * p;
        return Vector512<double>.One + z * p;
    }
}
