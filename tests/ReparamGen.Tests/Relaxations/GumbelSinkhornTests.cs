using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>Gumbel-Sinkhorn (Mena et al. 2018): marginals, the small-τ limit, the hard matching, gradients, extremes, domain.</summary>
public class GumbelSinkhornTests
{
    private readonly ITestOutputHelper output;

    public GumbelSinkhornTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void RowsAndColumnsSumToOneAndMatchPlainSinkhorn()
    {
        var rng = new Random(1);
        var worstRow = 0.0;
        var worstColumn = 0.0;
        var worstPlain = 0.0;
        for (var trial = 0; trial < 30; trial++)
        {
            var n = 2 + trial % 6;
            var scores = Uniform(rng, n * n, -2, 2);
            var gumbel = Gumbel(rng, n * n);
            var p = new double[n * n];
            Relaxation.GumbelSinkhorn(scores, gumbel, n, 1.0, 100, p);
            for (var i = 0; i < n; i++)
            {
                worstRow = Math.Max(worstRow, Math.Abs(Enumerable.Range(0, n).Sum(j => p[i * n + j]) - 1));
                worstColumn = Math.Max(worstColumn, Math.Abs(Enumerable.Range(0, n).Sum(j => p[j * n + i]) - 1));
            }

            var plain = PlainSinkhorn(scores, gumbel, n, 1.0, 100);
            worstPlain = Math.Max(worstPlain, p.Zip(plain, (a, b) => Math.Abs(a - b)).Max());
        }

        // τ = 1, 100 iterations: the columns are exact up to rounding (the last half-step normalizes them), the rows
        // have converged to within 1e-6 (Sinkhorn's iteration converges linearly; the measured worst is printed: 1.7e-8).
        output.WriteLine($"τ = 1, 100 iterations, n = 2…7: max |row sum − 1| = {worstRow:E2}, max |column sum − 1| = {worstColumn:E2}, max |log-space − plain Sinkhorn| = {worstPlain:E2}");
        Assert.True(worstColumn < 1e-14, $"{worstColumn}");
        Assert.True(worstRow < 1e-6, $"{worstRow}");
        Assert.True(worstPlain < 1e-13, $"{worstPlain}");
    }

    [Fact]
    public void SmallTemperatureGivesTheMaximumWeightMatching()
    {
        // Clear-cut instances: random scores in [0, 1] plus a bonus of 3 on a random permutation, plus Gumbel noise;
        // the matching is checked against brute force over all n! permutations, and the relaxed matrix at τ = 0.03 with
        // 5,000 iterations must be within 1e-3 of its permutation matrix when the best matching beats the second best by
        // at least 0.5 (the Sinkhorn limit then puts weight of order n!·exp(−0.5/τ) ≤ 7e-6 off the permutation; the rest
        // of the error is unfinished iteration, slow at small τ).
        var rng = new Random(2);
        var worst = 0.0;
        var tested = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var n = 2 + trial % 4;
            var planted = PlackettLuceTests.Permutations(n).ElementAt(rng.Next(Enumerable.Range(1, n).Aggregate(1, (a, b) => a * b)));
            var scores = Uniform(rng, n * n, 0, 1);
            for (var i = 0; i < n; i++)
            {
                scores[i * n + planted[i]] += 3.0;
            }

            var gumbel = Gumbel(rng, n * n);
            var (best, margin) = BruteForceMatching(scores, gumbel, n);
            var assignment = new int[n];
            Relaxation.MatchingFromGumbel(scores, gumbel, n, assignment);
            Assert.Equal(best, assignment);
            if (margin < 0.5)
            {
                continue;
            }

            tested++;
            var p = new double[n * n];
            Relaxation.GumbelSinkhorn(scores, gumbel, n, 0.03, 5000, p);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var error = Math.Abs(p[i * n + j] - (best[i] == j ? 1 : 0));
                    worst = Math.Max(worst, error);
                    Assert.True(error < 1e-3, $"trial {trial}: P[{i},{j}] = {p[i * n + j]}");
                }
            }
        }

        output.WriteLine($"τ = 0.03, 5,000 iterations, {tested} instances with matching margin ≥ 0.5: max |P − permutation| = {worst:E2}");
        Assert.True(tested > 10);
    }

    [Fact]
    public void ExactMatchingAgreesWithBruteForceAndGreedyIsAPermutation()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 60; trial++)
        {
            var n = 1 + trial % 7;
            var scores = Uniform(rng, n * n, -1, 1);
            var gumbel = Gumbel(rng, n * n);
            var assignment = new int[n];
            Relaxation.MatchingFromGumbel(scores, gumbel, n, assignment);
            Assert.Equal(BruteForceMatching(scores, gumbel, n).Best, assignment);
        }

        var large = Uniform(rng, 20 * 20, -1, 1);
        var greedy = new int[20];
        Relaxation.MatchingFromGumbel(large, new double[400], 20, greedy);
        Assert.Equal(Enumerable.Range(0, 20), greedy.OrderBy(v => v));
    }

    [Fact]
    public void GradientsMatchCentralFiniteDifferences()
    {
        // L = Σ uᵢⱼ Pᵢⱼ after 20 iterations. Sixth-order central differences, h = 0.01·τ (P varies on the scale τ):
        // truncation ≈ (h/τ)⁶ ≈ 1e-12, rounding ≈ 1.8·ε·|L|/h ≲ 1e-12/τ. Tolerance 1e-7·max(1, |g|).
        var rng = new Random(4);
        var worst = 0.0;
        var worstTemperature = 0.0;
        for (var trial = 0; trial < 24; trial++)
        {
            var n = 2 + trial % 3;
            var temperature = new[] { 0.3, 1.0, 2.0 }[trial % 3];
            var scores = Uniform(rng, n * n, -1, 1);
            var gumbel = Gumbel(rng, n * n);
            var upstream = Uniform(rng, n * n, -1, 1);
            const int Iterations = 20;
            double Loss(double[] s, double t)
            {
                var p = new double[n * n];
                Relaxation.GumbelSinkhorn(s, gumbel, n, t, Iterations, p);
                return p.Zip(upstream, (a, b) => a * b).Sum();
            }

            var grad = new double[n * n];
            var gradTemperature = 0.0;
            Relaxation.GumbelSinkhornBackward(scores, gumbel, n, temperature, Iterations, upstream, grad, ref gradTemperature);
            var h = 0.01 * temperature;
            for (var i = 0; i < n * n; i++)
            {
                var fd = Derivative(x => Loss(With(scores, i, x), temperature), scores[i], h);
                worst = Math.Max(worst, Math.Abs(grad[i] - fd) / Math.Max(1, Math.Abs(fd)));
                Assert.True(Close(grad[i], fd, 1e-7), $"trial {trial}, entry {i}: {grad[i]} vs {fd}");
            }

            var fdT = Derivative(t => Loss(scores, t), temperature, h);
            worstTemperature = Math.Max(worstTemperature, Math.Abs(gradTemperature - fdT) / Math.Max(1, Math.Abs(fdT)));
            Assert.True(Close(gradTemperature, fdT, 1e-7), $"trial {trial}, τ: {gradTemperature} vs {fdT}");
        }

        output.WriteLine($"Gumbel-Sinkhorn: max relative FD error, scores {worst:E2}, temperature {worstTemperature:E2}");
    }

    [Fact]
    public void TangentMatchesFiniteDifferencesAndTheBackwardPass()
    {
        // Directional derivative along (dScores, dτ): against a sixth-order central difference (h = 0.01·τ, as above) of
        // each entry, and ⟨u, JVP⟩ against ⟨VJP(u), direction⟩ from GumbelSinkhornBackward (two routes, 1e-12).
        var rng = new Random(14);
        var worst = 0.0;
        for (var trial = 0; trial < 24; trial++)
        {
            var n = 2 + trial % 3;
            var temperature = new[] { 0.3, 1.0, 2.0 }[trial % 3];
            var scores = Uniform(rng, n * n, -1, 1);
            var gumbel = Gumbel(rng, n * n);
            var direction = Uniform(rng, n * n, -1, 1);
            var dTemperature = rng.NextDouble() - 0.5;
            var upstream = Uniform(rng, n * n, -1, 1);
            var p = new double[n * n];
            var dp = new double[n * n];
            Relaxation.GumbelSinkhornTangent(scores, gumbel, n, temperature, 20, p, direction, dTemperature, dp);
            var plain = new double[n * n];
            Relaxation.GumbelSinkhorn(scores, gumbel, n, temperature, 20, plain);
            Assert.Equal(plain, p);
            for (var i = 0; i < n * n; i++)
            {
                var c = i;
                var fd = Derivative(e =>
                {
                    var y = new double[n * n];
                    Relaxation.GumbelSinkhorn(scores.Select((v, m) => v + e * direction[m]).ToArray(), gumbel, n, temperature + e * dTemperature, 20, y);
                    return y[c];
                }, 0.0, 0.01 * temperature);
                worst = Math.Max(worst, Math.Abs(dp[i] - fd) / Math.Max(1, Math.Abs(fd)));
                Assert.True(Close(dp[i], fd, 1e-7), $"trial {trial}, entry {i}: {dp[i]} vs {fd}");
            }

            var grad = new double[n * n];
            var gradTemperature = 0.0;
            Relaxation.GumbelSinkhornBackward(scores, gumbel, n, temperature, 20, upstream, grad, ref gradTemperature);
            var forward = upstream.Zip(dp, (a, b) => a * b).Sum();
            var reverse = grad.Zip(direction, (a, b) => a * b).Sum() + gradTemperature * dTemperature;
            Assert.True(Close(forward, reverse, 1e-12), $"trial {trial}: {forward} vs {reverse}");
        }

        output.WriteLine($"Gumbel-Sinkhorn tangent: max relative FD error {worst:E2}");
    }

    [Fact]
    public void AGeneratedMethodDifferentiatesThroughTheTangentRule()
    {
        // StructuredRelaxationUsers.SinkhornCost calls GumbelSinkhorn inside a [Reparameterizable] body.
        var rng = new Random(16);
        for (var trial = 0; trial < 20; trial++)
        {
            var temperature = new[] { 0.3, 1.0, 2.0 }[trial % 3];
            var scores = Uniform(rng, 4, -1, 1);
            var gumbel = Gumbel(rng, 4);
            var dScores = Uniform(rng, 4, -1, 1);
            var dTemperature = rng.NextDouble() - 0.5;
            var value = StructuredRelaxationUsers.SinkhornCostTangent(scores, temperature, gumbel, dScores, dTemperature, out var d);
            Assert.Equal(StructuredRelaxationUsers.SinkhornCost(scores, temperature, gumbel), value);
            var fd = Derivative(t => StructuredRelaxationUsers.SinkhornCost(scores.Select((l, i) => l + t * dScores[i]).ToArray(), temperature + t * dTemperature, gumbel), 0, 0.01 * temperature);
            Assert.True(Close(d, fd, 1e-7), $"trial {trial}: {d} vs {fd}");
        }
    }

    [Fact]
    public void ExtremeValuesStayFinite()
    {
        var rng = new Random(5);
        foreach (var n in new[] { 1, 2, 5, 12 })
        {
            var patterns = new[]
            {
                Enumerable.Range(0, n * n).Select(i => i % 2 == 0 ? 1e4 : -1e4).ToArray(),
                Enumerable.Repeat(1e4, n * n).ToArray(),
                Enumerable.Repeat(-1e4, n * n).ToArray(),
                Enumerable.Range(0, n * n).Select(i => -1e4 + 2e4 * rng.NextDouble()).ToArray(),
            };
            foreach (var scores in patterns)
            {
                foreach (var temperature in new[] { 1e-3, 1e-2, 1.0, 1e3 })
                {
                    var gumbel = Gumbel(rng, n * n);
                    var p = new double[n * n];
                    Relaxation.GumbelSinkhorn(scores, gumbel, n, temperature, 10, p);
                    Assert.All(p, v => Assert.True(double.IsFinite(v) && v >= 0 && v <= 1 + 1e-12));
                    var grad = new double[n * n];
                    var gradTemperature = 0.0;
                    Relaxation.GumbelSinkhornBackward(scores, gumbel, n, temperature, 10, Uniform(rng, n * n, -1, 1), grad, ref gradTemperature);
                    var dp = new double[n * n];
                    Relaxation.GumbelSinkhornTangent(scores, gumbel, n, temperature, 10, p, Uniform(rng, n * n, -1, 1), 1.0, dp);
                    Assert.All(dp, v => Assert.True(double.IsFinite(v), $"n = {n}, τ = {temperature}"));
                    Assert.All(grad, g => Assert.True(double.IsFinite(g), $"n = {n}, τ = {temperature}"));
                    Assert.True(double.IsFinite(gradTemperature), $"n = {n}, τ = {temperature}");
                }
            }
        }
    }

    [Fact]
    public void NothingAllocatesAfterTheFirstCall()
    {
        // The backward pass and the exact matching rent from the shared array pool; the forward pass and the tangent use
        // only their outputs.
        var rng = new Random(18);
        const int N = 12;
        var scores = Uniform(rng, N * N, -1, 1);
        var gumbel = Gumbel(rng, N * N);
        var p = new double[N * N];
        var dp = new double[N * N];
        var grad = new double[N * N];
        var assignment = new int[N];
        var g = 0.0;
        Relaxation.GumbelSinkhornBackward(scores, gumbel, N, 0.5, 30, p, grad, ref g);
        Relaxation.MatchingFromGumbel(scores, gumbel, N, assignment);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Relaxation.GumbelSinkhorn(scores, gumbel, N, 0.5, 30, p);
        Relaxation.GumbelSinkhornTangent(scores, gumbel, N, 0.5, 30, p, scores, 1.0, dp);
        Relaxation.GumbelSinkhornBackward(scores, gumbel, N, 0.5, 30, p, grad, ref g);
        Relaxation.MatchingFromGumbel(scores, gumbel, N, assignment);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void DomainErrorsNameTheParameter()
    {
        var s = new double[4];
        var p = new double[4];
        var g = 0.0;
        foreach (var bad in new[] { 0.0, -1.0, double.NaN })
        {
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.GumbelSinkhorn(s, s, 2, bad, 5, p)).ParamName);
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.GumbelSinkhornBackward(s, s, 2, bad, 5, s, p, ref g)).ParamName);
        }

        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.GumbelSinkhorn(s, s, 2, 1.0, 0, p)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.GumbelSinkhorn(s, s, -1, 1.0, 5, p)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => Relaxation.GumbelSinkhorn(new double[3], s, 2, 1.0, 5, p)).ParamName);
        Assert.Equal("gumbel", Assert.Throws<ArgumentException>(() => Relaxation.GumbelSinkhorn(s, new double[3], 2, 1.0, 5, p)).ParamName);
        Assert.Equal("doublyStochastic", Assert.Throws<ArgumentException>(() => Relaxation.GumbelSinkhorn(s, s, 2, 1.0, 5, new double[5])).ParamName);
        Assert.Equal("upstream", Assert.Throws<ArgumentException>(() => Relaxation.GumbelSinkhornBackward(s, s, 2, 1.0, 5, new double[3], p, ref g)).ParamName);
        Assert.Equal("gradScores", Assert.Throws<ArgumentException>(() => Relaxation.GumbelSinkhornBackward(s, s, 2, 1.0, 5, s, new double[3], ref g)).ParamName);
        Assert.Equal("assignment", Assert.Throws<ArgumentException>(() => Relaxation.MatchingFromGumbel(s, s, 2, new int[3])).ParamName);
    }

    /// <summary>Sinkhorn's original iteration on exp((scores + γ)/τ): divide by row sums, then column sums, no logarithms.</summary>
    private static double[] PlainSinkhorn(double[] scores, double[] gumbel, int n, double temperature, int iterations)
    {
        var p = scores.Zip(gumbel, (s, g) => Math.Exp((s + g) / temperature)).ToArray();
        for (var t = 0; t < iterations; t++)
        {
            for (var i = 0; i < n; i++)
            {
                var sum = Enumerable.Range(0, n).Sum(j => p[i * n + j]);
                for (var j = 0; j < n; j++)
                {
                    p[i * n + j] /= sum;
                }
            }

            for (var j = 0; j < n; j++)
            {
                var sum = Enumerable.Range(0, n).Sum(i => p[i * n + j]);
                for (var i = 0; i < n; i++)
                {
                    p[i * n + j] /= sum;
                }
            }
        }

        return p;
    }

    /// <summary>The best permutation over all n!, and its weight's margin over the second best.</summary>
    private static (int[] Best, double Margin) BruteForceMatching(double[] scores, double[] gumbel, int n)
    {
        var ranked = PlackettLuceTests.Permutations(n)
            .Select(r => (r, w: Enumerable.Range(0, n).Sum(i => scores[i * n + r[i]] + gumbel[i * n + r[i]])))
            .OrderByDescending(t => t.w)
            .ToArray();
        return (ranked[0].r, ranked.Length > 1 ? ranked[0].w - ranked[1].w : double.PositiveInfinity);
    }

    private static double[] With(double[] v, int i, double x)
    {
        var c = (double[])v.Clone();
        c[i] = x;
        return c;
    }
}
