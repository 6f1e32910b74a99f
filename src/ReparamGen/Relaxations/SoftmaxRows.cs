using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace ReparamGen;

/// <summary>
/// SIMD row kernels of the batch relaxed softmax (<see cref="Relaxation"/>'s fused batch members): elementwise steps
/// over whole blocks, reductions over one row of K categories, each dispatched to the widest vector width no longer than
/// a row (<see cref="RowKernels{T, TV, TL}"/>); rows shorter than every vector use scalar loops.
/// </summary>
/// <remarks>
/// Elementwise steps perform the scalar primitives' IEEE operations in the same order, so they give the same bits.
/// The row maximum is exact whatever the order. Sums are taken in one partial sum per lane, then combined, instead of left to right: a sum of K non-negative terms differs from the sequential one by at most
/// about K·ε relative (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2), which is the
/// difference between these kernels and the scalar primitives.
/// </remarks>
internal static class SoftmaxRows
{
    /// <summary>x[i] = a[i] + x[i] (the scalar primitives' logits[i] + gumbel[i]: addition is commutative in IEEE).</summary>
    public static void AddInPlace<T>(ReadOnlySpan<T> a, Span<T> x)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<T>.Count)
        {
            RowKernels<T, Vector512<T>, Lanes512<T>>.AddInPlace(a, x);
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<T>.Count)
        {
            RowKernels<T, Vector256<T>, Lanes256<T>>.AddInPlace(a, x);
        }
        else
        {
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = a[i] + x[i];
            }
        }
    }

    /// <summary>Each row of K elements: x = (x − max(row))·inverse, the shifted, scaled logits (≤ 0).</summary>
    public static void ShiftRows<T>(Span<T> block, int k, T inverse)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && k >= Vector512<T>.Count)
        {
            RowKernels<T, Vector512<T>, Lanes512<T>>.ShiftRows(block, k, inverse);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<T>.Count)
        {
            RowKernels<T, Vector256<T>, Lanes256<T>>.ShiftRows(block, k, inverse);
        }
        else if (Vector128.IsHardwareAccelerated && k >= Vector128<T>.Count)
        {
            RowKernels<T, Vector128<T>, Lanes128<T>>.ShiftRows(block, k, inverse);
        }
        else
        {
            for (var start = 0; start < block.Length; start += k)
            {
                var row = block.Slice(start, k);
                var max = T.NegativeInfinity;
                for (var i = 0; i < row.Length; i++)
                {
                    max = row[i] > max ? row[i] : max;
                }

                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = (row[i] - max) * inverse;
                }
            }
        }
    }

    /// <summary>Each row of K elements divided by its sum (multiplied by the reciprocal, as the scalar primitives do).</summary>
    public static void NormalizeRows<T>(Span<T> block, int k)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && k >= Vector512<T>.Count)
        {
            RowKernels<T, Vector512<T>, Lanes512<T>>.NormalizeRows(block, k);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<T>.Count)
        {
            RowKernels<T, Vector256<T>, Lanes256<T>>.NormalizeRows(block, k);
        }
        else if (Vector128.IsHardwareAccelerated && k >= Vector128<T>.Count)
        {
            RowKernels<T, Vector128<T>, Lanes128<T>>.NormalizeRows(block, k);
        }
        else
        {
            for (var start = 0; start < block.Length; start += k)
            {
                var row = block.Slice(start, k);
                var sum = T.Zero;
                for (var i = 0; i < row.Length; i++)
                {
                    sum += row[i];
                }

                var scale = T.One / sum;
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] *= scale;
                }
            }
        }
    }

    /// <summary>
    /// Adds ∂L/∂logits of each row to <paramref name="grad"/>: (yᵢ/τ)(uᵢ − uₐ − m) with m = Σⱼ yⱼ(uⱼ − uₐ) and a the row's
    /// first largest y. Taking the upstream relative to uₐ keeps the result accurate when y is nearly one-hot (the scalar
    /// primitives do the same). A row whose maximum is NaN gets NaN added everywhere; any other NaN reaches m.
    /// </summary>
    public static void BackwardRows<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> u, T inverse, Span<T> grad, int k)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && k >= Vector512<T>.Count)
        {
            RowKernels<T, Vector512<T>, Lanes512<T>>.BackwardRows(y, u, inverse, grad, k);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<T>.Count)
        {
            RowKernels<T, Vector256<T>, Lanes256<T>>.BackwardRows(y, u, inverse, grad, k);
        }
        else if (Vector128.IsHardwareAccelerated && k >= Vector128<T>.Count)
        {
            RowKernels<T, Vector128<T>, Lanes128<T>>.BackwardRows(y, u, inverse, grad, k);
        }
        else
        {
            for (var start = 0; start < y.Length; start += k)
            {
                ScalarBackwardRow(y.Slice(start, k), u.Slice(start, k), inverse, grad.Slice(start, k));
            }
        }
    }

    /// <summary>
    /// Σ over rows of ∂L/∂τ = −inverse·Σᵢ vᵢ·(log yᵢ − log yₐ), vᵢ = yᵢ((uᵢ − uₐ) − m), from the sample alone (log yᵢ − log yₐ
    /// is the shifted logit (xᵢ − xₐ)/τ, to the roundings of y). Scalar: one logarithm per non-zero y. One factor 1/τ is
    /// inside the shifted logits, which are bounded by log of the smallest y, so nothing overflows before the result does.
    /// </summary>
    public static T TemperatureGradient<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> u, T inverse, int k)
        where T : struct, IFloatingPointIeee754<T>
    {
        var total = T.Zero;
        for (var start = 0; start < y.Length; start += k)
        {
            var yr = y.Slice(start, k);
            var ur = u.Slice(start, k);
            var a = 0;
            for (var i = 1; i < k; i++)
            {
                a = yr[i] > yr[a] ? i : a;
            }

            var ua = ur[a];
            var m = T.Zero;
            for (var i = 0; i < k; i++)
            {
                m += yr[i] * (ur[i] - ua);
            }

            var logA = T.Log(yr[a]);
            var sum = T.Zero;
            for (var i = 0; i < k; i++)
            {
                var yi = yr[i];
                if (yi != T.Zero)
                {
                    sum += yi * (ur[i] - ua - m) * (T.Log(yi) - logA);
                }
            }

            total += sum;
        }

        return -(total * inverse);
    }

    private static void ScalarBackwardRow<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> u, T inverse, Span<T> grad)
        where T : struct, IFloatingPointIeee754<T>
    {
        var a = -1;
        var max = T.NegativeInfinity;
        for (var i = 0; i < y.Length; i++)
        {
            if (T.IsNaN(y[i]))
            {
                a = -1;
                break;
            }

            if (a < 0 || y[i] > max)
            {
                a = i;
                max = y[i];
            }
        }

        if (a < 0)
        {
            for (var j = 0; j < grad.Length; j++)
            {
                grad[j] += T.NaN;
            }

            return;
        }

        var ua = u[a];
        var m = T.Zero;
        for (var i = 0; i < y.Length; i++)
        {
            m += y[i] * (u[i] - ua);
        }

        for (var i = 0; i < y.Length; i++)
        {
            grad[i] += y[i] * (u[i] - ua - m) * inverse;
        }
    }
}
