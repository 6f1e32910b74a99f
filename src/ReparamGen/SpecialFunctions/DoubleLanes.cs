using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

/// <summary>
/// The double-precision vector operations of the lane-wise special-function kernels
/// (<see cref="GammaShapeLanes{TV, TL}"/>), over one vector width, so that one generic kernel serves 128-, 256- and 512-bit
/// vectors (the runtime specializes generic code per struct type argument, so the indirection costs nothing; net8.0 has
/// no common interface over the vector types). Every operation is lane-wise and IEEE (no fused multiply-add), so a lane's
/// result depends only on that lane's inputs and is the same at every width (the batch members may use the widest vector
/// the hardware accelerates and still give the bits of the scalar members' twins).
/// </summary>
internal interface IDoubleLanes<TV>
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Load(ReadOnlySpan<double> source, int index);

    static abstract void Store(TV value, Span<double> destination, int index);

    static abstract TV Create(double value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Sqrt(TV a);

    static abstract TV Abs(TV a);

    static abstract TV Ceiling(TV a);

    static abstract TV Floor(TV a);

    static abstract TV Min(TV a, TV b);

    static abstract TV Max(TV a, TV b);

    /// <summary>All bits set in the lanes where a &lt; b.</summary>
    static abstract TV LessThan(TV a, TV b);

    static abstract TV LessThanOrEqual(TV a, TV b);

    static abstract TV Equal(TV a, TV b);

    static abstract TV And(TV a, TV b);

    static abstract TV Or(TV a, TV b);

    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);

    /// <summary>Bitwise: <paramref name="a"/> where <paramref name="mask"/> is set, else <paramref name="b"/>.</summary>
    static abstract TV Select(TV mask, TV a, TV b);

    /// <summary>Whether any lane of a mask is set.</summary>
    static abstract bool Any(TV mask);

    /// <summary>The significand of a positive normal x scaled into [1, 2) (the exponent field replaced by the bias).</summary>
    static abstract TV Significand(TV x);

    /// <summary>The unbiased binary exponent of a positive normal x, as a double (exact).</summary>
    static abstract TV Exponent(TV x);
}

/// <summary>128-bit lanes (two doubles): SSE2 / AdvSimd.</summary>
internal readonly struct DoubleLanes128 : IDoubleLanes<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ReadOnlySpan<double> source, int index) => Vector128.Create(source.Slice(index, Vector128<double>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, Span<double> destination, int index) => value.CopyTo(destination.Slice(index, Vector128<double>.Count));

    public static Vector128<double> Create(double value) => Vector128.Create(value);

    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;

    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;

    public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);

    public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);

    public static Vector128<double> Ceiling(Vector128<double> a) => Vector128.Ceiling(a);

    public static Vector128<double> Floor(Vector128<double> a) => Vector128.Floor(a);

    public static Vector128<double> Min(Vector128<double> a, Vector128<double> b) => Vector128.Min(a, b);

    public static Vector128<double> Max(Vector128<double> a, Vector128<double> b) => Vector128.Max(a, b);

    public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);

    public static Vector128<double> LessThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqual(a, b);

    public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);

    public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;

    public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;

    public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);

    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(mask, a, b);

    public static bool Any(Vector128<double> mask) => mask.ExtractMostSignificantBits() != 0;

    public static Vector128<double> Significand(Vector128<double> x)
        => ((x.AsUInt64() & Vector128.Create(0x000FFFFFFFFFFFFFUL)) | Vector128.Create(0x3FF0000000000000UL)).AsDouble();

    // The biased exponent planted in the significand of 2⁵², so the conversion to double is exact.
    public static Vector128<double> Exponent(Vector128<double> x)
        => (Vector128.ShiftRightLogical(x.AsUInt64(), 52) | Vector128.Create(0x4330000000000000UL)).AsDouble() - Vector128.Create(4503599627370496.0 + 1023.0);
}

/// <summary>256-bit lanes (four doubles): AVX2.</summary>
internal readonly struct DoubleLanes256 : IDoubleLanes<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ReadOnlySpan<double> source, int index) => Vector256.Create(source.Slice(index, Vector256<double>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, Span<double> destination, int index) => value.CopyTo(destination.Slice(index, Vector256<double>.Count));

    public static Vector256<double> Create(double value) => Vector256.Create(value);

    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

    public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);

    public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);

    public static Vector256<double> Ceiling(Vector256<double> a) => Vector256.Ceiling(a);

    public static Vector256<double> Floor(Vector256<double> a) => Vector256.Floor(a);

    public static Vector256<double> Min(Vector256<double> a, Vector256<double> b) => Vector256.Min(a, b);

    public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);

    public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);

    public static Vector256<double> LessThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);

    public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);

    public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;

    public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;

    public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);

    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);

    public static bool Any(Vector256<double> mask) => mask.ExtractMostSignificantBits() != 0;

    public static Vector256<double> Significand(Vector256<double> x)
        => ((x.AsUInt64() & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();

    public static Vector256<double> Exponent(Vector256<double> x)
        => (Vector256.ShiftRightLogical(x.AsUInt64(), 52) | Vector256.Create(0x4330000000000000UL)).AsDouble() - Vector256.Create(4503599627370496.0 + 1023.0);
}

/// <summary>512-bit lanes (eight doubles): AVX-512.</summary>
internal readonly struct DoubleLanes512 : IDoubleLanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ReadOnlySpan<double> source, int index) => Vector512.Create(source.Slice(index, Vector512<double>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, Span<double> destination, int index) => value.CopyTo(destination.Slice(index, Vector512<double>.Count));

    public static Vector512<double> Create(double value) => Vector512.Create(value);

    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;

    public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);

    public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);

    public static Vector512<double> Ceiling(Vector512<double> a) => Vector512.Ceiling(a);

    public static Vector512<double> Floor(Vector512<double> a) => Vector512.Floor(a);

    public static Vector512<double> Min(Vector512<double> a, Vector512<double> b) => Vector512.Min(a, b);

    public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);

    public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);

    public static Vector512<double> LessThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b);

    public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);

    public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;

    public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;

    public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);

    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);

    public static bool Any(Vector512<double> mask) => mask.ExtractMostSignificantBits() != 0;

    public static Vector512<double> Significand(Vector512<double> x)
        => ((x.AsUInt64() & Vector512.Create(0x000FFFFFFFFFFFFFUL)) | Vector512.Create(0x3FF0000000000000UL)).AsDouble();

    public static Vector512<double> Exponent(Vector512<double> x)
        => (Vector512.ShiftRightLogical(x.AsUInt64(), 52) | Vector512.Create(0x4330000000000000UL)).AsDouble() - Vector512.Create(4503599627370496.0 + 1023.0);
}
