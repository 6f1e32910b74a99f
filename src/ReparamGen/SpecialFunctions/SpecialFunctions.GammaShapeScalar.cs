using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

// Scalar twins of GammaShapeLanes' series, Temme and continued-fraction kernels, for the scalar member: the same IEEE operations in the same
// order as one lane (so the same bits as the batch member, which GammaShapeRouteTests and GammaBatchTests check bit for
// bit), without the lane kernel's masks and selects, and with the Temme coefficients Cₖ(η) of four k at once in a 256-bit
// vector (per k the same Horner steps as a lane). A change to a lane kernel must be made here too.
public static partial class SpecialFunctions
{
    private const double ScalarTinyTerm = 1.1830521861667747e-271; // 2⁻⁹⁰⁰, as GammaShapeLanes.Flush

    /// <summary>One lane of <see cref="GammaShapeLanes{TV, TL}.Series"/>.</summary>
    private static double GammaShapeSeriesScalar(double z, double a)
    {
        var shift = a < 9.0 ? Math.Ceiling(9.0 - a) : 0.0;
        var limit = 200.0 + Math.Floor(Math.Min(1e7, 40.0 * Math.Sqrt(a + 1.0)));
        var term = 1.0;
        var h = 0.0;
        var hShift = 0.0;
        var sum = 1.0;
        var dsum = 0.0;
        for (double kLow = 1.0, kHigh = 2.0; kLow < limit; kLow += 2.0, kHigh += 2.0)
        {
            var lo = a + kLow;
            var hi = a + kHigh;
            var r = 1.0 / (lo * hi);
            var inv1 = hi * r;
            var inv2 = lo * r;

            term *= z * inv1;
            term = term > ScalarTinyTerm ? term : 0.0;
            h -= inv1;
            var nextSum = sum + term;
            var nextDsum = dsum + (term * h);
            if (kLow == shift)
            {
                hShift = h;
            }

            term *= z * inv2;
            term = term > ScalarTinyTerm ? term : 0.0;
            h -= inv2;
            var dterm = term * h;
            nextSum += term;
            nextDsum += dterm;
            if (kHigh == shift)
            {
                hShift = h;
            }

            sum = nextSum;
            dsum = nextDsum;
            if (shift <= kHigh && term <= SeriesTolerance * nextSum && Math.Abs(dterm) <= SeriesTolerance * Math.Abs(nextDsum))
            {
                break;
            }
        }

        var w = a + (1.0 + shift);
        var ratio = z / w;
        var logRatio = ratio >= 2.2250738585072014e-308 ? LogTwin(ratio) : LogTwin(z) - LogTwin(w);
        var logXMinusPsi = (logRatio + LogMinusDigammaAsymptotic(w)) - hShift;
        var inner = (sum / a) * (logXMinusPsi + (dsum / sum));
        return (0.0 - inner) * z;
    }

    /// <summary>One lane of <see cref="GammaShapeLanes{TV, TL}.ContinuedFraction"/>.</summary>
    private static double GammaShapeContinuedFractionScalar(double z, double a)
    {
        const double Tiny = 1e-300;
        var b = (z + 1.0) - a;
        var c = 1.0 / Tiny;
        var dc = 0.0;
        var d = 1.0 / b;
        var dd = d * d;
        var f = d;
        var dlogF = dd / d;
        var limit = 200.0 + Math.Floor(Math.Min(1e7, 40.0 * Math.Sqrt(a + 1.0)));
        for (var i = 1.0; i < limit; i += 1.0)
        {
            var an = (0.0 - i) * (i - a);
            b += 2.0;
            var denom = (an * d) + b;
            var ddenom = ((i * d) + (an * dd)) - 1.0;
            denom = Math.Abs(denom) < Tiny ? Tiny : denom;
            var dNew = 1.0 / denom;
            dd = ((0.0 - ddenom) * dNew) * dNew;
            d = dNew;
            var invC = 1.0 / c;
            var cNew = b + (an * invC);
            dc = -1.0 + ((i - ((an * dc) * invC)) * invC);
            c = Math.Abs(cNew) < Tiny ? Tiny : cNew;
            var delta = c * d;
            var dlogDelta = (dc / c) + (dd / d);
            f *= delta;
            dlogF += dlogDelta;
            if (Math.Abs(delta - 1.0) <= SeriesTolerance && Math.Abs(dlogDelta) <= SeriesTolerance * Math.Abs(dlogF))
            {
                break;
            }
        }

        double logXMinusPsi;
        if (a < 10.0)
        {
            var num = 0.0;
            var den = 1.0;
            var w = a;
            do
            {
                num = (num * w) + den;
                den *= w;
                w += 1.0;
            }
            while (w < 10.0);

            var psi = (LogTwin(w) - LogMinusDigammaAsymptotic(w)) - (num / den);
            logXMinusPsi = LogTwin(z) - psi;
        }
        else
        {
            logXMinusPsi = LogTwin(z / a) + LogMinusDigammaAsymptotic(a);
        }

        return (f * (logXMinusPsi + dlogF)) * z;
    }

    /// <summary>One lane of <see cref="GammaShapeLanes{TV, TL}.Temme"/>.</summary>
    private static double GammaShapeTemmeScalar(double z, double a, int terms, int order)
    {
        var ia = 1.0 / a;
        var lambda = z * ia;
        var t = (z - a) * ia;
        double halfSquare;
        if (Math.Abs(t) <= 0.25)
        {
            var y = t / (2.0 + t);
            var y2 = y * y;
            var p = 1.0 / 19;
            p = (1.0 / 17) + (y2 * p);
            p = (1.0 / 15) + (y2 * p);
            p = (1.0 / 13) + (y2 * p);
            p = (1.0 / 11) + (y2 * p);
            p = (1.0 / 9) + (y2 * p);
            p = (1.0 / 7) + (y2 * p);
            p = (1.0 / 5) + (y2 * p);
            p = (1.0 / 3) + (y2 * p);
            halfSquare = (t * y) - ((2.0 * y) * (y2 * p));
        }
        else
        {
            halfSquare = t - LogTwin(lambda);
        }

        var eta = Math.Sqrt(2.0 * halfSquare);
        eta = t < 0.0 ? 0.0 - eta : eta;

        // Cₖ(η) for k = 0 … 15, four k per 256-bit vector, all four groups at once (eight independent Horner chains; a
        // lane kernel computes each Cₖ with the same steps). Groups at or beyond `terms` are computed and not used.
        ref var c = ref MemoryMarshal.GetArrayDataReference(TemmeCoefficients);
        var e2 = Vector256.Create(eta * eta);
        var top = (nuint)((order - 2) * TemmeTableTerms);
        var even0 = Vector256.LoadUnsafe(ref c, top);
        var even1 = Vector256.LoadUnsafe(ref c, top + 4);
        var even2 = Vector256.LoadUnsafe(ref c, top + 8);
        var even3 = Vector256.LoadUnsafe(ref c, top + 12);
        var odd0 = Vector256.LoadUnsafe(ref c, top + 16);
        var odd1 = Vector256.LoadUnsafe(ref c, top + 20);
        var odd2 = Vector256.LoadUnsafe(ref c, top + 24);
        var odd3 = Vector256.LoadUnsafe(ref c, top + 28);
        for (var n = order - 4; n >= 0; n -= 2)
        {
            var row = (nuint)(n * TemmeTableTerms);
            even0 = (even0 * e2) + Vector256.LoadUnsafe(ref c, row);
            even1 = (even1 * e2) + Vector256.LoadUnsafe(ref c, row + 4);
            even2 = (even2 * e2) + Vector256.LoadUnsafe(ref c, row + 8);
            even3 = (even3 * e2) + Vector256.LoadUnsafe(ref c, row + 12);
            odd0 = (odd0 * e2) + Vector256.LoadUnsafe(ref c, row + 16);
            odd1 = (odd1 * e2) + Vector256.LoadUnsafe(ref c, row + 20);
            odd2 = (odd2 * e2) + Vector256.LoadUnsafe(ref c, row + 24);
            odd3 = (odd3 * e2) + Vector256.LoadUnsafe(ref c, row + 28);
        }

        var etaVector = Vector256.Create(eta);
        Span<double> ck = stackalloc double[TemmeTableTerms];
        (even0 + (odd0 * etaVector)).CopyTo(ck);
        (even1 + (odd1 * etaVector)).CopyTo(ck.Slice(4));
        (even2 + (odd2 * etaVector)).CopyTo(ck.Slice(8));
        (even3 + (odd3 * etaVector)).CopyTo(ck.Slice(12));

        // As the lanes: Horner in a⁻² over even and odd k apart, from the highest k down.
        var ia2 = ia * ia;
        double sEven = 0.0, sOdd = 0.0, tailEven = 0.0, tailOdd = 0.0;
        for (var k = terms - 1; k >= 0; k -= 2)
        {
            sOdd = (sOdd * ia2) + ck[k];
            tailOdd = (tailOdd * ia2) + ((k + 0.5) * ck[k]);
            sEven = (sEven * ia2) + ck[k - 1];
            tailEven = (tailEven * ia2) + ((k - 1 + 0.5) * ck[k - 1]);
        }

        var s = sEven + (ia * sOdd);
        var tail = (tailEven + (ia * tailOdd)) * ia;
        var gammaStar = ExpSmallTwin(StirlingSeriesFromInverse(ia));
        var halfEta = 0.5 * eta;
        var bracket = (halfEta + ((halfEta * eta) * s)) + tail;
        return lambda * (1.0 - (gammaStar * bracket));
    }

    /// <summary>One lane of <see cref="GammaShapeLanes{TV, TL}.Log"/>: log x for positive finite x, subnormals included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogTwin(double x)
    {
        var subnormal = x < 2.2250738585072014e-308;
        var scaled = subnormal ? x * 18014398509481984.0 : x;
        var bits = (ulong)BitConverter.DoubleToInt64Bits(scaled);
        var m = BitConverter.Int64BitsToDouble((long)((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL));
        var e = BitConverter.Int64BitsToDouble((long)((bits >> 52) | 0x4330000000000000UL)) - (4503599627370496.0 + 1023.0);
        e -= subnormal ? 54.0 : 0.0;
        var big = 1.4142135623730951 < m;
        m = big ? m * 0.5 : m;
        e = big ? e + 1.0 : e;
        var f = m - 1.0;
        var s = f / (2.0 + f);
        var z = s * s;
        var p = 1.0 / 21;
        p = (1.0 / 19) + (z * p);
        p = (1.0 / 17) + (z * p);
        p = (1.0 / 15) + (z * p);
        p = (1.0 / 13) + (z * p);
        p = (1.0 / 11) + (z * p);
        p = (1.0 / 9) + (z * p);
        p = (1.0 / 7) + (z * p);
        p = (1.0 / 5) + (z * p);
        p = (1.0 / 3) + (z * p);
        var twoS = s + s;
        var series = (twoS + (twoS * (z * p))) + (e * 1.9082149292705877e-10);
        return (e * 0.6931471803691238) + series;
    }

    // One lane of GammaShapeLanes.StirlingSeries (Stirling's remainder from inv = 1/a, DLMF 5.11.1).
    private static double StirlingSeriesFromInverse(double inv)
    {
        var inv2 = inv * inv;
        var p = -3617.0 / 122400;
        p = (1.0 / 156) + (inv2 * p);
        p = (-691.0 / 360360) + (inv2 * p);
        p = (1.0 / 1188) + (inv2 * p);
        p = (-1.0 / 1680) + (inv2 * p);
        p = (1.0 / 1260) + (inv2 * p);
        p = (-1.0 / 360) + (inv2 * p);
        p = (1.0 / 12) + (inv2 * p);
        return inv * p;
    }

    // One lane of GammaShapeLanes.ExpSmall (eˣ by Taylor to x⁹/9! for 0 ≤ x ≤ 1/84).
    private static double ExpSmallTwin(double x)
    {
        var p = 1.0 / 362880;
        p = (1.0 / 40320) + (x * p);
        p = (1.0 / 5040) + (x * p);
        p = (1.0 / 720) + (x * p);
        p = (1.0 / 120) + (x * p);
        p = (1.0 / 24) + (x * p);
        p = (1.0 / 6) + (x * p);
        p = (1.0 / 2) + (x * p);
        p = 1.0 + (x * p);
        return 1.0 + (x * p);
    }
}
