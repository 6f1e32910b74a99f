using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReparamGen.Simd;

// The float forms: each lane widened to double, the double function applied, the result rounded to float once. The
// double result is within 2 ulp of double (about 2⁻⁵¹ relative), so the float result is the correctly rounded one or
// its neighbour: within 1 ulp of float. Widening costs two double evaluations per float vector.
public static partial class SimdMath
{
    /// <summary>e^x in every lane, within 1 ulp (computed in double and rounded; see <see cref="SimdMath"/>).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var (lower, upper) = Vector256.Widen(x);
        return Vector256.Narrow(Exp(lower), Exp(upper));
    }

    /// <summary>The natural logarithm in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        var (lower, upper) = Vector256.Widen(x);
        return Vector256.Narrow(Log(lower), Log(upper));
    }

    /// <summary>log(1 + x) in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log(1 + x) per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log1p(Vector256<float> x)
    {
        var (lower, upper) = Vector256.Widen(x);
        return Vector256.Narrow(Log1p(lower), Log1p(upper));
    }

    /// <summary>e^x − 1 in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x − 1 per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Expm1(Vector256<float> x)
    {
        var (lower, upper) = Vector256.Widen(x);
        return Vector256.Narrow(Expm1(lower), Expm1(upper));
    }

    /// <summary>The square root in every lane (the hardware instruction: correctly rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>√x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sqrt(Vector256<float> x) => Vector256.Sqrt(x);

    /// <summary>e^x in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var (lower, upper) = Vector512.Widen(x);
        return Vector512.Narrow(Exp(lower), Exp(upper));
    }

    /// <summary>The natural logarithm in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        var (lower, upper) = Vector512.Widen(x);
        return Vector512.Narrow(Log(lower), Log(upper));
    }

    /// <summary>log(1 + x) in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>log(1 + x) per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1p(Vector512<float> x)
    {
        var (lower, upper) = Vector512.Widen(x);
        return Vector512.Narrow(Log1p(lower), Log1p(upper));
    }

    /// <summary>e^x − 1 in every lane, within 1 ulp (computed in double and rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>e^x − 1 per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Expm1(Vector512<float> x)
    {
        var (lower, upper) = Vector512.Widen(x);
        return Vector512.Narrow(Expm1(lower), Expm1(upper));
    }

    /// <summary>The square root in every lane (the hardware instruction: correctly rounded).</summary>
    /// <param name="x">Arguments.</param>
    /// <returns>√x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sqrt(Vector512<float> x) => Vector512.Sqrt(x);
}
