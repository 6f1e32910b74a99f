using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

/// <summary>
/// SIMD exponential and logarithm for the relaxations' hot loops (net8.0 has no vector Exp/Log), each with a
/// scalar twin that performs the same IEEE operations in the same order, so a value does not depend on whether
/// it fell in a vector or in the tail, nor on the machine's vector width.
/// </summary>
/// <remarks>
/// Methods (classical range reduction, e.g. Muller, "Elementary Functions", 3rd ed., §11; Cody and Waite 1980):
/// <list type="bullet">
/// <item><c>exp(t)</c>, t ≤ 0: t = k·ln 2 + r, |r| ≤ ln 2/2, with k rounded by the 1.5·2^p trick and ln 2 split
/// in two so k·ln2_hi is exact; e^r by its Taylor polynomial (degree 13 in double, truncation &lt; 5e−18;
/// degree 7 in float, &lt; 6e−9); 2^k assembled in the exponent bits. Results below the smallest normal number
/// (t &lt; −708 in double, −87 in float) are flushed to 0. Measured against Math.Exp/MathF.Exp: at most 1 ulp
/// (double, 10⁶ points on [−708, 0]) and 1 ulp (float, 10⁶ points on [−87, 0]); exp(0) = 1 exactly.</item>
/// <item><c>log(x)</c>, x positive and normal: x = 2^e·m, m ∈ [√½, √2), log m = 2 atanh(s), s = (m − 1)/(m + 1),
/// by its series in s² to degree 21 in s (truncation &lt; 7e−19; degree 11 in float, &lt; 5e−11); e·ln 2 added in two
/// parts. Measured against Math.Log: at most 2 ulp in double and in float (against the correctly rounded value)
/// on 10⁶ points of (0, 1) and of [1e−16, 40] ([1e−7, 20] in float).</item>
/// </list>
/// Inputs out of these domains are the callers' to avoid (they are internal); NaN in gives NaN out for exp. The public
/// <see cref="Simd.SimdMath"/> has full-domain exp, log, log1p and expm1 on 256- and 512-bit vectors, within 2 ulp.
/// <para>
/// The span forms run on <see cref="Vector512{T}"/> where the hardware accelerates it (twice the lanes of
/// <see cref="Vector{T}"/>, which the runtime keeps at 256 bits by default), then on <see cref="Vector{T}"/>, then in
/// scalar code: all three perform the same operations in the same order and give the same bits
/// (<c>VectorMath.Wide.cs</c> holds the 512-bit forms).
/// </para>
/// </remarks>
internal static partial class VectorMath
{
    // The reduction constants of the public full-domain SIMD functions (ReparamGen.Simd.SimdMath).
    private const double Log2E = Simd.SimdMath.Log2E;
    private const double Ln2Hi = Simd.SimdMath.Ln2Hi; // k·Ln2Hi is exact for |k| < 2²¹
    private const double Ln2Lo = Simd.SimdMath.Ln2Lo;
    private const double RoundMagic = Simd.SimdMath.RoundMagic;
    private const double ExpFloor = -708.0; // below, e^t is subnormal: flushed to 0
    private const double Sqrt2 = Simd.SimdMath.Sqrt2;

    private const float Log2EF = 1.44269504f;
    private const float Ln2HiF = 0.693359375f; // 0x3F318000: k·Ln2HiF is exact for |k| < 2⁸
    private const float Ln2LoF = -2.12194440e-4f;
    private const float RoundMagicF = 12582912f; // 1.5·2²³
    private const float ExpFloorF = -87f;
    private const float Sqrt2F = 1.41421354f;

    /// <summary>e^t for t ≤ 0 (0 below −708, NaN for NaN).</summary>
    public static double ExpNonPositive(double t)
    {
        var tc = t < ExpFloor ? ExpFloor : t;
        var shifted = tc * Log2E + RoundMagic;
        var k = shifted - RoundMagic;
        var r = tc - k * Ln2Hi - k * Ln2Lo;
        var scale = BitConverter.UInt64BitsToDouble((BitConverter.DoubleToUInt64Bits(shifted) + 1023) << 52);
        var value = ExpPolynomial(r) * scale;
        return double.IsNaN(t) ? t : t < ExpFloor ? 0.0 : value;
    }

    /// <summary>e^t for t ≤ 0 (0 below −87, NaN for NaN).</summary>
    public static float ExpNonPositive(float t)
    {
        var tc = t < ExpFloorF ? ExpFloorF : t;
        var shifted = tc * Log2EF + RoundMagicF;
        var k = shifted - RoundMagicF;
        var r = tc - k * Ln2HiF - k * Ln2LoF;
        var scale = BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(shifted) + 127) << 23);
        var value = ExpPolynomial(r) * scale;
        return float.IsNaN(t) ? t : t < ExpFloorF ? 0f : value;
    }

    /// <summary>Replaces each value t ≤ 0 by e^t, as <see cref="ExpNonPositive(double)"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpNonPositive(Span<double> values)
    {
        var i = ExpNonPositiveWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values.Slice(i));
            for (var v = 0; v < vectors.Length; v++)
            {
                var t = vectors[v];
                var tc = Vector.ConditionalSelect(Vector.LessThan(t, new Vector<double>(ExpFloor)), new Vector<double>(ExpFloor), t);
                var shifted = tc * new Vector<double>(Log2E) + new Vector<double>(RoundMagic);
                var k = shifted - new Vector<double>(RoundMagic);
                var r = tc - k * new Vector<double>(Ln2Hi) - k * new Vector<double>(Ln2Lo);
                var scale = Vector.AsVectorDouble(Vector.ShiftLeft(Vector.AsVectorUInt64(shifted) + new Vector<ulong>(1023), 52));
                var value = ExpPolynomial(r) * scale;
                value = Vector.ConditionalSelect(Vector.LessThan(t, new Vector<double>(ExpFloor)), Vector<double>.Zero, value);
                vectors[v] = Vector.ConditionalSelect(Vector.Equals(t, t), value, t);
            }

            i += vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = ExpNonPositive(values[i]);
        }
    }

    /// <summary>Replaces each value t ≤ 0 by e^t, as <see cref="ExpNonPositive(float)"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpNonPositive(Span<float> values)
    {
        var i = ExpNonPositiveWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values.Slice(i));
            for (var v = 0; v < vectors.Length; v++)
            {
                var t = vectors[v];
                var tc = Vector.ConditionalSelect(Vector.LessThan(t, new Vector<float>(ExpFloorF)), new Vector<float>(ExpFloorF), t);
                var shifted = tc * new Vector<float>(Log2EF) + new Vector<float>(RoundMagicF);
                var k = shifted - new Vector<float>(RoundMagicF);
                var r = tc - k * new Vector<float>(Ln2HiF) - k * new Vector<float>(Ln2LoF);
                var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorUInt32(shifted) + new Vector<uint>(127), 23));
                var value = ExpPolynomial(r) * scale;
                value = Vector.ConditionalSelect(Vector.LessThan(t, new Vector<float>(ExpFloorF)), Vector<float>.Zero, value);
                vectors[v] = Vector.ConditionalSelect(Vector.Equals(t, t), value, t);
            }

            i += vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = ExpNonPositive(values[i]);
        }
    }

    /// <summary>log x for positive normal x.</summary>
    public static double LogPositive(double x)
    {
        var bits = BitConverter.DoubleToUInt64Bits(x);
        var m = BitConverter.UInt64BitsToDouble((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL);

        // The biased exponent, converted exactly by planting it in the mantissa of 2⁵².
        var e = BitConverter.UInt64BitsToDouble((bits >> 52) | 0x4330000000000000UL) - (4503599627370496.0 + 1023.0);
        var big = m > Sqrt2;
        m = big ? m * 0.5 : m;
        e = big ? e + 1.0 : e;
        return LogFinish(m, e);
    }

    /// <summary>log x for positive normal x, in single precision.</summary>
    public static float LogPositive(float x)
    {
        var bits = BitConverter.SingleToUInt32Bits(x);
        var m = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFU) | 0x3F800000U);
        var e = BitConverter.UInt32BitsToSingle((bits >> 23) | 0x4B000000U) - (8388608f + 127f);
        var big = m > Sqrt2F;
        m = big ? m * 0.5f : m;
        e = big ? e + 1f : e;
        var f = m - 1f;
        var s = f / (2f + f);
        var z = s * s;
        var twoS = s + s;
        return e * Ln2HiF + (twoS + twoS * LogSeries(z) + e * Ln2LoF);
    }

    /// <summary>Replaces each uniform u ∈ (0, 1) by the standard Gumbel variate −log(−log u), in single precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GumbelFromUniform(Span<float> values)
    {
        var i = GumbelFromUniformWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values.Slice(i));
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] = -LogPositive(-LogPositive(vectors[v]));
            }

            i += vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = -LogPositive(-LogPositive(values[i]));
        }
    }

    /// <summary>Replaces each uniform u ∈ (0, 1) by the standard logistic variate log u − log(1 − u), in single precision.</summary>
    public static void LogisticFromUniform(Span<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (var v = 0; v < vectors.Length; v++)
            {
                var u = vectors[v];
                vectors[v] = LogPositive(u) - LogPositive(Vector<float>.One - u);
            }

            i = vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = LogPositive(values[i]) - LogPositive(1f - values[i]);
        }
    }

    /// <summary>Replaces each uniform u ∈ (0, 1) by the standard Gumbel variate −log(−log u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GumbelFromUniform(Span<double> values)
    {
        var i = GumbelFromUniformWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values.Slice(i));
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] = -LogPositive(-LogPositive(vectors[v]));
            }

            i += vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = -LogPositive(-LogPositive(values[i]));
        }
    }

    /// <summary>Replaces each uniform u ∈ (0, 1) by the standard exponential variate −log u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExponentialFromUniform(Span<double> values)
    {
        var i = ExponentialFromUniformWide(values);
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values.Slice(i));
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] = -LogPositive(vectors[v]);
            }

            i += vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = -LogPositive(values[i]);
        }
    }

    /// <summary>Replaces each uniform u ∈ (0, 1) by the standard logistic variate log u − log(1 − u).</summary>
    public static void LogisticFromUniform(Span<double> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            for (var v = 0; v < vectors.Length; v++)
            {
                var u = vectors[v];
                vectors[v] = LogPositive(u) - LogPositive(Vector<double>.One - u);
            }

            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = LogPositive(values[i]) - LogPositive(1.0 - values[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> LogPositive(Vector<double> x)
    {
        var bits = Vector.AsVectorUInt64(x);
        var m = Vector.AsVectorDouble((bits & new Vector<ulong>(0x000FFFFFFFFFFFFFUL)) | new Vector<ulong>(0x3FF0000000000000UL));
        var e = Vector.AsVectorDouble(Vector.ShiftRightLogical(bits, 52) | new Vector<ulong>(0x4330000000000000UL)) - new Vector<double>(4503599627370496.0 + 1023.0);
        var big = Vector.GreaterThan(m, new Vector<double>(Sqrt2));
        m = Vector.ConditionalSelect(big, m * new Vector<double>(0.5), m);
        e = Vector.ConditionalSelect(big, e + Vector<double>.One, e);
        var f = m - Vector<double>.One;
        var s = f / (new Vector<double>(2.0) + f);
        var z = s * s;
        var twoS = s + s;
        return e * new Vector<double>(Ln2Hi) + (twoS + twoS * LogSeries(z) + e * new Vector<double>(Ln2Lo));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> LogPositive(Vector<float> x)
    {
        var bits = Vector.AsVectorUInt32(x);
        var m = Vector.AsVectorSingle((bits & new Vector<uint>(0x007FFFFFU)) | new Vector<uint>(0x3F800000U));
        var e = Vector.AsVectorSingle(Vector.ShiftRightLogical(bits, 23) | new Vector<uint>(0x4B000000U)) - new Vector<float>(8388608f + 127f);
        var big = Vector.GreaterThan(m, new Vector<float>(Sqrt2F));
        m = Vector.ConditionalSelect(big, m * new Vector<float>(0.5f), m);
        e = Vector.ConditionalSelect(big, e + Vector<float>.One, e);
        var f = m - Vector<float>.One;
        var s = f / (new Vector<float>(2f) + f);
        var z = s * s;
        var twoS = s + s;
        return e * new Vector<float>(Ln2HiF) + (twoS + twoS * LogSeries(z) + e * new Vector<float>(Ln2LoF));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogFinish(double m, double e)
    {
        // f = m − 1 is exact for m ∈ [√½, √2]; log m = 2s(1 + z/3 + z²/5 + …), z = s² ≤ 0.0295.
        var f = m - 1.0;
        var s = f / (2.0 + f);
        var z = s * s;
        var twoS = s + s;
        return e * Ln2Hi + (twoS + twoS * LogSeries(z) + e * Ln2Lo);
    }

    // Σ_{n=1}^{10} zⁿ/(2n + 1), by Horner.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogSeries(double z)
        => z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + z * (1.0 / 13 + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19 + z * (1.0 / 21))))))))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> LogSeries(Vector<double> z)
    {
        var p = new Vector<double>(1.0 / 21);
        p = new Vector<double>(1.0 / 19) + z * p;
        p = new Vector<double>(1.0 / 17) + z * p;
        p = new Vector<double>(1.0 / 15) + z * p;
        p = new Vector<double>(1.0 / 13) + z * p;
        p = new Vector<double>(1.0 / 11) + z * p;
        p = new Vector<double>(1.0 / 9) + z * p;
        p = new Vector<double>(1.0 / 7) + z * p;
        p = new Vector<double>(1.0 / 5) + z * p;
        p = new Vector<double>(1.0 / 3) + z * p;
        return z * p;
    }

    // Σ_{n=1}^{5} zⁿ/(2n + 1) in float (truncation z⁶/13 < 5e−11 for z ≤ 0.0295).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LogSeries(float z)
        => z * (1f / 3 + z * (1f / 5 + z * (1f / 7 + z * (1f / 9 + z * (1f / 11)))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> LogSeries(Vector<float> z)
    {
        var p = new Vector<float>(1f / 11);
        p = new Vector<float>(1f / 9) + z * p;
        p = new Vector<float>(1f / 7) + z * p;
        p = new Vector<float>(1f / 5) + z * p;
        p = new Vector<float>(1f / 3) + z * p;
        return z * p;
    }

    // Σ_{n=0}^{13} rⁿ/n!, by Horner (the scalar and vector forms multiply and add in the same order).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExpPolynomial(double r)
        => 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040
            + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800 + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r * (1.0 / 6227020800)))))))))))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpPolynomial(Vector<double> r)
    {
        var p = new Vector<double>(1.0 / 6227020800);
        p = new Vector<double>(1.0 / 479001600) + r * p;
        p = new Vector<double>(1.0 / 39916800) + r * p;
        p = new Vector<double>(1.0 / 3628800) + r * p;
        p = new Vector<double>(1.0 / 362880) + r * p;
        p = new Vector<double>(1.0 / 40320) + r * p;
        p = new Vector<double>(1.0 / 5040) + r * p;
        p = new Vector<double>(1.0 / 720) + r * p;
        p = new Vector<double>(1.0 / 120) + r * p;
        p = new Vector<double>(1.0 / 24) + r * p;
        p = new Vector<double>(1.0 / 6) + r * p;
        p = new Vector<double>(1.0 / 2) + r * p;
        p = Vector<double>.One + r * p;
        return Vector<double>.One + r * p;
    }

    // Σ_{n=0}^{7} rⁿ/n! in float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ExpPolynomial(float r)
        => 1f + r * (1f + r * (1f / 2 + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720 + r * (1f / 5040)))))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpPolynomial(Vector<float> r)
    {
        var p = new Vector<float>(1f / 5040);
        p = new Vector<float>(1f / 720) + r * p;
        p = new Vector<float>(1f / 120) + r * p;
        p = new Vector<float>(1f / 24) + r * p;
        p = new Vector<float>(1f / 6) + r * p;
        p = new Vector<float>(1f / 2) + r * p;
        p = Vector<float>.One + r * p;
        return Vector<float>.One + r * p;
    }
}
