using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;
using Xunit.Abstractions;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>Plackett–Luce: Gumbel top-k sampling against the exact ranking probabilities, log-probability and its gradient.</summary>
public class PlackettLuceTests
{
    private static readonly double[] Logits = { 0.5, -0.3, 1.2, 0.0 };

    // Upper 0.1% points of χ² (tables, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4): 23 degrees of freedom (24 rankings
    // of 4 items) 49.728; 11 degrees of freedom (12 ordered pairs, the top-2 of 4 items) 31.264. Fixed seeds make the
    // tests deterministic; a correct sampler passes with probability 0.999 over seeds.
    private const double ChiSquareCritical23 = 49.728;
    private const double ChiSquareCritical11 = 31.264;

    private readonly ITestOutputHelper output;

    public PlackettLuceTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void FullRankingFrequenciesMatchExactProbabilities()
    {
        var (rankings, counts) = DrawRankings(new Random(2026), Logits, 4, 100_000);
        var chi = ChiSquare(counts, rankings.Select(r => ProductProbability(Logits, r)).ToArray());
        output.WriteLine($"full rankings, n = 4, 1e5 draws: χ² = {chi:F2} (23 df, critical 49.728 at α = 0.001)");
        Assert.True(chi < ChiSquareCritical23, $"χ² = {chi}");
    }

    [Fact]
    public void ChiSquareRejectsWrongLogits()
    {
        // Control: the same draws tested against logits with two items' weights swapped (0.0 ↔ −0.3) must be rejected.
        var (rankings, counts) = DrawRankings(new Random(2026), Logits, 4, 100_000);
        var wrong = new[] { 0.5, 0.0, 1.2, -0.3 };
        var chi = ChiSquare(counts, rankings.Select(r => ProductProbability(wrong, r)).ToArray());
        output.WriteLine($"negative control (two logits swapped): χ² = {chi:F1}");
        Assert.True(chi > ChiSquareCritical23, $"χ² = {chi}");
    }

    [Fact]
    public void TopTwoFrequenciesMatchTheExactMarginal()
    {
        var (pairs, counts) = DrawRankings(new Random(7), Logits, 2, 100_000);

        // Exact marginal of the first two places: the sum over the full rankings that start with them.
        var all = Permutations(4).ToArray();
        var expected = pairs.Select(p => all.Where(r => r[0] == p[0] && r[1] == p[1]).Sum(r => ProductProbability(Logits, r))).ToArray();
        var chi = ChiSquare(counts, expected);
        output.WriteLine($"top-2 of 4, 1e5 draws: χ² = {chi:F2} (11 df, critical 31.264 at α = 0.001)");
        Assert.True(chi < ChiSquareCritical11, $"χ² = {chi}");
    }

    [Fact]
    public void ProbabilitiesOfAllRankingsSumToOneAndMatchTheProductFormula()
    {
        foreach (var logits in new[] { Logits, new[] { 3.0, -2.0, 0.1, 0.7, -0.4 } })
        {
            var n = logits.Length;
            var total = 0.0;
            foreach (var r in Permutations(n))
            {
                var lp = PlackettLuce.LogProbability(logits, r);
                var expected = ProductProbability(logits, r);
                Assert.True(Math.Abs(Math.Exp(lp) - expected) <= 1e-14 * expected + 1e-300, $"{string.Join(",", r)}: {Math.Exp(lp)} vs {expected}");
                total += Math.Exp(lp);
            }

            Assert.Equal(1.0, total, 13);
        }
    }

    [Fact]
    public void PartialRankingLogProbabilityIsTheMarginalOfFullRankings()
    {
        var logits = new[] { 3.0, -2.0, 0.1, 0.7, -0.4 };
        var all = Permutations(5).ToArray();
        foreach (var k in new[] { 0, 1, 2, 3, 4, 5 })
        {
            foreach (var prefix in all.Select(r => r.Take(k).ToArray()).DistinctBy(p => string.Join(",", p)))
            {
                var marginal = all.Where(r => r.Take(k).SequenceEqual(prefix)).Sum(r => ProductProbability(logits, r));
                var lp = PlackettLuce.LogProbability(logits, prefix);
                Assert.True(Math.Abs(Math.Exp(lp) - marginal) <= 1e-13 * marginal, $"k = {k}, {string.Join(",", prefix)}: {Math.Exp(lp)} vs {marginal}");
            }
        }
    }

    [Fact]
    public void GradientMatchesCentralFiniteDifferences()
    {
        // Sixth-order central differences with h = 1e-3: truncation ≈ h⁶·|f⁽⁷⁾| (≲ 1e-16 here, the log-probability
        // is a log-sum-exp with bounded derivatives) and rounding ≈ 1.8·ε·|f|/h ≲ 1e-11 for |f| ≲ 30, so 1e-9 is loose.
        var rng = new Random(5);
        var worst = 0.0;
        for (var trial = 0; trial < 40; trial++)
        {
            var n = 2 + trial % 6;
            var logits = Uniform(rng, n, -4, 4);
            var k = 1 + rng.Next(n);
            var ranking = Permutations(n).ElementAt(rng.Next(Factorial(n))).Take(k).ToArray();
            var grad = new double[n];
            PlackettLuce.LogProbabilityBackward(logits, ranking, 1.0, grad);
            for (var i = 0; i < n; i++)
            {
                var fd = Derivative(x => PlackettLuce.LogProbability(With(logits, i, x), ranking), logits[i], 1e-3);
                worst = Math.Max(worst, Math.Abs(grad[i] - fd));
                Assert.True(Math.Abs(grad[i] - fd) <= 1e-9, $"trial {trial}, i = {i}: {grad[i]} vs {fd}");
            }

            var direction = Uniform(rng, n, -1, 1);
            var value = PlackettLuce.LogProbabilityTangent(logits, ranking, direction, out var dLogP);
            Assert.Equal(PlackettLuce.LogProbability(logits, ranking), value);
            Assert.Equal(grad.Zip(direction, (a, b) => a * b).Sum(), dLogP, 12);

            // Seed scaling and accumulation.
            var twice = (double[])grad.Clone();
            PlackettLuce.LogProbabilityBackward(logits, ranking, 2.0, twice);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(3 * grad[i], twice[i], 12);
            }
        }

        output.WriteLine($"log-probability gradient: max |analytic − FD| = {worst:E2}");
    }

    [Fact]
    public void AGeneratedMethodDifferentiatesThroughTheTangentRule()
    {
        // StructuredRelaxationUsers.RankingScore = 2·LogProbability inside a [Differentiable] body.
        var rng = new Random(17);
        var ranking = new[] { 2, 0, 3 };
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = Uniform(rng, 5, -3, 3);
            var dLogits = Uniform(rng, 5, -1, 1);
            var value = StructuredRelaxationUsers.RankingScoreTangent(logits, ranking, dLogits, out var d);
            Assert.Equal(2 * PlackettLuce.LogProbability(logits, ranking), value);
            var fd = Derivative(t => StructuredRelaxationUsers.RankingScore(logits.Select((l, i) => l + t * dLogits[i]).ToArray(), ranking), 0, 1e-3);
            Assert.True(Math.Abs(d - fd) <= 1e-9, $"trial {trial}: {d} vs {fd}");
        }
    }

    [Fact]
    public void ExtremeLogitsGiveFiniteValuesAndGradients()
    {
        var patterns = new[]
        {
            new[] { 1e4, -1e4, 1e4, -1e4, 0.0 },
            Enumerable.Range(0, 100).Select(i => -1e4 + 2e4 * i / 99.0).ToArray(),
            new[] { 1e4, 1e4, 1e4 },
        };
        var rng = new Random(3);
        foreach (var logits in patterns)
        {
            var n = logits.Length;
            foreach (var k in new[] { 1, n / 2, n })
            {
                var ranking = new int[k];
                PlackettLuce.Sample(logits, rng, ranking);
                Assert.Equal(k, ranking.Distinct().Count());

                // The sampled ranking and its reverse (very improbable, still finite).
                foreach (var r in new[] { ranking, ranking.Reverse().ToArray() })
                {
                    var lp = PlackettLuce.LogProbability(logits, r);
                    Assert.True(double.IsFinite(lp) && lp <= 0, $"{lp}");
                    var grad = new double[n];
                    PlackettLuce.LogProbabilityBackward(logits, r, 1.0, grad);
                    Assert.All(grad, g => Assert.True(double.IsFinite(g)));
                }
            }
        }
    }

    [Fact]
    public void MaskedItemsComeLastAndKeepTheProbabilitiesOfTheOthers()
    {
        var logits = new[] { 0.5, double.NegativeInfinity, -0.2, double.NegativeInfinity };
        var rng = new Random(8);
        var ranking = new int[4];
        for (var d = 0; d < 200; d++)
        {
            PlackettLuce.Sample(logits, rng, ranking);
            Assert.Equal(new[] { 0, 2 }, ranking.Take(2).Order());
        }

        // The two finite items ranked first: the masked tail is forced (log 1); a masked item first has probability 0.
        var lp = PlackettLuce.LogProbability(logits, new[] { 0, 2, 1, 3 });
        Assert.Equal(Math.Log(Math.Exp(0.5) / (Math.Exp(0.5) + Math.Exp(-0.2))), lp, 14);
        Assert.Equal(double.NegativeInfinity, PlackettLuce.LogProbability(logits, new[] { 1, 0 }));
        var grad = new double[4];
        PlackettLuce.LogProbabilityBackward(logits, new[] { 0, 2, 1, 3 }, 1.0, grad);
        Assert.Equal(0.0, grad[1]);
        Assert.Equal(0.0, grad[3]);
        Assert.Equal(1.0 - Math.Exp(0.5) / (Math.Exp(0.5) + Math.Exp(-0.2)), grad[0], 14);
    }

    [Fact]
    public void SampleFromGumbelIsTheDescendingOrderOfPerturbedLogits()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 100; trial++)
        {
            var n = 1 + trial % 9;
            var logits = Uniform(rng, n, -3, 3);
            var gumbel = Gumbel(rng, n);
            var ranking = new int[n];
            PlackettLuce.SampleFromGumbel(logits, gumbel, ranking);
            var expected = Enumerable.Range(0, n).OrderByDescending(i => logits[i] + gumbel[i]).ToArray();
            Assert.Equal(expected, ranking);
        }
    }

    [Fact]
    public void DomainErrorsNameTheParameter()
    {
        var logits = new[] { 0.0, 1.0, 2.0 };
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => PlackettLuce.Sample(logits, new Random(1), new int[4])).ParamName);
        Assert.Equal("gumbel", Assert.Throws<ArgumentException>(() => PlackettLuce.SampleFromGumbel(logits, new double[2], new int[3])).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => PlackettLuce.LogProbability(logits, new[] { 0, 0 })).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => PlackettLuce.LogProbability(logits, new[] { 3 })).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => PlackettLuce.LogProbability(logits, new[] { 0, 1, 2, 0 })).ParamName);
        Assert.Equal("gradLogits", Assert.Throws<ArgumentException>(() => PlackettLuce.LogProbabilityBackward(logits, new[] { 0 }, 1.0, new double[2])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => PlackettLuce.LogProbability(new[] { 0.0, double.NaN }, new[] { 0 })).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => PlackettLuce.Sample(logits, null!, new int[3])).ParamName);
    }

    [Fact]
    public void SamplingDoesNotAllocate()
    {
        var logits = Uniform(new Random(1), 200, -2, 2);
        var ranking = new int[200];
        var rng = new Random(2);
        PlackettLuce.Sample(logits, rng, ranking);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            PlackettLuce.Sample(logits, rng, ranking);
            _ = PlackettLuce.LogProbability(logits, ranking);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Π_i exp(s_{πᵢ}) / Σ_{j ∉ π₀…πᵢ₋₁} exp(sⱼ), in plain arithmetic (no logarithms): the definition.</summary>
    internal static double ProductProbability(double[] logits, int[] ranking)
    {
        var remaining = Enumerable.Range(0, logits.Length).ToList();
        var p = 1.0;
        foreach (var item in ranking)
        {
            p *= Math.Exp(logits[item]) / remaining.Sum(j => Math.Exp(logits[j]));
            remaining.Remove(item);
        }

        return p;
    }

    internal static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0)
        {
            yield return Array.Empty<int>();
            yield break;
        }

        foreach (var rest in Permutations(n - 1))
        {
            for (var position = 0; position <= rest.Length; position++)
            {
                var r = new int[n];
                rest.AsSpan(0, position).CopyTo(r);
                r[position] = n - 1;
                rest.AsSpan(position).CopyTo(r.AsSpan(position + 1));
                yield return r;
            }
        }
    }

    internal static double ChiSquare(long[] counts, double[] probabilities)
    {
        var total = counts.Sum();
        return counts.Select((c, i) => (c - total * probabilities[i]) * (c - total * probabilities[i]) / (total * probabilities[i])).Sum();
    }

    private static (int[][] Keys, long[] Counts) DrawRankings(Random rng, double[] logits, int k, int draws)
    {
        var keys = Permutations(logits.Length).Select(r => r.Take(k).ToArray()).DistinctBy(r => string.Join(",", r)).ToArray();
        var index = keys.Select((r, i) => (Key: string.Join(",", r), i)).ToDictionary(t => t.Key, t => t.i);
        var counts = new long[keys.Length];
        var ranking = new int[k];
        for (var d = 0; d < draws; d++)
        {
            PlackettLuce.Sample(logits, rng, ranking);
            counts[index[string.Join(",", ranking)]]++;
        }

        return (keys, counts);
    }

    private static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    private static double[] With(double[] v, int i, double x)
    {
        var c = (double[])v.Clone();
        c[i] = x;
        return c;
    }
}
