using System;
using ReparamGen;

namespace GettingStarted;

/// <summary>A first sampler: the build generates its gradient; we check it against finite differences.</summary>
public static partial class Program
{
    [Reparameterizable]
    public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);

    public static int Main()
    {
        const double mu = 0.5, sigma = 0.3, eps = 1.2;
        var g = LogNormalWithGradient(mu, sigma, eps);
        var h = 1e-6;
        var fdMu = (LogNormal(mu + h, sigma, eps) - LogNormal(mu - h, sigma, eps)) / (2 * h);
        var fdSigma = (LogNormal(mu, sigma + h, eps) - LogNormal(mu, sigma - h, eps)) / (2 * h);
        Console.WriteLine($"z = {g.Value:R}");
        Console.WriteLine($"dz/dmu    generated {g.DMu:R}   finite difference {fdMu:R}");
        Console.WriteLine($"dz/dsigma generated {g.DSigma:R}   finite difference {fdSigma:R}");
        var ok = Math.Abs(g.DMu - fdMu) < 1e-6 * Math.Abs(fdMu) && Math.Abs(g.DSigma - fdSigma) < 1e-6 * Math.Abs(fdSigma);
        Console.WriteLine(ok ? "CHECK PASSED: generated gradient matches finite differences" : "CHECK FAILED");
        return ok ? 0 : 1;
    }
}
