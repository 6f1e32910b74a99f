using System;
using System.Runtime.Intrinsics;
using ReparamGen.Simd;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Simd;

/// <summary>
/// <see cref="SimdMath"/> against a double-double reference (<see cref="DoubleDouble"/>, about 1e−30 relative), in ulps
/// of the exact result, over a million random points per function spread over every binade of its domain, and the
/// special and edge values against <see cref="Math"/>'s.
/// </summary>
public class SimdMathAccuracyTests
{
    // The documented contract of SimdMath: at most 2 ulp from the exact value (the reference's own error, about
    // 1e−14 ulp, is far below the resolution of this bound).
    private const double UlpBound = 2.0;
    private const int Points = 1 << 20;

    private readonly ITestOutputHelper output;

    public SimdMathAccuracyTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Exp_is_within_two_ulp_over_its_whole_range_including_the_subnormal_results()
    {
        var worst = Measure(rng => -746.0 + 1456.0 * rng.NextDouble(), SimdMath.Exp, SimdMath.Exp, x =>
        {
            var m = DoubleDouble.Exp(x, out var k);
            return (m, k);
        });
        output.WriteLine($"exp: worst {worst:F3} ulp");
        Assert.True(worst <= UlpBound, $"exp: worst {worst} ulp");
    }

    [Fact]
    public void Exp_near_zero_is_within_two_ulp()
    {
        var worst = Measure(rng => SignedLogUniform(rng, -60, 0), SimdMath.Exp, SimdMath.Exp, x => (DoubleDouble.Exp(x, out var k), k));
        Assert.True(worst <= UlpBound, $"exp near 0: worst {worst} ulp");
    }

    [Fact]
    public void Log_is_within_two_ulp_over_every_binade_including_subnormals()
    {
        var worst = Measure(rng => rng.Next(4) == 0 ? 0.5 + 1.5 * rng.NextDouble() : LogUniform(rng, -1074, 1023), SimdMath.Log, SimdMath.Log, x => (DoubleDouble.Log(x), 0));
        output.WriteLine($"log: worst {worst:F3} ulp");
        Assert.True(worst <= UlpBound, $"log: worst {worst} ulp");
    }

    [Fact]
    public void Log1p_is_within_two_ulp_from_minus_one_to_the_largest_double()
    {
        var worst = Measure(
            rng => rng.Next(3) switch
            {
                0 => -1.0 + rng.NextDouble() * 2.0,
                1 => SignedLogUniform(rng, -80, 0) is var t && t < -1 ? -1 - t : t,
                _ => LogUniform(rng, -1074, 1023),
            },
            SimdMath.Log1p,
            SimdMath.Log1p,
            x => (DoubleDouble.Log1p(x), 0));
        output.WriteLine($"log1p: worst {worst:F3} ulp");
        Assert.True(worst <= UlpBound, $"log1p: worst {worst} ulp");
    }

    [Fact]
    public void Expm1_is_within_two_ulp_over_its_whole_range()
    {
        var worst = Measure(
            rng => rng.Next(3) switch
            {
                0 => -45.0 + 755.0 * rng.NextDouble(),
                1 => -3.0 + 6.0 * rng.NextDouble(),
                _ => SignedLogUniform(rng, -1074, 3),
            },
            SimdMath.Expm1,
            SimdMath.Expm1,
            x =>
            {
                if (x < 40)
                {
                    return (DoubleDouble.Expm1(x), 0);
                }

                // Kept scaled, as e^x − 1 = (m − 2^−k)·2^k, so that results near overflow are measured too.
                var m = DoubleDouble.Exp(x, out var k);
                return (m - Math.ScaleB(1.0, -k), k);
            });
        output.WriteLine($"expm1: worst {worst:F3} ulp");
        Assert.True(worst <= UlpBound, $"expm1: worst {worst} ulp");
    }

    [Fact]
    public void Float_forms_are_within_one_ulp_of_the_correctly_rounded_float_result()
    {
        // The float forms round the double forms' results once; the exact value comes from the double-double reference,
        // rounded to float. 1 ulp: the double result's ≤ 2 ulp of double is 2⁻²⁹ of a float ulp, so rounding it lands
        // on the correctly rounded float or, within that sliver of a tie, on its neighbour.
        var rng = new Random(7);
        var lanes = new float[16];
        var worst = 0L;
        for (var i = 0; i < Points / 4; i += 16)
        {
            var function = (i / 16) % 4;
            for (var j = 0; j < 16; j++)
            {
                lanes[j] = function switch
                {
                    0 => (float)(-110 + 200 * rng.NextDouble()),
                    1 => (float)LogUniform(rng, -149, 127),
                    2 => (float)(rng.Next(2) == 0 ? -1 + 2 * rng.NextDouble() : LogUniform(rng, -149, 127)),
                    _ => (float)(rng.Next(2) == 0 ? -20 + 110 * rng.NextDouble() : SignedLogUniform(rng, -149, 2)),
                };
            }

            var wide = Vector512.Create(lanes);
            var narrow = (Vector256.Create(lanes, 0), Vector256.Create(lanes, 8));
            var (w, n0, n1) = function switch
            {
                0 => (SimdMath.Exp(wide), SimdMath.Exp(narrow.Item1), SimdMath.Exp(narrow.Item2)),
                1 => (SimdMath.Log(wide), SimdMath.Log(narrow.Item1), SimdMath.Log(narrow.Item2)),
                2 => (SimdMath.Log1p(wide), SimdMath.Log1p(narrow.Item1), SimdMath.Log1p(narrow.Item2)),
                _ => (SimdMath.Expm1(wide), SimdMath.Expm1(narrow.Item1), SimdMath.Expm1(narrow.Item2)),
            };
            for (var j = 0; j < 16; j++)
            {
                var x = lanes[j];
                var exact = function switch
                {
                    0 => RoundedExp(x),
                    1 => (float)DoubleDouble.Log(x).Hi,
                    2 => (float)DoubleDouble.Log1p(x).Hi,
                    _ => (float)DoubleDouble.Expm1(x).Hi,
                };
                var y = w.GetElement(j);
                Assert.Equal(y, j < 8 ? n0.GetElement(j) : n1.GetElement(j - 8));
                var distance = Math.Abs((long)BitConverter.SingleToInt32Bits(y) - BitConverter.SingleToInt32Bits(exact));
                Assert.True(distance <= 1 || y.Equals(exact), $"function {function} at {x:R}: {y:R}, exact {exact:R}");
                worst = Math.Max(worst, distance);
            }
        }

        output.WriteLine($"float: worst {worst} ulp");
    }

    private static float RoundedExp(float x)
    {
        var m = DoubleDouble.Exp(x, out var k);
        return (float)Math.ScaleB(m.Hi, k);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(2.2250738585072014e-308)]
    [InlineData(1e-320)]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(-1.0000000000000002)]
    [InlineData(0.9999999999999999)]
    [InlineData(709.782712893384)]
    [InlineData(709.7827128933841)]
    [InlineData(-708.3964185322641)]
    [InlineData(-745.1332191019411)]
    [InlineData(-745.1332191019412)]
    [InlineData(-746.0)]
    [InlineData(710.0)]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Special_and_edge_values_match_the_scalar_functions(double x)
    {
        AssertSame(Math.Exp(x), SimdMath.Exp(Vector256.Create(x)).GetElement(0), "exp", x);
        AssertSame(Math.Exp(x), SimdMath.Exp(Vector512.Create(x)).GetElement(0), "exp", x);
        AssertSame(Math.Log(x), SimdMath.Log(Vector256.Create(x)).GetElement(0), "log", x);
        AssertSame(Math.Log(x), SimdMath.Log(Vector512.Create(x)).GetElement(0), "log", x);
        AssertSame(Math.Sqrt(x), SimdMath.Sqrt(Vector256.Create(x)).GetElement(0), "sqrt", x);

        // log1p below −1 is NaN here (SpecialFunctions.Log1p throws there); elsewhere it agrees with the reference.
        var log1p = SimdMath.Log1p(Vector256.Create(x)).GetElement(0);
        var expectedLog1p = double.IsNaN(x) || x < -1 ? double.NaN : x == -1 ? double.NegativeInfinity : double.IsPositiveInfinity(x) ? x : x == 0 || Math.Abs(x) < 1e-300 ? x : SpecialFunctions.Log1p(x);
        AssertSame(expectedLog1p, log1p, "log1p", x);
        var expm1 = SimdMath.Expm1(Vector256.Create(x)).GetElement(0);
        AssertSame(x == 0 ? x : SpecialFunctions.Expm1(x), expm1, "expm1", x);
    }

    [Fact]
    public void Negative_zero_keeps_its_sign_where_the_scalar_functions_keep_it() => Special_and_edge_values_match_the_scalar_functions(-0.0);

    // Same value, or within 2 ulp for finite nonzero values (edge points are exact values only where Math's are).
    private static void AssertSame(double expected, double actual, string function, double x)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0 || Math.Abs(expected) == 1 && Math.Abs(x) > 40)
        {
            Assert.True(expected.Equals(actual) && (expected != 0 || double.IsNegative(expected) == double.IsNegative(actual)), $"{function}({x:R}) = {actual:R}, expected {expected:R}");
            return;
        }

        var ulps = Math.Abs(actual - expected) / Ulp(expected);
        Assert.True(ulps <= UlpBound + 1, $"{function}({x:R}) = {actual:R}, expected {expected:R} ({ulps} ulp; the scalar function's own ≤ 1 ulp added to the bound)");
    }

    // Worst error in ulps of the exact result over Points random arguments, evaluated 8 lanes at a time in both widths
    // (which must agree bit for bit). The reference gives m·2^k, the result is compared at the same scale.
    private static double Measure(Func<Random, double> draw, Func<Vector256<double>, Vector256<double>> narrow, Func<Vector512<double>, Vector512<double>> wide, Func<double, (DoubleDouble Value, int Scale)> reference)
    {
        var rng = new Random(20261202);
        var worst = 0.0;
        var lanes = new double[8];
        for (var i = 0; i < Points; i += 8)
        {
            for (var j = 0; j < 8; j++)
            {
                lanes[j] = draw(rng);
            }

            var w = wide(Vector512.Create(lanes));
            var n0 = narrow(Vector256.Create(lanes, 0));
            var n1 = narrow(Vector256.Create(lanes, 4));
            for (var j = 0; j < 8; j++)
            {
                var y = w.GetElement(j);
                var yNarrow = j < 4 ? n0.GetElement(j) : n1.GetElement(j - 4);
                Assert.True(BitConverter.DoubleToInt64Bits(y) == BitConverter.DoubleToInt64Bits(yNarrow), $"widths differ at {lanes[j]:R}: {y:R} vs {yNarrow:R}");
                var (value, k) = reference(lanes[j]);
                var errorUlps = ErrorInUlps(y, value, k);
                if (!(errorUlps <= UlpBound))
                {
                    throw new Xunit.Sdk.XunitException($"at x = {lanes[j]:R}: {y:R}, reference {Math.ScaleB(value.Hi, k):R} ({errorUlps} ulp)");
                }

                worst = Math.Max(worst, errorUlps);
            }
        }

        return worst;
    }

    // |y − m·2^k| in ulps of the exact value (ulps of the subnormal spacing below the smallest normal number).
    private static double ErrorInUlps(double y, DoubleDouble m, int k)
    {
        var exact = Math.ScaleB(m.Hi, k);
        if (double.IsInfinity(exact) || exact == 0 && Math.ScaleB(m.Hi, k + 60) == 0)
        {
            // Overflow or complete underflow: the rounded result is ±∞ or 0, and the function must give it.
            return y == exact ? 0 : double.PositiveInfinity;
        }

        var exponent = Math.Max(Math.ILogB(m.Hi) + k, -1022);
        var scaledY = Math.ScaleB(y, -k);
        var difference = (scaledY - m.Hi) - m.Lo;
        return Math.Abs(Math.ScaleB(difference, k - (exponent - 52)));
    }

    private static double Ulp(double x) => Math.ScaleB(1.0, Math.Max(Math.ILogB(x), -1022) - 52);

    private static double LogUniform(Random rng, int lowExponent, int highExponent)
        => Math.ScaleB(1.0 + rng.NextDouble(), lowExponent + rng.Next(highExponent - lowExponent));

    private static double SignedLogUniform(Random rng, int lowExponent, int highExponent)
        => (rng.Next(2) == 0 ? 1 : -1) * LogUniform(rng, lowExponent, highExponent);
}
