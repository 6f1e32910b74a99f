using System;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// <see cref="NormalMixture"/> and <see cref="DiagonalNormalMixture"/>: KS test of the sampler (with a negative
/// control), implicit gradients against central finite differences of the sample at a fixed CDF value (found by
/// bisection), Monte Carlo of moment derivatives within 4 standard errors (with a biased-gradient control), the
/// multivariate standardization's Jacobian and tangents against finite differences and against the univariate
/// closed form, far tails, domain errors and NaN propagation.
/// </summary>
public sealed class NormalMixtureTests
{
    private const int Draws = 100_000;
    private static readonly double[] Logits = [0.3, -0.5, 0.1];
    private static readonly double[] Means = [-2.0, 0.5, 3.0];
    private static readonly double[] StdDevs = [0.7, 1.2, 0.5];
    private readonly ITestOutputHelper output;

    public NormalMixtureTests(ITestOutputHelper output) => this.output = output;

    private static double[] Weights(double[] logits)
    {
        var top = logits.Max();
        var e = logits.Select(l => Math.Exp(l - top)).ToArray();
        var s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    [Fact]
    public void Sampler_passes_KS_and_a_shifted_cdf_is_rejected()
    {
        var rng = new Random(12);
        var samples = new double[Draws];
        for (var i = 0; i < Draws; i++)
        {
            samples[i] = NormalMixture.Sample(Logits, Means, StdDevs, rng);
        }

        var critical = KolmogorovSmirnov.CriticalValue(Draws, 0.001);
        var d = KolmogorovSmirnov.Statistic(samples, z => NormalMixture.Cdf(z, Logits, Means, StdDevs));
        double[] shifted = [Means[0], Means[1] + 0.2, Means[2]];
        var dWrong = KolmogorovSmirnov.Statistic(samples, z => NormalMixture.Cdf(z, Logits, shifted, StdDevs));
        output.WriteLine($"KS D = {d:G4}, control D = {dWrong:G4}, critical {critical:G4} (α = 0.001, n = {Draws})");
        Assert.True(d < critical, $"D = {d} ≥ {critical}");
        Assert.True(dWrong > critical, $"control D = {dWrong} not rejected");
    }

    [Fact]
    public void Cdf_density_and_survival_are_consistent()
    {
        foreach (var z in new[] { -9.0, -2.5, 0.0, 1.0, 3.3, 9.0 })
        {
            var f = NormalMixture.Cdf(z, Logits, Means, StdDevs);
            var g = NormalMixture.SurvivalFunction(z, Logits, Means, StdDevs);
            Assert.Equal(1.0, f + g, 14);
            const double h = 1e-5;
            var slope = (NormalMixture.Cdf(z + h, Logits, Means, StdDevs) - NormalMixture.Cdf(z - h, Logits, Means, StdDevs)) / (2 * h);
            var q = NormalMixture.Density(z, Logits, Means, StdDevs);
            Assert.True(Math.Abs(slope - q) <= 1e-8 * Math.Max(q, 1e-3), $"z = {z}: dF/dz {slope} vs q {q}");
        }
    }

    /// <summary>z(λ) at fixed u by bisection on the CDF (or on the survival function above the median).</summary>
    private static double Quantile(double u, double[] logits, double[] means, double[] stdDevs)
    {
        double lo = -60, hi = 60;
        var upper = u > 0.5;
        for (var i = 0; i < 400; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi)
            {
                break;
            }

            var below = upper
                ? NormalMixture.SurvivalFunction(mid, logits, means, stdDevs) > 1 - u
                : NormalMixture.Cdf(mid, logits, means, stdDevs) < u;
            if (below)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    [Fact]
    public void Gradient_matches_finite_differences_of_the_quantile_at_fixed_u()
    {
        // Central differences with h = 1e-5: truncation O(h²) ≈ 1e-10, bisection rounding ≈ 1e-16/h; bar 1e-7.
        const double h = 1e-5;
        var worst = 0.0;
        var k = Logits.Length;
        foreach (var u in new[] { 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6 })
        {
            var z = Quantile(u, Logits, Means, StdDevs);
            var dL = new double[k];
            var dM = new double[k];
            var dS = new double[k];
            NormalMixture.SampleGradientAt(z, Logits, Means, StdDevs, dL, dM, dS);
            for (var p = 0; p < 3 * k; p++)
            {
                double Z(double step)
                {
                    var l = (double[])Logits.Clone();
                    var m = (double[])Means.Clone();
                    var s = (double[])StdDevs.Clone();
                    (p < k ? l : p < 2 * k ? m : s)[p % k] += step;
                    return Quantile(u, l, m, s);
                }

                var fd = (Z(h) - Z(-h)) / (2 * h);
                var g = p < k ? dL[p] : p < 2 * k ? dM[p - k] : dS[p - 2 * k];
                var err = Math.Abs(g - fd) / Math.Max(1, Math.Abs(fd));
                worst = Math.Max(worst, err);
                Assert.True(err < 1e-7, $"u = {u}, parameter {p}: {g} vs finite difference {fd}");
            }

            Assert.Equal(0.0, dL.Sum(), 12);   // shifting every logit changes nothing
            Assert.Equal(1.0, dM.Sum(), 12);   // shifting every mean moves z by the same amount
        }

        output.WriteLine($"worst error against finite differences of the quantile: {worst:G3} (bar 1e-7)");
    }

    [Fact]
    public void Monte_Carlo_moment_derivatives_within_4_standard_errors_and_a_biased_gradient_is_rejected()
    {
        var rng = new Random(7);
        var k = Logits.Length;
        var w = Weights(Logits);
        var mean = w.Zip(Means, (a, b) => a * b).Sum();
        var sum = new double[3 * k];
        var sumSq = new double[3 * k];
        double biasedSum = 0, biasedSq = 0;
        var dL = new double[k];
        var dM = new double[k];
        var dS = new double[k];
        for (var i = 0; i < Draws; i++)
        {
            var z = NormalMixture.SampleWithGradient(Logits, Means, StdDevs, rng, dL, dM, dS);
            for (var j = 0; j < k; j++)
            {
                Add(j, dL[j]);
                Add(k + j, dM[j]);
                Add((2 * k) + j, 2 * z * dS[j]);
            }

            // Control: dMeans as responsibilities rescaled by 1.03 (a 3 % bias), tested against w_0.
            var b = 1.03 * dM[0];
            biasedSum += b;
            biasedSq += b * b;
        }

        void Add(int index, double x)
        {
            sum[index] += x;
            sumSq[index] += x * x;
        }

        double Score(double s, double sq, double expected)
        {
            var m = s / Draws;
            var se = Math.Sqrt(((sq / Draws) - (m * m)) / (Draws - 1));
            return (m - expected) / se;
        }

        for (var j = 0; j < k; j++)
        {
            var expected = new[] { w[j] * (Means[j] - mean), w[j], 2 * w[j] * StdDevs[j] };
            for (var c = 0; c < 3; c++)
            {
                var index = (c * k) + j;
                var score = Score(sum[index], sumSq[index], expected[c]);
                output.WriteLine($"{new[] { "dLogit", "dMean", "2z·dStdDev" }[c]}[{j}]: mean {sum[index] / Draws:G6}, expected {expected[c]:G6}, {score:F2} SE");
                Assert.True(Math.Abs(score) < 4, $"component {j}, kind {c}: {score:F2} SE");
            }
        }

        var biasedScore = Score(biasedSum, biasedSq, w[0]);
        output.WriteLine($"biased control: {biasedScore:F2} SE");
        Assert.True(Math.Abs(biasedScore) > 4, $"biased gradient not rejected ({biasedScore:F2} SE)");
    }

    [Fact]
    public void Far_tails_give_finite_gradients()
    {
        var k = Logits.Length;
        var hi = Enumerable.Range(0, k).Max(j => Means[j] + (10 * StdDevs[j]));
        var lo = Enumerable.Range(0, k).Min(j => Means[j] - (10 * StdDevs[j]));
        foreach (var z in new[] { lo, hi, lo - 20, hi + 20 })
        {
            var dL = new double[k];
            var dM = new double[k];
            var dS = new double[k];
            NormalMixture.SampleGradientAt(z, Logits, Means, StdDevs, dL, dM, dS);
            output.WriteLine($"z = {z}: dLogits [{string.Join(", ", dL.Select(x => x.ToString("G4")))}], dMeans [{string.Join(", ", dM.Select(x => x.ToString("G4")))}]");
            Assert.All(dL.Concat(dM).Concat(dS), x => Assert.True(double.IsFinite(x)));
            Assert.Equal(1.0, dM.Sum(), 12);
            Assert.True(double.IsFinite(NormalMixture.LogDensity(z, Logits, Means, StdDevs)));
        }

        // Hundreds of σ out the density underflows; the widest component (k = 1) dominates and Mills' ratio gives
        // ∂z/∂logit₁ → (w₁ − 1)σ₁Φ(t₁)/φ(t₁) ≈ (w₁ − 1)σ₁/|t₁|·(1 − 1/t₁²), ∂z/∂μ₁ → 1, ∂z/∂σ₁ → t₁.
        foreach (var far in new[] { -400.0, 400.0 })
        {
            var dL = new double[k];
            var dM = new double[k];
            var dS = new double[k];
            NormalMixture.SampleGradientAt(far, Logits, Means, StdDevs, dL, dM, dS);
            var t1 = (far - Means[1]) / StdDevs[1];
            var w1 = Weights(Logits)[1];
            var asymptote = Math.Sign(-far) * (w1 - 1) * StdDevs[1] / Math.Abs(t1) * (1 - (1 / (t1 * t1)));
            output.WriteLine($"z = {far}: dLogits[1] = {dL[1]:R}, asymptote {asymptote:R}");
            Assert.True(Math.Abs(dL[1] - asymptote) < 1e-4 * Math.Abs(asymptote), $"{dL[1]} vs {asymptote}");
            Assert.Equal(0.0, dL.Sum(), 12);
            Assert.Equal(1.0, dM[1], 12);
            Assert.Equal(t1, dS[1], 9);
        }

        // At 10σ the logit derivative still matches finite differences of the quantile.
        var u = NormalMixture.Cdf(lo, Logits, Means, StdDevs);
        var z0 = Quantile(u, Logits, Means, StdDevs);
        var g = new double[k];
        NormalMixture.SampleGradientAt(z0, Logits, Means, StdDevs, g, new double[k], new double[k]);
        double[] plus = [Logits[0] + 1e-5, Logits[1], Logits[2]], minus = [Logits[0] - 1e-5, Logits[1], Logits[2]];
        var fd = (Quantile(u, plus, Means, StdDevs) - Quantile(u, minus, Means, StdDevs)) / 2e-5;
        Assert.True(Math.Abs(g[0] - fd) < 1e-6 * Math.Max(1, Math.Abs(fd)), $"{g[0]} vs {fd}");
    }

    [Fact]
    public void Bad_input_is_rejected_and_NaN_propagates()
    {
        var rng = new Random(1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NormalMixture.Sample(Logits, Means, [1.0, 0.0, 1.0], rng));
        Assert.Equal("stdDevs", ex.ParamName);
        Assert.Contains("stdDevs[1]", ex.Message);
        Assert.Equal("means", Assert.Throws<ArgumentException>(() => NormalMixture.Cdf(0, Logits, [1.0, 2.0], StdDevs)).ParamName);
        Assert.Equal("stdDevs", Assert.Throws<ArgumentException>(() => NormalMixture.LogDensity(0, Logits, Means, [1.0])).ParamName);
        Assert.Equal("dMeans", Assert.Throws<ArgumentException>(() => NormalMixture.SampleGradientAt(0, Logits, Means, StdDevs, new double[3], new double[2], new double[3])).ParamName);
        Assert.Equal("stdDevs", Assert.Throws<ArgumentOutOfRangeException>(() => DiagonalNormalMixture.Sample([0.0], [0.0, 0.0], [1.0, -1.0], rng, new double[2])).ParamName);
        Assert.Equal("means", Assert.Throws<ArgumentException>(() => DiagonalNormalMixture.Sample([0.0], [0.0], [1.0, 1.0], rng, new double[2])).ParamName);

        Assert.Equal("stdDevs", Assert.Throws<ArgumentOutOfRangeException>(() => DiagonalNormalMixture.SampleTangentAt([0.0, 0.0], [0.0], [0.0, 0.0], [1.0, 0.0], [1.0], [0.0, 0.0], [0.0, 0.0], new double[2])).ParamName);
        Assert.Equal("dZ", Assert.Throws<ArgumentException>(() => DiagonalNormalMixture.SampleTangentAt([0.0, 0.0], [0.0], [0.0, 0.0], [1.0, 1.0], [1.0], [0.0, 0.0], [0.0, 0.0], new double[3])).ParamName);
        var dzNaN = new double[2];
        DiagonalNormalMixture.SampleTangentAt([double.NaN, 0.0], [0.0, 0.5], [0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 0.0], new double[4], new double[4], dzNaN);
        Assert.All(dzNaN, x => Assert.True(double.IsNaN(x)));

        Assert.True(double.IsNaN(NormalMixture.Cdf(double.NaN, Logits, Means, StdDevs)));
        Assert.True(double.IsNaN(NormalMixture.LogDensity(0, Logits, [0.0, double.NaN, 1.0], StdDevs)));
        Assert.True(double.IsNaN(NormalMixture.Sample([0.0, double.NaN], [0.0, 1.0], [1.0, 1.0], rng)));
        var dNaN = new double[3];
        NormalMixture.SampleGradientAt(0.3, Logits, Means, [1.0, double.NaN, 1.0], dNaN, new double[3], new double[3]);
        Assert.All(dNaN, x => Assert.True(double.IsNaN(x)));   // a NaN σ passes the check and propagates
        var d = new double[3];
        NormalMixture.SampleGradientAt(double.NaN, Logits, Means, StdDevs, d, new double[3], new double[3]);
        Assert.All(d, x => Assert.True(double.IsNaN(x)));
    }

    /// <summary>The values quoted in docs/distributions.md.</summary>
    [Fact]
    public void Documented_examples()
    {
        static void Near(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{actual:R} vs documented {expected:R}");
        var dL = new double[3];
        var dM = new double[3];
        var dS = new double[3];
        NormalMixture.SampleGradientAt(1.0, Logits, Means, StdDevs, dL, dM, dS);
        Near(0.5719714488245019, NormalMixture.Cdf(1.0, Logits, Means, StdDevs));
        Near(-2.8049650070154795, NormalMixture.LogDensity(1.0, Logits, Means, StdDevs));
        Near(-3.1188166016640557, dL[0]);
        Near(-0.29325192714272086, dL[1]);
        Near(3.4120685288067754, dL[2]);
        Near(0.9979766952556628, dM[1]);
        Near(0.41582362302319287, dS[1]);

        var dz = new double[Dim];
        double[] z = [0.2, -0.3, 1.0];
        DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, [1.0, 0.0], new double[6], new double[6], dz);
        Near(-1.8609060902211374, dz[0]);
        Near(1.3303354735776396, dz[1]);
        Near(9.55625484890626, dz[2]);
        var eps = Eps(z, MvLogits, MvMeans, MvStdDevs);
        Near(0.23363205892609284, eps[0]);    // −log 2(1 − F) with F = 0.60417…
        Near(-0.6408816274289092, eps[1]);    // log 2F with F = 0.26341…
        Near(-1.144430089788421, eps[2]);     // log 2F with F = 0.15920…
        Near(-5.256033328506054, DiagonalNormalMixture.LogDensity(z, MvLogits, MvMeans, MvStdDevs));
    }

    // ---------------- multivariate ----------------

    private static readonly double[] MvLogits = [0.2, -0.4];
    private static readonly double[] MvMeans = [-1.0, 0.5, 2.0, /* component 1: */ 1.5, -0.5, -1.0];
    private static readonly double[] MvStdDevs = [0.8, 1.1, 0.6, /* component 1: */ 0.5, 0.9, 1.3];
    private const int Dim = 3;

    /// <summary>The standardization's output (standard Laplace quantiles of the conditional CDFs).</summary>
    private static double[] Eps(double[] z, double[] logits, double[] means, double[] stdDevs)
    {
        var eps = new double[z.Length];
        DiagonalNormalMixture.Standardize(z, logits, means, stdDevs, eps);
        return eps;
    }

    /// <summary>The inverse of the standardization, coordinate by coordinate by bisection: the oracle for ∂z/∂λ.</summary>
    private static double[] Invert(double[] eps, double[] logits, double[] means, double[] stdDevs)
    {
        var z = new double[eps.Length];
        for (var d = 0; d < eps.Length; d++)
        {
            double lo = -60, hi = 60;
            for (var i = 0; i < 400; i++)
            {
                var mid = 0.5 * (lo + hi);
                if (mid == lo || mid == hi)
                {
                    break;
                }

                z[d] = mid;
                if (Eps(z, logits, means, stdDevs)[d] < eps[d])
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            z[d] = 0.5 * (lo + hi);
        }

        return z;
    }

    [Fact]
    public void Multivariate_standardization_of_draws_is_standard_Laplace_in_every_coordinate()
    {
        // Checks the conditional CDFs themselves (posterior weights included): S(z) of a draw must be i.i.d. Laplace(0, 1).
        const int n = 20_000;
        var rng = new Random(9);
        var z = new double[Dim];
        var eps = new double[Dim][];
        for (var d = 0; d < Dim; d++)
        {
            eps[d] = new double[n];
        }

        for (var i = 0; i < n; i++)
        {
            DiagonalNormalMixture.Sample(MvLogits, MvMeans, MvStdDevs, rng, z);
            var e = Eps(z, MvLogits, MvMeans, MvStdDevs);
            for (var d = 0; d < Dim; d++)
            {
                eps[d][i] = e[d];
            }
        }

        static double Laplace(double x) => x < 0 ? 0.5 * Math.Exp(x) : 1 - (0.5 * Math.Exp(-x));
        var critical = KolmogorovSmirnov.CriticalValue(n, 0.001);
        for (var d = 0; d < Dim; d++)
        {
            var stat = KolmogorovSmirnov.Statistic((double[])eps[d].Clone(), Laplace);
            output.WriteLine($"coordinate {d}: KS D = {stat:G3} (critical {critical:G3})");
            Assert.True(stat < critical, $"coordinate {d}: D = {stat}");
        }

        // Control: the standardization with the posterior reweighting dropped (prior weights only) is rejected in the
        // last coordinate.
        var wrong = eps[Dim - 1].Select((_, i) => 0.0).ToArray();
        var rng2 = new Random(9);
        for (var i = 0; i < n; i++)
        {
            DiagonalNormalMixture.Sample(MvLogits, MvMeans, MvStdDevs, rng2, z);
            double[] lastOnly = [z[Dim - 1]];
            wrong[i] = Eps(lastOnly, MvLogits, [MvMeans[Dim - 1], MvMeans[(2 * Dim) - 1]], [MvStdDevs[Dim - 1], MvStdDevs[(2 * Dim) - 1]])[0];
        }

        // The marginal of the last coordinate is right by itself, so compare jointly: its correlation with ε₀ must vanish.
        var correlation = Correlation(eps[0], wrong);
        var good = Correlation(eps[0], eps[Dim - 1]);
        output.WriteLine($"corr(ε₀, ε₂) = {good:G3}; with prior weights only: {correlation:G3} (bar 4/√n = {4 / Math.Sqrt(n):G3})");
        Assert.True(Math.Abs(good) < 4 / Math.Sqrt(n));
        Assert.True(Math.Abs(correlation) > 4 / Math.Sqrt(n));
    }

    private static double Correlation(double[] a, double[] b)
    {
        var ma = a.Average();
        var mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    [Fact]
    public void Multivariate_standardization_Jacobian_matches_finite_differences()
    {
        var rng = new Random(3);
        var z = new double[Dim];
        const double h = 1e-6;
        var worst = 0.0;
        for (var trial = 0; trial < 5; trial++)
        {
            DiagonalNormalMixture.Sample(MvLogits, MvMeans, MvStdDevs, rng, z);
            for (var j = 0; j < Dim; j++)
            {
                var dz = new double[Dim];
                dz[j] = 1;
                var eps = new double[Dim];
                var dEps = new double[Dim];
                DiagonalNormalMixture.StandardizeTangent(z, MvLogits, MvMeans, MvStdDevs, eps, dz, new double[2], new double[6], new double[6], dEps);
                var zp = (double[])z.Clone();
                var zm = (double[])z.Clone();
                zp[j] += h;
                zm[j] -= h;
                var ep = Eps(zp, MvLogits, MvMeans, MvStdDevs);
                var em = Eps(zm, MvLogits, MvMeans, MvStdDevs);
                for (var i = 0; i < Dim; i++)
                {
                    var fd = (ep[i] - em[i]) / (2 * h);
                    var err = Math.Abs(dEps[i] - fd) / Math.Max(1, Math.Abs(fd));
                    worst = Math.Max(worst, err);
                    Assert.True(err < 1e-7, $"∂ε{i}/∂z{j}: {dEps[i]} vs {fd}");
                    if (i < j)
                    {
                        Assert.Equal(0.0, dEps[i]);   // lower-triangular
                    }
                }
            }
        }

        output.WriteLine($"worst |∂ε/∂z − finite difference|/max(1, |·|) = {worst:G3} (bar 1e-7)");
    }

    [Fact]
    public void Multivariate_tangents_match_finite_differences_of_the_inverse_standardization()
    {
        var rng = new Random(5);
        var z = new double[Dim];
        const double h = 1e-5;
        var worst = 0.0;
        for (var trial = 0; trial < 3; trial++)
        {
            DiagonalNormalMixture.Sample(MvLogits, MvMeans, MvStdDevs, rng, z);
            var eps = Eps(z, MvLogits, MvMeans, MvStdDevs);
            for (var p = 0; p < 2 + 6 + 6; p++)
            {
                var dl = new double[2];
                var dm = new double[6];
                var ds = new double[6];
                (p < 2 ? dl : p < 8 ? dm : ds)[p < 2 ? p : p < 8 ? p - 2 : p - 8] = 1;
                var dz = new double[Dim];
                DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, dl, dm, ds, dz);
                double[] Z(double step) => Invert(
                    eps,
                    MvLogits.Select((x, i) => x + (step * dl[i])).ToArray(),
                    MvMeans.Select((x, i) => x + (step * dm[i])).ToArray(),
                    MvStdDevs.Select((x, i) => x + (step * ds[i])).ToArray());
                var zp = Z(h);
                var zm = Z(-h);
                for (var d = 0; d < Dim; d++)
                {
                    var fd = (zp[d] - zm[d]) / (2 * h);
                    var err = Math.Abs(dz[d] - fd) / Math.Max(1, Math.Abs(fd));
                    worst = Math.Max(worst, err);
                    Assert.True(err < 1e-6, $"parameter {p}, coordinate {d}: {dz[d]} vs {fd}");
                }
            }
        }

        output.WriteLine($"worst relative error of SampleTangentAt against finite differences: {worst:G3} (bar 1e-6)");
    }

    [Fact]
    public void One_dimensional_diagonal_mixture_agrees_with_the_univariate_closed_form()
    {
        var k = Logits.Length;
        foreach (var zv in new[] { -3.0, -0.2, 1.7, 3.4, -9.0, 8.0, -400.0, 400.0 })
        {
            var dL = new double[k];
            var dM = new double[k];
            var dS = new double[k];
            NormalMixture.SampleGradientAt(zv, Logits, Means, StdDevs, dL, dM, dS);
            for (var p = 0; p < 3 * k; p++)
            {
                var dir = new double[3 * k];
                dir[p] = 1;
                var dz = new double[1];
                DiagonalNormalMixture.SampleTangentAt([zv], Logits, Means, StdDevs, dir.AsSpan(0, k), dir.AsSpan(k, k), dir.AsSpan(2 * k, k), dz);
                var expected = p < k ? dL[p] : p < 2 * k ? dM[p - k] : dS[p - (2 * k)];
                Assert.True(Math.Abs(dz[0] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"z = {zv}, parameter {p}: {dz[0]} vs {expected}");
            }
        }
    }

    [Fact]
    public void Multivariate_Monte_Carlo_moment_derivatives_within_4_standard_errors()
    {
        // E[z₀z₂] = Σₖ wₖ μₖ₀ μₖ₂ ⇒ ∂/∂μ₀₀ = w₀ μ₀₂ (off-diagonal Jacobian terms matter);
        // E[z₂] ⇒ ∂/∂logit₀ = w₀(μ₀₂ − E z₂); E[z₁²] = Σ wₖ(μₖ₁² + σₖ₁²) ⇒ ∂/∂σ₁₁ = 2 w₁ σ₁₁.
        var rng = new Random(11);
        var w = Weights(MvLogits);
        var ez2 = (w[0] * MvMeans[2]) + (w[1] * MvMeans[5]);
        var expected = new[] { w[0] * MvMeans[2], w[0] * (MvMeans[2] - ez2), 2 * w[1] * MvStdDevs[4] };
        var sum = new double[3];
        var sumSq = new double[3];
        var z = new double[Dim];
        var dz = new double[Dim];
        var zero2 = new double[2];
        var zero6 = new double[6];
        var dMean00 = new double[6];
        dMean00[0] = 1;
        double[] dLogit0 = [1, 0];
        var dStd11 = new double[6];
        dStd11[4] = 1;
        const int n = 40_000;
        for (var i = 0; i < n; i++)
        {
            DiagonalNormalMixture.Sample(MvLogits, MvMeans, MvStdDevs, rng, z);
            DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, zero2, dMean00, zero6, dz);
            Add(0, (dz[0] * z[2]) + (z[0] * dz[2]));
            DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, dLogit0, zero6, zero6, dz);
            Add(1, dz[2]);
            DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, zero2, zero6, dStd11, dz);
            Add(2, 2 * z[1] * dz[1]);
        }

        void Add(int index, double x)
        {
            sum[index] += x;
            sumSq[index] += x * x;
        }

        for (var c = 0; c < 3; c++)
        {
            var m = sum[c] / n;
            var se = Math.Sqrt(((sumSq[c] / n) - (m * m)) / (n - 1));
            var score = (m - expected[c]) / se;
            output.WriteLine($"moment {c}: mean {m:G6} ± {se:G3}, expected {expected[c]:G6}, {score:F2} SE");
            Assert.True(Math.Abs(score) < 4, $"moment {c}: {score:F2} SE");
        }
    }

    [Fact]
    public void Multivariate_far_tails_give_finite_tangents()
    {
        var z = new double[Dim];
        foreach (var (sign, reach) in new[] { (-1.0, 10.0), (1.0, 10.0), (-1.0, 300.0), (1.0, 300.0) })
        {
            for (var d = 0; d < Dim; d++)
            {
                z[d] = sign > 0
                    ? Math.Max(MvMeans[d] + (reach * MvStdDevs[d]), MvMeans[Dim + d] + (reach * MvStdDevs[Dim + d]))
                    : Math.Min(MvMeans[d] - (reach * MvStdDevs[d]), MvMeans[Dim + d] - (reach * MvStdDevs[Dim + d]));
            }

            for (var p = 0; p < 14; p++)
            {
                var dl = new double[2];
                var dm = new double[6];
                var ds = new double[6];
                (p < 2 ? dl : p < 8 ? dm : ds)[p < 2 ? p : p < 8 ? p - 2 : p - 8] = 1;
                var dz = new double[Dim];
                DiagonalNormalMixture.SampleTangentAt(z, MvLogits, MvMeans, MvStdDevs, dl, dm, ds, dz);
                Assert.All(dz, x => Assert.True(double.IsFinite(x), $"parameter {p}: {string.Join(", ", dz)}"));
            }

            Assert.True(double.IsFinite(DiagonalNormalMixture.LogDensity(z, MvLogits, MvMeans, MvStdDevs)));
        }
    }
}
