using System;
using BenchmarkDotNet.Running;
using ReparamGen.Benchmarks.Cases;
using ReparamGen.Benchmarks.Reverse;

namespace ReparamGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/ReparamGen.Benchmarks -- --quick</c> prints one JSON line per case;
/// <c>--versus-torch [repeats] [groups]</c> prints the C# side of tools/bench/side_by_side.sh (groups: a
/// comma-separated subset of normal, gamma, gumbel); <c>--gamma-routes [repeats]</c> times the Gamma shape gradient
/// by route (<see cref="GammaRoutes"/>); any other arguments go to
/// BenchmarkDotNet (e.g. <c>--filter *</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--versus-torch")
        {
            VersusTorch.Run(repeats: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20, only: args.Length > 2 ? args[2] : null);
            return 0;
        }

        if (args.Length > 0 && args[0] == "--gamma-routes")
        {
            GammaRoutes.Run(repeats: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
            return 0;
        }

        if (args.Length > 0 && args[0] == "--quick")
        {
            QuickMode.Run(repetitions: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
            return 0;
        }

        var types = new[]
        {
            typeof(GradientBenchmarks<NormalCase>),
            typeof(GradientBenchmarks<LogNormalCase>),
            typeof(GradientBenchmarks<KumaraswamyCase>),
            typeof(GradientBenchmarks<WeibullCase>),
            typeof(GradientBenchmarks<CompositeCase>),
            typeof(SimdBatchBenchmarks<LogNormalCase>),
            typeof(SimdBatchBenchmarks<KumaraswamyCase>),
            typeof(SimdBatchBenchmarks<WeibullCase>),
            typeof(PhiloxBenchmarks),
            typeof(GumbelSoftmaxBenchmarks),
            typeof(LogJointBenchmarks),
        };
        BenchmarkSwitcher.FromTypes(types).Run(args);
        return 0;
    }
}
