using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    // Elements classified per pass: the route lists and the gathered operands live on the stack (about 30 KiB for a
    // full chunk). Each route's last vector is padded, so a larger chunk wastes fewer lanes.
    private const int GammaBatchChunk = 1024;

    /// <summary>
    /// ∂z/∂α of Gamma(α, β) samples for every element: <c>result[i] = </c><see cref="GammaShapeGradient(double, double)"/><c>(β·z[i], α)/β</c>
    /// bit for bit (the standard draw is β·z), with α = <c>shape[i]</c> and β = <c>rate[i]</c>, or their element 0 when a
    /// parameter span has length 1. Arguments are not checked (z ≥ 0, α &gt; 0, β &gt; 0 or NaN); <paramref name="result"/>
    /// may be <paramref name="z"/> itself.
    /// </summary>
    /// <remarks>
    /// Per chunk of 1024 elements: the standard draws β·z into a scratch chunk, a vectorised router
    /// (<see cref="GammaShapeLanes{TV, TL}.Route"/>: the series in eight bins of z, nine Temme truncations, the rest) and a
    /// counting sort of the indices by route; then each route's operands are gathered into contiguous vectors and run
    /// through its lane-wise kernel on 512-, 256- or 128-bit vectors (the widest the hardware accelerates), the last vector
    /// padded with copies of the route's first element, and the results scattered back divided by β; the rest (continued
    /// fraction, edges) goes one element at a time. Lanes do not interact, so the bits do not depend on the chunking, the
    /// width or the neighbours. Everything between reading z and writing the result stays in the chunk (L1/L2).
    /// </remarks>
    internal static void GammaShapeGradient(ReadOnlySpan<double> z, ReadOnlySpan<double> shape, ReadOnlySpan<double> rate, Span<double> result)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            GammaShapeBatch<Vector512<double>, DoubleLanes512>(z, shape, rate, result);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            GammaShapeBatch<Vector256<double>, DoubleLanes256>(z, shape, rate, result);
        }
        else
        {
            GammaShapeBatch<Vector128<double>, DoubleLanes128>(z, shape, rate, result);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // long SIMD loops: skip the slow unoptimized first tier
    private static void GammaShapeBatch<TV, TL>(ReadOnlySpan<double> z, ReadOnlySpan<double> shape, ReadOnlySpan<double> rate, Span<double> result)
        where TV : struct
        where TL : struct, IDoubleLanes<TV>
    {
        const int Pad = 8; // room to round a route's list up to whole vectors
        var chunk = Math.Min(GammaBatchChunk, z.Length); // the stack space is cleared: no more than needed
        Span<byte> routeOf = stackalloc byte[chunk];
        Span<int> order = stackalloc int[chunk];
        Span<int> first = stackalloc int[GammaRouteCount + 1];
        Span<int> next = stackalloc int[GammaRouteCount];
        Span<double> zs = stackalloc double[chunk + Pad];
        Span<double> shapes = stackalloc double[chunk + Pad];
        Span<double> values = stackalloc double[chunk + Pad];
        Span<double> standard = stackalloc double[chunk];
        var shapeStep = shape.Length == 1 ? 0 : 1;
        var rateStep = rate.Length == 1 ? 0 : 1;
        for (var start = 0; start < z.Length; start += chunk)
        {
            var m = Math.Min(chunk, z.Length - start);

            // Pass 1: the standard draws y = β·z, the route of every element, then its index in a list sorted by route
            // (a counting sort).
            var y = standard.Slice(0, m);
            for (var i = 0; i < m; i++)
            {
                y[i] = rate[(start + i) * rateStep] * z[start + i];
            }

            GammaShapeLanes<TV, TL>.Routes(y, shapeStep == 0 ? shape : shape.Slice(start, m), routeOf, zs);
            first.Clear();
            for (var i = 0; i < m; i++)
            {
                first[routeOf[i] + 1]++;
            }

            for (var r = 0; r < GammaRouteCount; r++)
            {
                first[r + 1] += first[r];
                next[r] = first[r];
            }

            for (var i = 0; i < m; i++)
            {
                order[next[routeOf[i]]++] = i;
            }

            // Pass 2: route by route.
            for (var i = first[GammaRouteOutsideLanes]; i < first[GammaRouteOutsideLanes + 1]; i++)
            {
                var k = start + order[i];
                result[k] = GammaShapeOutsideLanes(y[order[i]], shape[k * shapeStep]) / rate[k * rateStep];
            }

            for (var route = GammaRouteSeries; route < GammaRouteCount; route++)
            {
                var count = first[route + 1] - first[route];
                if (count == 0)
                {
                    continue;
                }

                var indices = order.Slice(first[route], count);
                for (var j = 0; j < count; j++)
                {
                    zs[j] = y[indices[j]];
                    shapes[j] = shape[(start + indices[j]) * shapeStep];
                }

                var padded = (count + TL.Count - 1) / TL.Count * TL.Count;
                for (var j = count; j < padded; j++)
                {
                    zs[j] = zs[0];
                    shapes[j] = shapes[0];
                }

                if (route == GammaRouteContinuedFraction)
                {
                    for (var j = 0; j < padded; j += TL.Count)
                    {
                        TL.Store(GammaShapeLanes<TV, TL>.ContinuedFraction(TL.Load(zs, j), TL.Load(shapes, j)), values, j);
                    }
                }
                else if (route < GammaRouteTemmeFirst)
                {
                    for (var j = 0; j < padded; j += TL.Count)
                    {
                        TL.Store(GammaShapeLanes<TV, TL>.Series(TL.Load(zs, j), TL.Load(shapes, j)), values, j);
                    }
                }
                else
                {
                    TemmeTruncation(route, out var terms, out var taylorOrder);
                    for (var j = 0; j < padded; j += TL.Count)
                    {
                        TL.Store(GammaShapeLanes<TV, TL>.Temme(TL.Load(zs, j), TL.Load(shapes, j), terms, taylorOrder), values, j);
                    }
                }

                for (var j = 0; j < count; j++)
                {
                    var k = start + indices[j];
                    result[k] = values[j] / rate[k * rateStep];
                }
            }
        }
    }
}
