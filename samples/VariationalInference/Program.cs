using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace VariationalInference;

/// <summary>
/// Variational inference with reparameterized gradients on three models whose posterior is known exactly:
/// Poisson counts with a Gamma prior, categorical counts with a Dirichlet prior, and a Bayesian linear regression
/// with 100 weights (a mean-field Normal fitted through the generated reverse-mode gradient). Each fit maximizes the
/// ELBO by stochastic gradient ascent and then checks itself against the exact posterior.
/// Run with <c>dotnet run --project samples/VariationalInference [-- --quick] [-- --out DIR] [-- --seed N] [-- --only poisson|dirichlet|regression]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Runs the fits; returns 0 when every check passes, 1 otherwise (2 on bad arguments).</summary>
    public static int Run(string[] args)
    {
        // Numbers print the same on every machine.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return RunInvariant(args);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static int RunInvariant(string[] args)
    {
        var quick = false;
        string? outDir = null;
        var seed = 12345;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out seed): i++; break;
                case "--only" when i + 1 < args.Length && args[i + 1] is "poisson" or "dirichlet" or "regression": only = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--quick] [--out DIR] [--seed N] [--only poisson|dirichlet|regression]");
                    return 2;
            }
        }

        // Default: the sample's own out/ folder when run from the repository root, else ./out.
        outDir ??= Directory.Exists(Path.Combine("samples", "VariationalInference"))
            ? Path.Combine("samples", "VariationalInference", "out")
            : "out";
        Directory.CreateDirectory(outDir);

        var clock = Stopwatch.StartNew();
        var ok = true;
        if (only is null or "poisson")
        {
            ok &= PoissonGamma.Run(quick, outDir, seed);
            Console.WriteLine();
        }

        if (only is null or "dirichlet")
        {
            ok &= DirichletCategorical.Run(quick, outDir, seed);
            Console.WriteLine();
        }

        if (only is null or "regression")
        {
            ok &= BayesianLinearRegression.Run(quick, outDir, seed).Passed;
            Console.WriteLine();
        }

        Console.WriteLine($"{(ok ? "All checks passed" : "Some checks FAILED")} ({clock.Elapsed.TotalSeconds:F1} s).");
        return ok ? 0 : 1;
    }
}
