using System;

namespace ReparamGen.Tests.Simd;

/// <summary>
/// A value with a bound on how far two evaluations of it may differ when they perform the same IEEE operations except
/// that the elementary functions come from different libraries: the SIMD batch (<c>ReparamGen.Simd.SimdMath</c>, at most
/// 2 ulp from the exact value) and the scalar code (<see cref="Math"/>, at most 1 ulp: glibc's documented bound; the
/// runtime's <c>SpecialFunctions.Log1p</c> and <c>Expm1</c>, 2.2e−16 and 3.4e−16 relative as their docs measure, i.e. 2
/// and 3 ulp). The bound is carried to first order: an operation adds its inputs' differences times its partial
/// derivatives, plus one ulp of its result (two correctly rounded results of slightly different inputs may round
/// apart); a function adds the sum of the two libraries' ulp bounds. Test sizes are a factor 2 above it, for the
/// second-order terms the first-order model leaves out.
/// </summary>
internal readonly record struct PropagatedDifference(double Value, double Bound)
{
    public static implicit operator PropagatedDifference(double exact) => new(exact, 0.0);

    public static PropagatedDifference operator +(PropagatedDifference a, PropagatedDifference b) => Op(a.Value + b.Value, a.Bound + b.Bound);

    public static PropagatedDifference operator -(PropagatedDifference a, PropagatedDifference b) => Op(a.Value - b.Value, a.Bound + b.Bound);

    public static PropagatedDifference operator -(PropagatedDifference a) => new(-a.Value, a.Bound);

    public static PropagatedDifference operator *(PropagatedDifference a, PropagatedDifference b)
        => Op(a.Value * b.Value, Math.Abs(b.Value) * a.Bound + Math.Abs(a.Value) * b.Bound);

    public static PropagatedDifference operator /(PropagatedDifference a, PropagatedDifference b)
        => Op(a.Value / b.Value, a.Bound / Math.Abs(b.Value) + Math.Abs(a.Value / (b.Value * b.Value)) * b.Bound);

    public static PropagatedDifference Exp(PropagatedDifference a)
    {
        var v = Math.Exp(a.Value);
        return new(v, v * a.Bound + (2 + 1) * Ulp(v));
    }

    public static PropagatedDifference Log(PropagatedDifference a)
    {
        var v = Math.Log(a.Value);
        return new(v, a.Bound / Math.Abs(a.Value) + (2 + 1) * Ulp(v));
    }

    public static PropagatedDifference Log1p(PropagatedDifference a)
    {
        var v = SpecialFunctions.Log1p(a.Value);
        return new(v, a.Bound / Math.Abs(1 + a.Value) + (2 + 2) * Ulp(v));
    }

    public static PropagatedDifference Expm1(PropagatedDifference a)
    {
        var v = SpecialFunctions.Expm1(a.Value);
        return new(v, Math.Exp(a.Value) * a.Bound + (2 + 3) * Ulp(v));
    }

    public static double Ulp(double x) => double.IsFinite(x) ? Math.ScaleB(1.0, Math.Max(Math.ILogB(x == 0 ? double.Epsilon : x), -1022) - 52) : 0.0;

    private static PropagatedDifference Op(double value, double bound) => new(value, bound + Ulp(value));
}
