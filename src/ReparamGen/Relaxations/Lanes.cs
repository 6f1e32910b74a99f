using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReparamGen;

/// <summary>
/// The handful of vector operations the softmax row kernels need, over one vector width, so that one generic kernel
/// (<see cref="RowKernels{T, TV, TL}"/>) serves 128-, 256- and 512-bit vectors: the runtime specializes generic code
/// per struct type argument, so the indirection costs nothing. (net8.0 has no common interface over the vector types.)
/// </summary>
internal interface ILanes<T, TV>
    where T : struct
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Load(ReadOnlySpan<T> source, int index);

    static abstract void Store(TV value, Span<T> destination, int index);

    static abstract TV Create(T value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Max(TV a, TV b);

    /// <summary>The largest lane (a NaN lane may or may not win: callers let NaN propagate by other paths).</summary>
    static abstract T MaxAcross(TV value);

    static abstract T SumAcross(TV value);

    /// <summary>The vector with lanes below <paramref name="first"/> set to zero.</summary>
    static abstract TV KeepFrom(TV value, int first);

    /// <summary>The first lane equal to <paramref name="target"/>, or −1.</summary>
    static abstract int IndexOf(TV value, T target);
}

/// <summary>128-bit lanes.</summary>
internal readonly struct Lanes128<T> : ILanes<T, Vector128<T>>
    where T : struct, IFloatingPointIeee754<T>
{
    // Lane i holds i (net8.0 has no Vector128<T>.Indices).
    private static readonly Vector128<T> Ramp = Vector128.Create(LaneRamp.Of<T>(Vector128<T>.Count));

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ReadOnlySpan<T> source, int index) => Vector128.Create(source.Slice(index, Vector128<T>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, Span<T> destination, int index) => value.CopyTo(destination.Slice(index, Vector128<T>.Count));

    public static Vector128<T> Create(T value) => Vector128.Create(value);

    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector128<T> value)
    {
        var max = value.GetElement(0);
        for (var i = 1; i < Vector128<T>.Count; i++)
        {
            var v = value.GetElement(i);
            max = v > max ? v : max;
        }

        return max;
    }

    public static T SumAcross(Vector128<T> value) => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> KeepFrom(Vector128<T> value, int first)
        => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(Ramp, Vector128.Create(T.CreateTruncating(first))), value, Vector128<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(Vector128<T> value, T target)
    {
        var bits = Vector128.Equals(value, Vector128.Create(target)).ExtractMostSignificantBits();
        return bits == 0 ? -1 : BitOperations.TrailingZeroCount(bits);
    }
}

/// <summary>256-bit lanes.</summary>
internal readonly struct Lanes256<T> : ILanes<T, Vector256<T>>
    where T : struct, IFloatingPointIeee754<T>
{
    // Lane i holds i (net8.0 has no Vector256<T>.Indices).
    private static readonly Vector256<T> Ramp = Vector256.Create(LaneRamp.Of<T>(Vector256<T>.Count));

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ReadOnlySpan<T> source, int index) => Vector256.Create(source.Slice(index, Vector256<T>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, Span<T> destination, int index) => value.CopyTo(destination.Slice(index, Vector256<T>.Count));

    public static Vector256<T> Create(T value) => Vector256.Create(value);

    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector256<T> value) => Lanes128<T>.MaxAcross(Vector128.Max(value.GetLower(), value.GetUpper()));

    public static T SumAcross(Vector256<T> value) => Vector256.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> KeepFrom(Vector256<T> value, int first)
        => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Ramp, Vector256.Create(T.CreateTruncating(first))), value, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(Vector256<T> value, T target)
    {
        var bits = Vector256.Equals(value, Vector256.Create(target)).ExtractMostSignificantBits();
        return bits == 0 ? -1 : BitOperations.TrailingZeroCount(bits);
    }
}

/// <summary>512-bit lanes.</summary>
internal readonly struct Lanes512<T> : ILanes<T, Vector512<T>>
    where T : struct, IFloatingPointIeee754<T>
{
    // Lane i holds i (net8.0 has no Vector512<T>.Indices).
    private static readonly Vector512<T> Ramp = Vector512.Create(LaneRamp.Of<T>(Vector512<T>.Count));

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ReadOnlySpan<T> source, int index) => Vector512.Create(source.Slice(index, Vector512<T>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, Span<T> destination, int index) => value.CopyTo(destination.Slice(index, Vector512<T>.Count));

    public static Vector512<T> Create(T value) => Vector512.Create(value);

    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector512<T> value) => Lanes256<T>.MaxAcross(Vector256.Max(value.GetLower(), value.GetUpper()));

    public static T SumAcross(Vector512<T> value) => Vector512.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> KeepFrom(Vector512<T> value, int first)
        => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Ramp, Vector512.Create(T.CreateTruncating(first))), value, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(Vector512<T> value, T target)
    {
        var bits = Vector512.Equals(value, Vector512.Create(target)).ExtractMostSignificantBits();
        return bits == 0 ? -1 : BitOperations.TrailingZeroCount(bits);
    }
}

/// <summary>The values 0, 1, …, count − 1, for building lane masks.</summary>
internal static class LaneRamp
{
    public static T[] Of<T>(int count)
        where T : struct, IFloatingPointIeee754<T>
    {
        var ramp = new T[count];
        for (var i = 0; i < count; i++)
        {
            ramp[i] = T.CreateTruncating(i);
        }

        return ramp;
    }
}
