using System;

namespace ReparamGen.Tests.Simd;

/// <summary>
/// A test-only reference: numbers as an unevaluated sum hi + lo of two doubles (about 106 bits; Dekker 1971, and the
/// error-free transformations of Knuth's TwoSum and an FMA product, as in the QD library of Hida, Li and Bailey 2001).
/// exp, log, log1p and expm1 are evaluated to about 1e−30 relative, far below the 2⁻⁵³ ≈ 1.1e−16 of one ulp, so the
/// error of a double result can be measured in ulps of the exact value.
/// </summary>
internal readonly record struct DoubleDouble(double Hi, double Lo)
{
    private static readonly DoubleDouble Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);

    public static implicit operator DoubleDouble(double x) => new(x, 0.0);

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = a.Hi + b.Hi;
        var v = s - a.Hi;
        var e = (a.Hi - (s - v)) + (b.Hi - v);
        return Normalize(s, e + a.Lo + b.Lo);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = a.Hi * b.Hi;
        var e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p);
        return Normalize(p, e + a.Hi * b.Lo + a.Lo * b.Hi);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        // One Newton correction of the double quotient: q + (a − q·b)/b.
        var q = a.Hi / b.Hi;
        var r = a - b * q;
        return (DoubleDouble)q + r.Hi / b.Hi;
    }

    /// <summary>e^x as m·2^k with m in about [0.7, 1.4], so that results in the subnormal range keep all their bits.</summary>
    public static DoubleDouble Exp(double x, out int k)
    {
        k = (int)Math.Round(x / Ln2.Hi);
        var r = (DoubleDouble)x - Ln2 * k;

        // e^r = (e^(r/2⁸))^(2⁸): the Taylor series of e^(r/256) converges in a dozen terms to far below 1e−30.
        var t = new DoubleDouble(r.Hi / 256, r.Lo / 256);
        DoubleDouble sum = 1.0, term = 1.0;
        for (var n = 1; n < 20; n++)
        {
            term = term * t / n;
            sum += term;
        }

        for (var i = 0; i < 8; i++)
        {
            sum *= sum;
        }

        return sum;
    }

    /// <summary>log x for positive normal or subnormal x: Math.Log corrected by one Newton step on e^y = x.</summary>
    public static DoubleDouble Log(DoubleDouble x)
    {
        if (x.Hi < 1e-290)
        {
            // 1/x would overflow below: log x = log(x·2²⁰⁰) − 200·ln 2.
            return Log(new DoubleDouble(Math.ScaleB(x.Hi, 200), Math.ScaleB(x.Lo, 200))) - Ln2 * 200;
        }

        var y = Math.Log(x.Hi);
        var e = Exp(-y, out var k);
        var scaled = x * new DoubleDouble(Math.ScaleB(e.Hi, k), Math.ScaleB(e.Lo, k));
        return (DoubleDouble)y + (scaled - 1.0);
    }

    /// <summary>log(1 + x): its Taylor series for |x| &lt; 1e−4 (the Newton step would lose x's relative digits), else log of 1 + x formed exactly.</summary>
    public static DoubleDouble Log1p(double x)
    {
        if (Math.Abs(x) < 1e-4)
        {
            DoubleDouble sum = 0.0, power = x;
            for (var n = 1; n < 12; n++)
            {
                sum += (n % 2 == 1 ? power : -power) / n;
                power *= x;
            }

            return sum;
        }

        return Log((DoubleDouble)1.0 + x);
    }

    /// <summary>e^x − 1: its Taylor series for |x| &lt; ½, else e^x − 1 in double-double.</summary>
    public static DoubleDouble Expm1(double x)
    {
        if (Math.Abs(x) < 0.5)
        {
            DoubleDouble sum = 0.0, term = 1.0;
            for (var n = 1; n < 30; n++)
            {
                term = term * x / n;
                sum += term;
            }

            return sum;
        }

        var e = Exp(x, out var k);
        return new DoubleDouble(Math.ScaleB(e.Hi, k), Math.ScaleB(e.Lo, k)) - 1.0;
    }

    private static DoubleDouble Normalize(double hi, double lo)
    {
        var s = hi + lo;
        return new DoubleDouble(s, lo - (s - hi));
    }
}
