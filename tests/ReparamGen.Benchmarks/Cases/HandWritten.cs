using System;
using System.Runtime.CompilerServices;

namespace ReparamGen.Benchmarks.Cases;

/// <summary>Hand-written derivatives of the same samplers: the bar the generated code must meet (within 1.05×).</summary>
public static class HandWritten
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double D1, double D2) Normal(double mean, double stdDev, double eps) => (mean + stdDev * eps, 1.0, eps);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double D1, double D2) LogNormal(double mu, double sigma, double eps)
    {
        var z = Math.Exp(mu + sigma * eps);
        return (z, z, z * eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double D1, double D2) Kumaraswamy(double a, double b, double u)
    {
        var inner = Math.Pow(1 - u, 1 / b);
        var w = 1 - inner;
        var z = Math.Pow(w, 1 / a);
        var dA = -z * Math.Log(w) / (a * a);
        var dW = inner * Math.Log(1 - u) / (b * b);
        var dB = z / (a * w) * dW;
        return (z, dA, dB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double D1, double D2) Weibull(double shape, double scale, double u)
    {
        var e = -Math.Log(1 - u);
        var p = Math.Pow(e, 1 / shape);
        var z = scale * p;
        return (z, -z * Math.Log(e) / (shape * shape), p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double D1, double D2) Composite(double a, double b, double eps)
    {
        var x = a * eps + b;
        var y = Math.Exp(-0.5 * x * x);
        var sinAb = Math.Sin(a * b);
        var cosBe = Math.Cos(b - eps);
        var s = sinAb + cosBe;
        var root = Math.Sqrt(1 + a * a);
        var t = root * y;
        var logB = Math.Log(1 + b * b);
        var den = 1 + s * s;
        var u = logB / den;
        var th = Math.Tanh(x);
        var value = t + u * th - a * s;

        var cosAb = Math.Cos(a * b);
        var sinBe = Math.Sin(b - eps);
        var dyDx = -x * y;
        var dsDa = cosAb * b;
        var dsDb = cosAb * a - sinBe;
        var dtDa = a / root * y + root * dyDx * eps;
        var dtDb = root * dyDx;
        var duDa = -logB * 2 * s * dsDa / (den * den);
        var duDb = 2 * b / (1 + b * b) / den - logB * 2 * s * dsDb / (den * den);
        var dth = 1 - th * th;
        var dA = dtDa + duDa * th + u * dth * eps - s - a * dsDa;
        var dB = dtDb + duDb * th + u * dth - a * dsDb;
        return (value, dA, dB);
    }
}
