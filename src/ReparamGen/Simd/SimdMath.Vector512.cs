using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using V = System.Runtime.Intrinsics.Vector512<double>;
using VOps = System.Runtime.Intrinsics.Vector512;

namespace ReparamGen.Simd;

// The 512-bit forms: the same text as SimdMath.Vector256.cs over Vector512 (only the aliases differ), so both widths
// perform the same operations and give the same bits; SimdMathWidthTests checks it.
public static partial class SimdMath
{
    /// <summary>e^x in every lane, within 2 ulp (see <see cref="SimdMath"/> for the method and special values).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp(V x)
    {
        var xc = VOps.Min(VOps.Max(x, VOps.Create(ExpLow)), VOps.Create(ExpHigh));
        var k = VOps.Create(RoundMagic);
        k = xc * VOps.Create(Log2E) + k - k;
        var r = xc - k * VOps.Create(Ln2Hi) - k * VOps.Create(Ln2Lo);
        var value = ScaleByPowerOfTwo(ExpPolynomial(r), k);
        return VOps.ConditionalSelect(VOps.Equals(x, x), value, x);
    }

    /// <summary>The natural logarithm in every lane, within 2 ulp (see <see cref="SimdMath"/>).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log x per lane: −∞ at ±0, NaN below 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log(V x)
    {
        var tiny = VOps.LessThan(x, VOps.Create(MinNormal));
        var scaled = VOps.ConditionalSelect(tiny, x * VOps.Create(TwoTo52), x);
        var e = Exponent(scaled, out var m) - (tiny & VOps.Create(52.0));
        var value = LogOfReduced(m, e, V.Zero);
        value = VOps.ConditionalSelect(VOps.Equals(x, VOps.Create(double.PositiveInfinity)), x, value);
        value = VOps.ConditionalSelect(VOps.Equals(x, V.Zero), VOps.Create(double.NegativeInfinity), value);
        value = VOps.ConditionalSelect(VOps.LessThan(x, V.Zero), VOps.Create(double.NaN), value);
        return VOps.ConditionalSelect(VOps.Equals(x, x), value, x);
    }

    /// <summary>log(1 + x) in every lane, within 2 ulp also for tiny x (see <see cref="SimdMath"/>).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log(1 + x) per lane: −∞ at −1, NaN below −1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log1p(V x)
    {
        var u = VOps.Create(1.0) + x;
        var beyondTwo = VOps.GreaterThanOrEqual(u, VOps.Create(2.0));

        // The rounding error of 1 + x (exact in both forms: Sterbenz), relative to u: log(u + c) = log u + c/u.
        var c = VOps.ConditionalSelect(beyondTwo, VOps.Create(1.0) - (u - x), x - (u - VOps.Create(1.0))) / u;
        var e = Exponent(u, out var m);
        var value = LogOfReduced(m, e, c);
        value = VOps.ConditionalSelect(VOps.Equals(x, VOps.Create(double.PositiveInfinity)), x, value);
        value = VOps.ConditionalSelect(VOps.Equals(x, VOps.Create(-1.0)), VOps.Create(double.NegativeInfinity), value);
        value = VOps.ConditionalSelect(VOps.LessThan(x, VOps.Create(-1.0)), VOps.Create(double.NaN), value);
        value = VOps.ConditionalSelect(VOps.LessThan(VOps.Abs(x), VOps.Create(TwoToMinus54)), x, value);
        return VOps.ConditionalSelect(VOps.Equals(x, x), value, x);
    }

    /// <summary>e^x − 1 in every lane, within 2 ulp also for tiny x (see <see cref="SimdMath"/>).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x − 1 per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Expm1(V x)
    {
        var xc = VOps.Min(VOps.Max(x, VOps.Create(Expm1Low)), VOps.Create(ExpHigh));
        var small = VOps.LessThanOrEqual(VOps.Abs(x), VOps.Create(Expm1Taylor));
        var k = VOps.Create(RoundMagic);
        k = VOps.AndNot(xc * VOps.Create(Log2E) + k - k, small);
        var r = xc - k * VOps.Create(Ln2Hi) - k * VOps.Create(Ln2Lo);
        var p = Expm1Polynomial(r);

        // 1 − 2^−k, exact for |k| ≤ 53 (k ≥ 60 leaves 1, which is what the rounding gives).
        var complement = VOps.Create(1.0) - PowerOfTwo(-VOps.Min(k, VOps.Create(60.0)));
        var large = ScaleByPowerOfTwo(p + complement, k);
        var value = VOps.ConditionalSelect(small, p, large);
        value = VOps.ConditionalSelect(VOps.LessThan(VOps.Abs(x), VOps.Create(TwoToMinus54)), x, value);
        return VOps.ConditionalSelect(VOps.Equals(x, x), value, x);
    }

    /// <summary>The square root in every lane (the hardware instruction: correctly rounded; NaN below 0).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>√x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sqrt(V x) => VOps.Sqrt(x);

    // The biased exponent of positive normal x as a double and its mantissa m ∈ (√½, √2], x = 2^e·m.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Exponent(V x, out V m)
    {
        var bits = x.AsUInt64();
        var mantissa = ((bits & VOps.Create(0x000FFFFFFFFFFFFFUL)) | VOps.Create(0x3FF0000000000000UL)).AsDouble();

        // The exponent field, converted exactly by planting it in the mantissa of 2⁵² (the sign bit, for negative
        // arguments whose result is replaced by NaN anyway, is masked off).
        var field = VOps.ShiftRightLogical(bits, 52) & VOps.Create(0x7FFUL);
        var e = (field | VOps.Create(0x4330000000000000UL)).AsDouble() - VOps.Create(TwoTo52 + 1023.0);
        var big = VOps.GreaterThan(mantissa, VOps.Create(Sqrt2));
        m = VOps.ConditionalSelect(big, mantissa * VOps.Create(0.5), mantissa);
        return VOps.ConditionalSelect(big, e + VOps.Create(1.0), e);
    }

    // e·ln 2 + log m + c for m ∈ (√½, √2], as fdlibm's e_log.c/s_log1p.c arrange it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V LogOfReduced(V m, V e, V c)
    {
        var f = m - VOps.Create(1.0);
        var hfsq = VOps.Create(0.5) * f * f;
        var s = f / (VOps.Create(2.0) + f);
        var z = s * s;

        // R(z) = Σ_{n=1}^{10} 2zⁿ/(2n + 1) (2·atanh s = 2s + s·R), by Horner.
        var p = VOps.Create(2.0 / 21);
        p = VOps.Create(2.0 / 19) + z * p;
        p = VOps.Create(2.0 / 17) + z * p;
        p = VOps.Create(2.0 / 15) + z * p;
        p = VOps.Create(2.0 / 13) + z * p;
        p = VOps.Create(2.0 / 11) + z * p;
        p = VOps.Create(2.0 / 9) + z * p;
        p = VOps.Create(2.0 / 7) + z * p;
        p = VOps.Create(2.0 / 5) + z * p;
        p = VOps.Create(2.0 / 3) + z * p;
        var r = z * p;
        return e * VOps.Create(Ln2Hi) - ((hfsq - (s * (hfsq + r) + (e * VOps.Create(Ln2Lo) + c))) - f);
    }

    // 2^k for integral k with −1022 ≤ k ≤ 1023, built in the exponent bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V PowerOfTwo(V k)
        => VOps.ShiftLeft((k + VOps.Create(RoundMagic)).AsUInt64() + VOps.Create(1023UL), 52).AsDouble();

    // value·2^k for integral k in [−1076, 1025], as two exact scalings so that the result is rounded once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ScaleByPowerOfTwo(V value, V k)
    {
        var half = VOps.Floor(k * VOps.Create(0.5));
        return value * PowerOfTwo(half) * PowerOfTwo(k - half);
    }

    // Σ_{n=0}^{13} rⁿ/n!, by Horner.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ExpPolynomial(V r)
    {
        var p = VOps.Create(1.0 / 6227020800);
        p = VOps.Create(1.0 / 479001600) + r * p;
        p = VOps.Create(1.0 / 39916800) + r * p;
        p = VOps.Create(1.0 / 3628800) + r * p;
        p = VOps.Create(1.0 / 362880) + r * p;
        p = VOps.Create(1.0 / 40320) + r * p;
        p = VOps.Create(1.0 / 5040) + r * p;
        p = VOps.Create(1.0 / 720) + r * p;
        p = VOps.Create(1.0 / 120) + r * p;
        p = VOps.Create(1.0 / 24) + r * p;
        p = VOps.Create(1.0 / 6) + r * p;
        p = VOps.Create(1.0 / 2) + r * p;
        p = VOps.Create(1.0) + r * p;
        return VOps.Create(1.0) + r * p;
    }

    // Σ_{n=1}^{20} rⁿ/n! as r + r²·Q(r), by Horner, so that the leading term is exact.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Expm1Polynomial(V r)
    {
        var q = VOps.Create(1.0 / 2432902008176640000);
        q = VOps.Create(1.0 / 121645100408832000) + r * q;
        q = VOps.Create(1.0 / 6402373705728000) + r * q;
        q = VOps.Create(1.0 / 355687428096000) + r * q;
        q = VOps.Create(1.0 / 20922789888000) + r * q;
        q = VOps.Create(1.0 / 1307674368000) + r * q;
        q = VOps.Create(1.0 / 87178291200) + r * q;
        q = VOps.Create(1.0 / 6227020800) + r * q;
        q = VOps.Create(1.0 / 479001600) + r * q;
        q = VOps.Create(1.0 / 39916800) + r * q;
        q = VOps.Create(1.0 / 3628800) + r * q;
        q = VOps.Create(1.0 / 362880) + r * q;
        q = VOps.Create(1.0 / 40320) + r * q;
        q = VOps.Create(1.0 / 5040) + r * q;
        q = VOps.Create(1.0 / 720) + r * q;
        q = VOps.Create(1.0 / 120) + r * q;
        q = VOps.Create(1.0 / 24) + r * q;
        q = VOps.Create(1.0 / 6) + r * q;
        q = VOps.Create(1.0 / 2) + r * q;
        return r + r * r * q;
    }
}
