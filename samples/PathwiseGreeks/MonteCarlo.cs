using System;
using System.Collections.Generic;
using ReparamGen.Distributions;

namespace PathwiseGreeks;

/// <summary>A Monte Carlo estimate with its standard error, after some number of paths.</summary>
/// <param name="Paths">Number of paths.</param>
/// <param name="Mean">Sample mean.</param>
/// <param name="StandardError">Sample standard deviation / √paths.</param>
public readonly record struct Estimate(long Paths, double Mean, double StandardError)
{
    /// <summary>Half-width of the 95% confidence interval, 1.96 standard errors (normal approximation).</summary>
    public double HalfWidth95 => 1.959963984540054 * StandardError;
}

/// <summary>Running mean and variance of one quantity (Welford; Knuth, TAOCP vol. 2, §4.2.2).</summary>
public sealed class RunningMoments
{
    private long count;
    private double mean;
    private double squares;

    /// <summary>Adds one observation.</summary>
    public void Add(double x)
    {
        count++;
        var d = x - mean;
        mean += d / count;
        squares += d * (x - mean);
    }

    /// <summary>The estimate so far.</summary>
    public Estimate Current => new(count, mean, Math.Sqrt(squares / (count - 1) / count));
}

/// <summary>
/// Pathwise Monte Carlo Greeks: every path draws one ε, and the generated <c>DiscountedCallPayoffWithGradient</c>
/// returns the discounted payoff and all its parameter derivatives in one forward pass; their means estimate the
/// price and the Greeks. The same ε serve every strike (common random numbers).
/// </summary>
public static class MonteCarlo
{
    /// <summary>Estimates of one contract: the final one and the ones recorded at the checkpoints.</summary>
    /// <param name="Contract">The contract.</param>
    /// <param name="Price">Price estimates at each checkpoint (the last is the final estimate).</param>
    /// <param name="Delta">Delta estimates at each checkpoint.</param>
    /// <param name="Vega">Vega estimates at each checkpoint.</param>
    /// <param name="Rho">Rho estimates at each checkpoint.</param>
    public sealed record Result(Contract Contract, List<Estimate> Price, List<Estimate> Delta, List<Estimate> Vega, List<Estimate> Rho);

    /// <summary>Simulates <paramref name="paths"/> paths; records the estimates at each checkpoint (ascending, the last = paths).</summary>
    public static Result[] Run(IReadOnlyList<Contract> contracts, long paths, IReadOnlyList<long> checkpoints, Random rng, Action<long>? progress = null)
    {
        var moments = new RunningMoments[contracts.Count, 4];
        var results = new Result[contracts.Count];
        for (var c = 0; c < contracts.Count; c++)
        {
            results[c] = new Result(contracts[c], new(), new(), new(), new());
            for (var q = 0; q < 4; q++)
            {
                moments[c, q] = new RunningMoments();
            }
        }

        var next = 0;
        for (long i = 1; i <= paths; i++)
        {
            var eps = StandardNoise.Normal(rng);
            for (var c = 0; c < contracts.Count; c++)
            {
                var k = contracts[c];
                var g = Gbm.DiscountedCallPayoffWithGradient(k.Spot, k.Volatility, k.Rate, k.Maturity, k.Strike, eps);
                moments[c, 0].Add(g.Value);
                moments[c, 1].Add(g.DSpot);
                moments[c, 2].Add(g.DVolatility);
                moments[c, 3].Add(g.DRate);
            }

            if (next < checkpoints.Count && i == checkpoints[next])
            {
                for (var c = 0; c < contracts.Count; c++)
                {
                    results[c].Price.Add(moments[c, 0].Current);
                    results[c].Delta.Add(moments[c, 1].Current);
                    results[c].Vega.Add(moments[c, 2].Current);
                    results[c].Rho.Add(moments[c, 3].Current);
                }

                next++;
                progress?.Invoke(i);
            }
        }

        return results;
    }

    /// <summary>About <paramref name="perDecade"/> log-spaced path counts from <paramref name="first"/> to <paramref name="last"/> (both included).</summary>
    public static List<long> Checkpoints(long first, long last, int perDecade)
    {
        var list = new List<long>();
        for (var k = 0; ; k++)
        {
            var n = (long)Math.Round(first * Math.Pow(10, k / (double)perDecade));
            if (n >= last)
            {
                break;
            }

            if (list.Count == 0 || n > list[^1])
            {
                list.Add(n);
            }
        }

        list.Add(last);
        return list;
    }
}
