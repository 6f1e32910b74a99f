using System;
using System.Globalization;
using System.IO;

namespace GettingStarted;

/// <summary>
/// Getting started with ReparamGen: (1) the gradient the build generated for <see cref="MySamplers.LogNormal"/>,
/// next to a finite-difference check; (2) that gradient at work, fitting a LogNormal by stochastic gradient descent.
/// Run with <c>dotnet run --project samples/GettingStarted [-- --quick] [-- --out DIR]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Runs the sample; returns 0 when every check passes, 1 otherwise (2 on bad arguments).</summary>
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
        var seed = 20240611;
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
        outDir ??= Directory.Exists(Path.Combine("samples", "GettingStarted")) ? Path.Combine("samples", "GettingStarted", "out") : "out";
        Directory.CreateDirectory(outDir);

        var gradientOk = GradientCheck.Run();
        Console.WriteLine();
        var fitOk = MomentFit.Run(quick, outDir, seed);
        Console.WriteLine();
        Console.WriteLine(gradientOk && fitOk ? "All checks passed." : "Some checks FAILED.");
        return gradientOk && fitOk ? 0 : 1;
    }
}
