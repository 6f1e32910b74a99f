using System;
using ReparamGen;

namespace ReparamGen.Benchmarks.Cases;

/// <summary>The benchmarked samplers, written as a user would; the generator makes their gradients.</summary>
public static partial class Samplers
{
    [Reparameterizable]
    public static double Normal(double mean, double stdDev, [Noise] double eps) => mean + stdDev * eps;

    [Reparameterizable]
    public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);

    /// <summary>Kumaraswamy(a, b) by inverse CDF: z = (1 − (1 − u)^(1/b))^(1/a).</summary>
    [Reparameterizable]
    public static double Kumaraswamy(double a, double b, [Noise] double u) => Math.Pow(1 - Math.Pow(1 - u, 1 / b), 1 / a);

    /// <summary>Weibull(shape, scale) by inverse CDF: z = scale·(−log(1 − u))^(1/shape).</summary>
    [Reparameterizable]
    public static double Weibull(double shape, double scale, [Noise] double u) => scale * Math.Pow(-Math.Log(1 - u), 1 / shape);

    /// <summary>Twenty operations mixing arithmetic and intrinsics, two parameters, one noise.</summary>
    [Reparameterizable]
    public static double Composite(double a, double b, [Noise] double eps)
    {
        var x = a * eps + b;
        var y = Math.Exp(-0.5 * x * x);
        var s = Math.Sin(a * b) + Math.Cos(b - eps);
        var t = Math.Sqrt(1 + a * a) * y;
        var u = Math.Log(1 + b * b) / (1 + s * s);
        return t + u * Math.Tanh(x) - a * s;
    }
}
