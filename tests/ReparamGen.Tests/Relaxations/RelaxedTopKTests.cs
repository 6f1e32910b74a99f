using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>The relaxed top-k subset (Xie and Ermon 2019): forward properties, gradients against finite differences, extremes, domain.</summary>
public class RelaxedTopKTests
{
    private readonly ITestOutputHelper output;

    public RelaxedTopKTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void SumsToKAndMatchesThePlainRecursion()
    {
        var rng = new Random(1);
        var worst = 0.0;
        for (var trial = 0; trial < 200; trial++)
        {
            var n = 1 + trial % 10;
            var k = rng.Next(n + 1);
            var temperature = new[] { 0.2, 0.5, 1.0, 3.0 }[trial % 4];
            var logits = Uniform(rng, n, -3, 3);
            var gumbel = Gumbel(rng, n);
            var khot = new double[n];
            Relaxation.RelaxedTopK(logits, gumbel, k, temperature, khot);
            Assert.Equal(k, khot.Sum(), 12);
            Assert.All(khot, v => Assert.True(v >= 0.0));
            var plain = PlainTopK(logits, gumbel, k, temperature);
            worst = Math.Max(worst, khot.Zip(plain, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max());
        }

        // The plain recursion (α += log(1 − p) with p from an unshifted softmax) agrees at moderate τ.
        output.WriteLine($"max |stable − plain recursion| = {worst:E2}");
        Assert.True(worst < 1e-12, $"{worst}");
    }

    [Fact]
    public void SmallTemperatureGivesTheHardTopK()
    {
        var rng = new Random(2);
        var checkedCases = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var n = 2 + trial % 12;
            var k = 1 + rng.Next(n);
            var logits = Uniform(rng, n, -3, 3);
            var gumbel = Gumbel(rng, n);
            var keys = logits.Zip(gumbel, (l, g) => l + g).ToArray();
            var sorted = keys.OrderByDescending(v => v).ToArray();

            // Clear-cut instances only: consecutive keys at least 0.05 apart, so at τ = 1e-3 the leftover weight is ≤ n·e⁻⁵⁰.
            if (sorted.Zip(sorted.Skip(1), (a, b) => a - b).Any(d => d < 0.05))
            {
                continue;
            }

            checkedCases++;
            var khot = new double[n];
            Relaxation.RelaxedTopK(logits, gumbel, k, 1e-3, khot);
            var threshold = sorted[k - 1];
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(keys[i] >= threshold ? 1.0 : 0.0, khot[i], 12);
            }
        }

        Assert.True(checkedCases > 50, $"{checkedCases}");
    }

    [Fact]
    public void GradientsMatchCentralFiniteDifferences()
    {
        // L = Σᵢ uᵢ·khotᵢ. Sixth-order central differences with steps scaled to the temperature, h = 1e-3·τ (for the
        // logits and for τ itself). One step of the recursion varies on the scale τ, but the k steps compound (each
        // step's keys depend on the previous step's softmax), so with close keys the derivatives of high order grow
        // much faster than 1/τⁿ: h = 0.01·τ left errors of 3e-5 relative (k = 6, τ = 0.1, keys 0.05 apart) that
        // shrink as h⁶. With h = 1e-3·τ, truncation is below 1e-10 and rounding ≈ 1.8·ε·|L|/h ≲ 1e-11/τ.
        // Tolerance 1e-7·max(1, |g|).
        var rng = new Random(3);
        var worst = 0.0;
        var worstTemperature = 0.0;
        for (var trial = 0; trial < 60; trial++)
        {
            var n = 2 + trial % 7;
            var k = 1 + rng.Next(n);
            var temperature = new[] { 0.1, 0.5, 1.0, 2.0 }[trial % 4];
            var logits = Uniform(rng, n, -2, 2);
            var gumbel = Gumbel(rng, n);
            var upstream = Uniform(rng, n, -1, 1);
            double Loss(double[] l, double t)
            {
                var khot = new double[n];
                Relaxation.RelaxedTopK(l, gumbel, k, t, khot);
                return khot.Zip(upstream, (a, b) => a * b).Sum();
            }

            var grad = new double[n];
            var gradTemperature = 0.0;
            Relaxation.RelaxedTopKBackward(logits, gumbel, k, temperature, upstream, grad, ref gradTemperature);
            var h = 1e-3 * temperature;
            for (var i = 0; i < n; i++)
            {
                var fd = Derivative(x => Loss(With(logits, i, x), temperature), logits[i], h);
                worst = Math.Max(worst, Math.Abs(grad[i] - fd) / Math.Max(1, Math.Abs(fd)));
                Assert.True(Close(grad[i], fd, 1e-7), $"trial {trial}, i = {i}: {grad[i]} vs {fd}");
            }

            var fdT = Derivative(t => Loss(logits, t), temperature, h);
            worstTemperature = Math.Max(worstTemperature, Math.Abs(gradTemperature - fdT) / Math.Max(1, Math.Abs(fdT)));
            Assert.True(Close(gradTemperature, fdT, 1e-7), $"trial {trial}, τ: {gradTemperature} vs {fdT}");
        }

        output.WriteLine($"relaxed top-k: max relative FD error, logits {worst:E2}, temperature {worstTemperature:E2}");
    }

    [Fact]
    public void TangentMatchesFiniteDifferencesAndTheBackwardPass()
    {
        // Directional derivative along (d, dτ): against a sixth-order central difference (h = 1e-3·τ, as above) of each
        // coordinate, and ⟨u, JVP⟩ against ⟨VJP(u), (d, dτ)⟩ from RelaxedTopKBackward (same quantity, two routes: 1e-12).
        var rng = new Random(13);
        var worst = 0.0;
        for (var trial = 0; trial < 40; trial++)
        {
            var n = 2 + trial % 7;
            var k = 1 + rng.Next(n);
            var temperature = new[] { 0.1, 0.5, 1.0, 2.0 }[trial % 4];
            var logits = Uniform(rng, n, -2, 2);
            var gumbel = Gumbel(rng, n);
            var direction = Uniform(rng, n, -1, 1);
            var dTemperature = rng.NextDouble() - 0.5;
            var upstream = Uniform(rng, n, -1, 1);
            var khot = new double[n];
            var dKhot = new double[n];
            Relaxation.RelaxedTopKTangent(logits, gumbel, k, temperature, khot, direction, dTemperature, dKhot);
            var plain = new double[n];
            Relaxation.RelaxedTopK(logits, gumbel, k, temperature, plain);
            Assert.Equal(plain, khot);
            for (var i = 0; i < n; i++)
            {
                var c = i;
                var fd = Derivative(e =>
                {
                    var y = new double[n];
                    Relaxation.RelaxedTopK(logits.Select((l, m) => l + e * direction[m]).ToArray(), gumbel, k, temperature + e * dTemperature, y);
                    return y[c];
                }, 0.0, 1e-3 * temperature);
                worst = Math.Max(worst, Math.Abs(dKhot[i] - fd) / Math.Max(1, Math.Abs(fd)));
                Assert.True(Close(dKhot[i], fd, 1e-7), $"trial {trial}, i = {i}: {dKhot[i]} vs {fd}");
            }

            var grad = new double[n];
            var gradTemperature = 0.0;
            Relaxation.RelaxedTopKBackward(logits, gumbel, k, temperature, upstream, grad, ref gradTemperature);
            var forward = upstream.Zip(dKhot, (a, b) => a * b).Sum();
            var reverse = grad.Zip(direction, (a, b) => a * b).Sum() + gradTemperature * dTemperature;
            Assert.True(Close(forward, reverse, 1e-12), $"trial {trial}: {forward} vs {reverse}");
        }

        output.WriteLine($"relaxed top-k tangent: max relative FD error {worst:E2}");
    }

    [Fact]
    public void AGeneratedMethodDifferentiatesThroughTheTangentRule()
    {
        // StructuredRelaxationUsers.TopKCost calls RelaxedTopK inside a [Reparameterizable] body; its generated tangent
        // must match a central difference of the method itself (h = 1e-3·τ, tolerance 1e-7 as above).
        var rng = new Random(15);
        for (var trial = 0; trial < 20; trial++)
        {
            var temperature = new[] { 0.2, 0.7, 1.5 }[trial % 3];
            var logits = Uniform(rng, 4, -2, 2);
            var gumbel = Gumbel(rng, 4);
            var dLogits = Uniform(rng, 4, -1, 1);
            var dTemperature = rng.NextDouble() - 0.5;
            var value = StructuredRelaxationUsers.TopKCostTangent(logits, temperature, gumbel, dLogits, dTemperature, out var d);
            Assert.Equal(StructuredRelaxationUsers.TopKCost(logits, temperature, gumbel), value);
            var fd = Derivative(t => StructuredRelaxationUsers.TopKCost(logits.Select((l, i) => l + t * dLogits[i]).ToArray(), temperature + t * dTemperature, gumbel), 0, 1e-3 * temperature);
            Assert.True(Close(d, fd, 1e-7), $"trial {trial}: {d} vs {fd}");
        }
    }

    [Fact]
    public void ExtremeValuesStayFinite()
    {
        var patterns = new[]
        {
            new[] { 1e4, -1e4, 1e4, -1e4, 0.0 },
            Enumerable.Range(0, 100).Select(i => -1e4 + 2e4 * i / 99.0).ToArray(),
            new[] { 1e4, 1e4, 1e4, 1e4 },
            new[] { -1e4, -1e4, -1e4 },
            new[] { -1e4, 1e4 },
        };
        var rng = new Random(4);
        foreach (var logits in patterns)
        {
            var n = logits.Length;
            foreach (var temperature in new[] { 1e-3, 1e-2, 1.0, 1e3 })
            {
                foreach (var k in new[] { 1, (n + 1) / 2, n })
                {
                    var gumbel = Gumbel(rng, n);
                    var khot = new double[n];
                    Relaxation.RelaxedTopK(logits, gumbel, k, temperature, khot);
                    Assert.All(khot, v => Assert.True(double.IsFinite(v)));
                    Assert.Equal(k, khot.Sum(), 9);
                    var grad = new double[n];
                    var gradTemperature = 0.0;
                    Relaxation.RelaxedTopKBackward(logits, gumbel, k, temperature, Uniform(rng, n, -1, 1), grad, ref gradTemperature);
                    var dKhot = new double[n];
                    Relaxation.RelaxedTopKTangent(logits, gumbel, k, temperature, khot, Uniform(rng, n, -1, 1), 1.0, dKhot);
                    Assert.All(dKhot, v => Assert.True(double.IsFinite(v), $"τ = {temperature}, k = {k}"));
                    Assert.All(grad, g => Assert.True(double.IsFinite(g), $"τ = {temperature}, k = {k}"));
                    Assert.True(double.IsFinite(gradTemperature), $"τ = {temperature}, k = {k}");
                }
            }
        }
    }

    [Fact]
    public void DomainErrorsNameTheParameter()
    {
        var logits = new[] { 0.0, 1.0, 2.0 };
        var gumbel = new double[3];
        var khot = new double[3];
        var g = 0.0;
        foreach (var bad in new[] { 0.0, -1.0, double.NaN })
        {
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.RelaxedTopK(logits, gumbel, 1, bad, khot)).ParamName);
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.RelaxedTopKBackward(logits, gumbel, 1, bad, khot, new double[3], ref g)).ParamName);
        }

        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.RelaxedTopK(logits, gumbel, 4, 1.0, khot)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.RelaxedTopK(logits, gumbel, -1, 1.0, khot)).ParamName);
        Assert.Equal("gumbel", Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopK(logits, new double[2], 1, 1.0, khot)).ParamName);
        Assert.Equal("khot", Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopK(logits, gumbel, 1, 1.0, new double[4])).ParamName);
        Assert.Equal("upstream", Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopKBackward(logits, gumbel, 1, 1.0, new double[2], new double[3], ref g)).ParamName);
        Assert.Equal("gradLogits", Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopKBackward(logits, gumbel, 1, 1.0, new double[3], new double[2], ref g)).ParamName);
        Assert.Equal("dKhot", Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopKTangent(logits, gumbel, 1, 1.0, khot, new double[3], 1.0, new double[2])).ParamName);
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Relaxation.RelaxedTopKTangent(logits, gumbel, 1, 0.0, khot, new double[3], 1.0, new double[3])).ParamName);
    }

    [Fact]
    public void ForwardAndBackwardDoNotAllocate()
    {
        var rng = new Random(6);
        // On the stack (k·n + 4n ≤ 2,048), then from the shared array pool (after one warm-up call), up to k = n = 1,024.
        foreach (var (n, k) in new[] { (100, 10), (1024, 1), (1024, 8), (1024, 1024) })
        {
            var logits = Uniform(rng, n, -2, 2);
            var gumbel = Gumbel(rng, n);
            var khot = new double[n];
            var grad = new double[n];
            var g = 0.0;
            Relaxation.RelaxedTopKBackward(logits, gumbel, k, 0.5, khot, grad, ref g);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Relaxation.RelaxedTopK(logits, gumbel, k, 0.5, khot);
            Relaxation.RelaxedTopKBackward(logits, gumbel, k, 0.5, khot, grad, ref g);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>Algorithm 1 of Xie and Ermon (2019) as written: p = exp(α/τ)/Σ exp(α/τ), α ← α + log(1 − p).</summary>
    private static double[] PlainTopK(double[] logits, double[] gumbel, int k, double temperature)
    {
        var n = logits.Length;
        var alpha = logits.Zip(gumbel, (l, g) => l + g).ToArray();
        var khot = new double[n];
        for (var j = 0; j < k; j++)
        {
            var e = alpha.Select(a => Math.Exp(a / temperature)).ToArray();
            var s = e.Sum();
            for (var i = 0; i < n; i++)
            {
                var p = e[i] / s;
                khot[i] += p;
                alpha[i] += Math.Log(1 - p);
            }
        }

        return khot;
    }

    private static double[] With(double[] v, int i, double x)
    {
        var c = (double[])v.Clone();
        c[i] = x;
        return c;
    }
}
