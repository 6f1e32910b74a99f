using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace VariationalInference;

/// <summary>
/// Variational inference with reparameterized gradients on two models whose posterior is known exactly:
/// Poisson counts with a Gamma prior, and categorical counts with a Dirichlet prior. Each fit maximizes the
/// ELBO by stochastic gradient ascent and then checks itself against the exact conjugate posterior.
/// Run with <c>dotnet run --project samples/VariationalInference [-- --quick] [-- --out DIR] [-- --seed N]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Runs both fits; returns 0 when every check passes, 1 otherwise (2 on bad arguments).</summary>
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
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out seed): i++; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--quick] [--out DIR] [--seed N]");
                    return 2;
            }
        }

        // Default: the sample's own out/ folder when run from the repository root, else ./out.
        outDir ??= Directory.Exists(Path.Combine("samples", "VariationalInference"))
            ? Path.Combine("samples", "VariationalInference", "out")
            : "out";
        Directory.CreateDirectory(outDir);

        var clock = Stopwatch.StartNew();
        var poissonOk = PoissonGamma.Run(quick, outDir, seed);
        Console.WriteLine();
        var dirichletOk = DirichletCategorical.Run(quick, outDir, seed);
        Console.WriteLine();
        var ok = poissonOk && dirichletOk;
        Console.WriteLine($"{(ok ? "All checks passed" : "Some checks FAILED")} ({clock.Elapsed.TotalSeconds:F1} s).");
        return ok ? 0 : 1;
    }
}
