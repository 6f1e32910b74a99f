using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ReparamGen;

/// <summary>
/// The softmax row kernels on one vector width <typeparamref name="TL"/>, for rows of K ≥ <c>TL.Count</c> elements.
/// A row is covered by whole vectors from its start and one last vector ending at its end, which may overlap the
/// one before it (K = 10 doubles in 8 lanes: elements 0–7, then 2–9): no scalar tail, which for short rows would cost
/// more than the vectors. A maximum does not mind the overlap; a sum drops the overlapped lanes of the last vector;
/// an in-place update computes the last vector from the original values before the others are stored, so the
/// overlapped elements are written twice with the same value.
/// </summary>
/// <remarks>
/// Per element these kernels perform the scalar primitives' operations in the same order (see <see cref="SoftmaxRows"/>);
/// only sums are taken in another order.
/// </remarks>
internal static class RowKernels<T, TV, TL>
    where T : struct, IFloatingPointIeee754<T>
    where TV : struct
    where TL : struct, ILanes<T, TV>
{
    /// <summary>x = a + x elementwise over a whole span of at least <c>TL.Count</c> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInPlace(ReadOnlySpan<T> a, Span<T> x)
    {
        var last = x.Length - TL.Count;
        var tail = TL.Add(TL.Load(a, last), TL.Load(x, last));
        for (var i = 0; i < last; i += TL.Count)
        {
            TL.Store(TL.Add(TL.Load(a, i), TL.Load(x, i)), x, i);
        }

        TL.Store(tail, x, last);
    }

    /// <summary>Each row r of <paramref name="block"/>: x = (x − max(row))·inverse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShiftRows(Span<T> block, int k, T inverse)
    {
        var s = TL.Create(inverse);
        for (var start = 0; start < block.Length; start += k)
        {
            var row = block.Slice(start, k);
            var last = k - TL.Count;
            var m = TL.Create(Max(row));
            var tail = TL.Multiply(TL.Subtract(TL.Load(row, last), m), s);
            for (var i = 0; i < last; i += TL.Count)
            {
                TL.Store(TL.Multiply(TL.Subtract(TL.Load(row, i), m), s), row, i);
            }

            TL.Store(tail, row, last);
        }
    }

    /// <summary>Each row of <paramref name="block"/> multiplied by the reciprocal of its sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeRows(Span<T> block, int k)
    {
        for (var start = 0; start < block.Length; start += k)
        {
            var row = block.Slice(start, k);
            var last = k - TL.Count;
            var tail = TL.Load(row, last);
            var sum = TL.KeepFrom(tail, Overlap(k));
            for (var i = 0; i < last; i += TL.Count)
            {
                sum = TL.Add(sum, TL.Load(row, i));
            }

            var s = TL.Create(T.One / TL.SumAcross(sum));
            tail = TL.Multiply(tail, s);
            for (var i = 0; i < last; i += TL.Count)
            {
                TL.Store(TL.Multiply(TL.Load(row, i), s), row, i);
            }

            TL.Store(tail, row, last);
        }
    }

    /// <summary>
    /// Each row: grad += (y·((u − uₐ) − m))·inverse with a the row's first largest y and m = Σⱼ yⱼ(uⱼ − uₐ); NaN added
    /// to the whole row when its maximum is NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardRows(ReadOnlySpan<T> y, ReadOnlySpan<T> u, T inverse, Span<T> grad, int k)
    {
        var s = TL.Create(inverse);
        var last = k - TL.Count;
        var overlap = Overlap(k);
        for (var start = 0; start < y.Length; start += k)
        {
            var yr = y.Slice(start, k);
            var ur = u.Slice(start, k);
            var gr = grad.Slice(start, k);
            var a = IndexOf(yr, Max(yr));
            if (a < 0)
            {
                for (var j = 0; j < k; j++)
                {
                    gr[j] += T.NaN;
                }

                continue;
            }

            var c = TL.Create(ur[a]);
            var yTail = TL.Load(yr, last);
            var dTail = TL.Subtract(TL.Load(ur, last), c);
            var acc = TL.KeepFrom(TL.Multiply(yTail, dTail), overlap);
            for (var i = 0; i < last; i += TL.Count)
            {
                acc = TL.Add(acc, TL.Multiply(TL.Load(yr, i), TL.Subtract(TL.Load(ur, i), c)));
            }

            var m = TL.Create(TL.SumAcross(acc));
            var gTail = TL.Add(TL.Load(gr, last), TL.Multiply(TL.Multiply(yTail, TL.Subtract(dTail, m)), s));
            for (var i = 0; i < last; i += TL.Count)
            {
                var d = TL.Subtract(TL.Subtract(TL.Load(ur, i), c), m);
                TL.Store(TL.Add(TL.Load(gr, i), TL.Multiply(TL.Multiply(TL.Load(yr, i), d), s)), gr, i);
            }

            TL.Store(gTail, gr, last);
        }
    }

    /// <summary>The largest element of a row (exact whatever the order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Max(ReadOnlySpan<T> row)
    {
        var last = row.Length - TL.Count;
        var m = TL.Load(row, last);
        for (var i = 0; i < last; i += TL.Count)
        {
            m = TL.Max(m, TL.Load(row, i));
        }

        return TL.MaxAcross(m);
    }

    /// <summary>The first index of <paramref name="target"/> in the row, or −1 (never found for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf(ReadOnlySpan<T> row, T target)
    {
        var last = row.Length - TL.Count;
        for (var i = 0; i < last; i += TL.Count)
        {
            var lane = TL.IndexOf(TL.Load(row, i), target);
            if (lane >= 0)
            {
                return i + lane;
            }
        }

        var tail = TL.IndexOf(TL.Load(row, last), target);
        return tail < 0 ? -1 : last + tail;
    }

    /// <summary>How many leading lanes of a row's last vector the whole vectors before it already cover.</summary>
    private static int Overlap(int k) => (TL.Count - (k % TL.Count)) % TL.Count;
}
