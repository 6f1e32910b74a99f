using System;

namespace ReparamGen.Benchmarks.Cases;

/// <summary>
/// A dual number with two tangents: the runtime forward-mode approach (operator overloading) the
/// generator is compared against. Test and benchmark use only.
/// </summary>
public readonly struct Dual2
{
    public readonly double V;
    public readonly double D1;
    public readonly double D2;

    public Dual2(double v, double d1, double d2)
    {
        V = v;
        D1 = d1;
        D2 = d2;
    }

    public static implicit operator Dual2(double c) => new(c, 0, 0);

    public static Dual2 operator +(Dual2 a, Dual2 b) => new(a.V + b.V, a.D1 + b.D1, a.D2 + b.D2);

    public static Dual2 operator -(Dual2 a, Dual2 b) => new(a.V - b.V, a.D1 - b.D1, a.D2 - b.D2);

    public static Dual2 operator -(Dual2 a) => new(-a.V, -a.D1, -a.D2);

    public static Dual2 operator *(Dual2 a, Dual2 b) => new(a.V * b.V, (a.D1 * b.V) + (a.V * b.D1), (a.D2 * b.V) + (a.V * b.D2));

    public static Dual2 operator /(Dual2 a, Dual2 b)
    {
        var q = a.V / b.V;
        return new(q, (a.D1 - (q * b.D1)) / b.V, (a.D2 - (q * b.D2)) / b.V);
    }

    public static Dual2 Exp(Dual2 a)
    {
        var e = Math.Exp(a.V);
        return new(e, e * a.D1, e * a.D2);
    }

    public static Dual2 Log(Dual2 a) => new(Math.Log(a.V), a.D1 / a.V, a.D2 / a.V);

    public static Dual2 Sqrt(Dual2 a)
    {
        var r = Math.Sqrt(a.V);
        return new(r, a.D1 / (2 * r), a.D2 / (2 * r));
    }

    public static Dual2 Sin(Dual2 a)
    {
        var c = Math.Cos(a.V);
        return new(Math.Sin(a.V), c * a.D1, c * a.D2);
    }

    public static Dual2 Cos(Dual2 a)
    {
        var s = -Math.Sin(a.V);
        return new(Math.Cos(a.V), s * a.D1, s * a.D2);
    }

    public static Dual2 Tanh(Dual2 a)
    {
        var t = Math.Tanh(a.V);
        var d = 1 - (t * t);
        return new(t, d * a.D1, d * a.D2);
    }

    public static Dual2 Pow(Dual2 a, Dual2 b)
    {
        var r = Math.Pow(a.V, b.V);
        var da = b.V * Math.Pow(a.V, b.V - 1);
        var db = r * Math.Log(a.V);
        return new(r, (da * a.D1) + (db * b.D1), (da * a.D2) + (db * b.D2));
    }
}

/// <summary>The benchmarked samplers over <see cref="Dual2"/>, seeded with (1, 0) and (0, 1).</summary>
public static class DualSamplers
{
    public static Dual2 Normal(Dual2 mean, Dual2 stdDev, double eps) => mean + (stdDev * eps);

    public static Dual2 LogNormal(Dual2 mu, Dual2 sigma, double eps) => Dual2.Exp(mu + (sigma * eps));

    public static Dual2 Kumaraswamy(Dual2 a, Dual2 b, double u) => Dual2.Pow(1 - Dual2.Pow(1 - u, 1 / b), 1 / a);

    public static Dual2 Weibull(Dual2 shape, Dual2 scale, double u) => scale * Dual2.Pow(-Math.Log(1 - u), 1 / shape);

    public static Dual2 Composite(Dual2 a, Dual2 b, double eps)
    {
        var x = (a * eps) + b;
        var y = Dual2.Exp(-0.5 * x * x);
        var s = Dual2.Sin(a * b) + Dual2.Cos(b - eps);
        var t = Dual2.Sqrt(1 + (a * a)) * y;
        var u = Dual2.Log(1 + (b * b)) / (1 + (s * s));
        return t + (u * Dual2.Tanh(x)) - (a * s);
    }

    public static Dual2 First(double v) => new(v, 1, 0);

    public static Dual2 Second(double v) => new(v, 0, 1);
}
