using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace PathwiseGreeks;

/// <summary>
/// Pathwise Monte Carlo delta and vega (plus price and rho) of European calls under geometric Brownian motion,
/// from the gradient the build generates for <see cref="Gbm.DiscountedCallPayoff"/>, against Black–Scholes.
/// </summary>
public static class Program
{
    // A 4-standard-error band: a correct estimator misses it with probability 6.3e-5 per comparison (normal
    // approximation), about 8e-4 for all 12 comparisons together; a wrong derivative misses it by far.
    private const double AllowedStandardErrors = 4.0;

    public static int Main(string[] args) => Run(args);

    /// <summary>Runs the sample; returns 0 when every Monte Carlo value agrees with the closed form, 1 otherwise, 2 for a bad command line.</summary>
    public static int Run(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        long paths = options.Quick ? 1L << 16 : 1L << 22;
        var contracts = new[] { 80.0, 100.0, 120.0 }.Select(k => new Contract(Spot: 100, Volatility: 0.2, Rate: 0.05, Maturity: 1, Strike: k)).ToArray();

        Console.WriteLine("PathwiseGreeks: Monte Carlo Greeks of European calls under geometric Brownian motion" + (options.Quick ? " (quick settings)" : ""));
        Console.WriteLine(Inv($"  S = {contracts[0].Spot}, σ = {contracts[0].Volatility}, r = {contracts[0].Rate}, T = {contracts[0].Maturity}; strikes {string.Join(", ", contracts.Select(c => c.Strike))}; {paths:N0} paths"));
        Console.WriteLine("  per path: one ε ~ N(0,1), then Gbm.DiscountedCallPayoffWithGradient (generated) gives the payoff and ∂/∂S, ∂/∂σ, ∂/∂r, ∂/∂T, ∂/∂K");
        Console.WriteLine("  closed form: Black–Scholes, Φ(x) = erfc(-x/√2)/2 with ReparamGen.SpecialFunctions.Erfc");
        Console.WriteLine();

        var checkpoints = MonteCarlo.Checkpoints(100, paths, 10);
        var results = MonteCarlo.Run(contracts, paths, checkpoints, new Random(12345), n =>
        {
            if (n == paths || IsPowerOfTen(n) && n >= 100_000)
            {
                Console.WriteLine(Inv($"  {n,12:N0} paths simulated ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        });
        Console.WriteLine();

        Console.WriteLine("  strike  quantity   Monte Carlo ± 95% CI       Black–Scholes   (MC - BS)/SE");
        var checks = new List<(string Name, double Z)>();
        foreach (var result in results)
        {
            var exact = BlackScholes.Call(result.Contract);
            var rows = new (string Name, Estimate Estimate, double Exact)[]
            {
                ("price", result.Price[^1], exact.Price),
                ("delta", result.Delta[^1], exact.Delta),
                ("vega", result.Vega[^1], exact.Vega),
                ("rho", result.Rho[^1], exact.Rho),
            };
            foreach (var (name, estimate, value) in rows)
            {
                var z = (estimate.Mean - value) / estimate.StandardError;
                checks.Add((Inv($"{name} at strike {result.Contract.Strike}"), z));
                var strike = name == "price" ? Inv($"{result.Contract.Strike,6:0}") : "      ";
                Console.WriteLine(Inv($"  {strike}  {name,-8} {estimate.Mean,12:F5} ± {estimate.HalfWidth95,-10:F5} {value,13:F5}  {z,12:F2}"));
            }
        }

        Console.WriteLine("  (every row uses the same paths, so their errors are correlated and tend to share a sign)");
        Console.WriteLine();
        Console.WriteLine("  wrote " + Plots.Convergence(results, options.OutputDirectory));
        Console.WriteLine();

        var failed = checks.Where(c => !(Math.Abs(c.Z) <= AllowedStandardErrors)).ToList();
        foreach (var (name, z) in failed)
        {
            Console.WriteLine(Inv($"  FAIL  {name}: Monte Carlo is {z:F1} standard errors from Black–Scholes"));
        }

        var worst = checks.Max(c => Math.Abs(c.Z));
        Console.WriteLine(failed.Count == 0
            ? Inv($"CHECK PASSED: all {checks.Count} Monte Carlo values within {AllowedStandardErrors} standard errors of Black–Scholes (worst {worst:F2}; {clock.Elapsed.TotalSeconds:F1} s)")
            : Inv($"CHECK FAILED: {failed.Count} of {checks.Count} Monte Carlo values outside {AllowedStandardErrors} standard errors ({clock.Elapsed.TotalSeconds:F1} s)"));
        return failed.Count == 0 ? 0 : 1;
    }

    private static bool IsPowerOfTen(long n)
    {
        while (n >= 10 && n % 10 == 0)
        {
            n /= 10;
        }

        return n == 1;
    }

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
