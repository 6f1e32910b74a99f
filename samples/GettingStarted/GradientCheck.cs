using System;

namespace GettingStarted;

/// <summary>Prints the generated gradient of <see cref="MySamplers.LogNormal"/> beside finite differences.</summary>
internal static class GradientCheck
{
    public static bool Run()
    {
        const double mu = 0.5, sigma = 0.3, eps = 1.2;
        Console.WriteLine("1. The gradient the build generated for MySamplers.LogNormal(mu, sigma, eps) = exp(mu + sigma*eps)");
        Console.WriteLine("   (the generated code: samples/GettingStarted/obj/Debug/net10.0/generated/**/GettingStarted.MySamplers.LogNormal.g.cs)");

        // One call: the value and every partial derivative, in one forward pass.
        var g = MySamplers.LogNormalWithGradient(mu, sigma, eps);
        Console.WriteLine($"   z = LogNormal(mu: {mu}, sigma: {sigma}, eps: {eps}) = {g.Value:R}");

        var fdMu = FiniteDifference(h => MySamplers.LogNormal(mu + h, sigma, eps));
        var fdSigma = FiniteDifference(h => MySamplers.LogNormal(mu, sigma + h, eps));
        Console.WriteLine("                generated               finite difference       relative difference");
        var ok = Report("dz/dmu   ", g.DMu, fdMu);
        ok &= Report("dz/dsigma", g.DSigma, fdSigma);
        Console.WriteLine($"   by hand: dz/dmu = z = {g.Value:R}, dz/dsigma = eps*z = {eps * g.Value:R}");
        Console.WriteLine(ok
            ? "   CHECK PASSED: the generated gradient matches finite differences"
            : "   CHECK FAILED: the generated gradient differs from finite differences");
        return ok;
    }

    private static bool Report(string name, double generated, double finiteDifference)
    {
        var rel = Math.Abs(generated - finiteDifference) / Math.Abs(finiteDifference);
        Console.WriteLine($"   {name}    {generated,-22:R}  {finiteDifference,-22:R}  {rel:0.0e+00}");

        // The stencil below has truncation error ~h⁴·|f⁽⁵⁾|/30 ≈ 1e-13 and rounding error ~1e-16·|f|/h ≈ 1e-13
        // (relative, for h = 1e-3 and these arguments), so 1e-9 leaves a wide margin yet still catches a wrong formula.
        return rel < 1e-9;
    }

    /// <summary>Five-point central difference f'(0) ≈ (f(−2h) − 8f(−h) + 8f(h) − f(2h)) / 12h, fourth order in h.</summary>
    private static double FiniteDifference(Func<double, double> f)
    {
        const double h = 1e-3;
        return (f(-2 * h) - (8 * f(-h)) + (8 * f(h)) - f(2 * h)) / (12 * h);
    }
}
