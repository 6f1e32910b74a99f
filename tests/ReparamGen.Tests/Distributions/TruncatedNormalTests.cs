using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;
using MpmathCsv = ReparamGen.Tests.SpecialFunctionsTests.ReferenceCsv;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// <see cref="TruncatedNormal"/>: Kolmogorov–Smirnov tests of the sampler in the bulk, one-sided and far in both
/// tails (with negative controls), the generated implicit gradients, CDF and log-density against mpmath
/// (tools/reference-data/truncated_normal.py → truncated_normal.csv), a Monte Carlo check of ∂E[z]/∂θ against
/// closed forms, finiteness at extremes, domain errors and NaN propagation.
/// </summary>
public sealed class TruncatedNormalTests
{
    private const int N = 100_000; // KS critical value 1.9495/√n = 0.0062 at α = 0.001
    private const double GradientBar = 1e-10;
    private readonly ITestOutputHelper output;

    public TruncatedNormalTests(ITestOutputHelper output) => this.output = output;

    private static double Inf => double.PositiveInfinity;

    public static TheoryData<double, double, double, double> KsCases => new()
    {
        { 0, 1, -1, 2 },                 // bulk
        { 0, 1, 0, double.PositiveInfinity },    // one-sided
        { 0, 1, double.NegativeInfinity, 1 },
        { 0, 1, -0.5, 0.5 },             // narrow around 0 (uniform proposal)
        { 0, 1, 3, 3.001 },              // narrow in the tail (uniform proposal)
        { 0, 1, 0.2, 1.5 },              // near 0, one side
        { 0, 1, 8, 9 },                  // far tails
        { 1.5, 0.75, 7.5, 8.25 },        // [8, 9] with μ, σ ≠ 0, 1
        { 0, 1, 20, double.PositiveInfinity },
        { -3, 2.5, 47, double.PositiveInfinity },  // [20, ∞)
        { 0, 1, -31, -30 },
        { 2, 0.5, -13.5, -13 },          // [−31, −30]
        { 0, 1, double.NegativeInfinity, -30 },
    };

    [Theory]
    [MemberData(nameof(KsCases))]
    public void Sampler_passes_Kolmogorov_Smirnov(double mean, double stdDev, double lower, double upper)
    {
        var samples = Draw(mean, stdDev, lower, upper, 20261202);
        Assert.All(samples, z => Assert.True(z >= lower && z <= upper, $"sample {z:R} outside [{lower}, {upper}]"));
        var d = KolmogorovSmirnov.Statistic(samples, z => TruncatedNormal.Cdf(z, mean, stdDev, lower, upper));
        output.WriteLine($"TruncatedNormal({mean}, {stdDev}, [{lower}, {upper}]): D = {d:G3} (critical {KolmogorovSmirnov.CriticalValue(N):G3})");
        Assert.True(d < KolmogorovSmirnov.CriticalValue(N), $"D = {d} ≥ {KolmogorovSmirnov.CriticalValue(N)}");
    }

    // Negative controls: the same KS test must reject slightly wrong laws. A shift of 0.03σ in the bulk moves the CDF
    // by about 0.03·max q ≈ 0.015; in [8, 9] the law is close to 8 + Exp(8), and a shift of 0.005 moves it by
    // 1 − e^(−0.04) ≈ 0.04; both are several times the critical value 0.0062.
    [Theory]
    [InlineData(0, 1, -1, 2, 0.03)]
    [InlineData(0, 1, 8, 9, 0.005)]
    [InlineData(0, 1, -31, -30, -0.002)]
    public void Kolmogorov_Smirnov_rejects_a_shifted_law(double mean, double stdDev, double lower, double upper, double shift)
    {
        var samples = Draw(mean, stdDev, lower, upper, 7).Select(z => z + shift).ToArray();
        var d = KolmogorovSmirnov.Statistic(samples, z => TruncatedNormal.Cdf(z, mean, stdDev, lower, upper));
        output.WriteLine($"shifted by {shift}: D = {d:G3}");
        Assert.True(d > KolmogorovSmirnov.CriticalValue(N), $"D = {d} should exceed {KolmogorovSmirnov.CriticalValue(N)}");
    }

    // The untruncated normal sampled and clamped to the interval (a common shortcut) is not the truncated law.
    [Fact]
    public void Kolmogorov_Smirnov_rejects_a_clamped_normal()
    {
        var rng = new Random(11);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = Math.Clamp(Normal.Sample(0, 1, rng), -1, 2);
        }

        Assert.True(KolmogorovSmirnov.Statistic(samples, z => TruncatedNormal.Cdf(z, 0, 1, -1, 2)) > KolmogorovSmirnov.CriticalValue(N));
    }

    [Fact]
    public void Gradients_match_mpmath()
    {
        var csv = MpmathCsv.Load("truncated_normal.csv");
        int cm = csv.Column("mean"), cs = csv.Column("stdDev"), cl = csv.Column("lower"), cu = csv.Column("upper"), cz = csv.Column("z"), cq = csv.Column("quantile");
        var names = new[] { "dz_dmean", "dz_dstddev", "dz_dlower", "dz_dupper" };
        var worst = new (double Error, string Where)[4];
        var errors = new List<double>[4];
        for (var j = 0; j < 4; j++)
        {
            errors[j] = new List<double>();
        }

        foreach (var r in csv.Rows)
        {
            var g = TruncatedNormal.SampleGradientAt(r[cz], r[cm], r[cs], r[cl], r[cu]);
            Assert.Equal(r[cz], g.Value);
            var actual = new[] { g.DMean, g.DStdDev, g.DLower, g.DUpper };
            for (var j = 0; j < 4; j++)
            {
                var exact = r[csv.Column(names[j])];
                var where = $"{names[j]} at μ={r[cm]:R} σ={r[cs]:R} [{r[cl]:R}, {r[cu]:R}] q={r[cq]:R} z={r[cz]:R}: {actual[j]:R} vs {exact:R}";
                Assert.True(double.IsFinite(actual[j]), where);
                if (exact == 0)
                {
                    Assert.True(actual[j] == 0, where); // an infinite bound: exactly 0
                    continue;
                }

                var error = Math.Abs(actual[j] - exact) / Math.Abs(exact);
                if (error > GradientBar && Math.Abs(exact) < 1e-30)
                {
                    // A sign change of the gradient (∂z/∂σ at the centre of a symmetric interval): the value is a
                    // cancellation of order-one terms, so only absolute accuracy is meaningful there.
                    Assert.True(Math.Abs(actual[j] - exact) <= 1e-15, where);
                    output.WriteLine($"at a zero crossing, absolute error {Math.Abs(actual[j] - exact):G2}: {where}");
                    continue;
                }

                errors[j].Add(error);
                if (error >= worst[j].Error)
                {
                    worst[j] = (error, where);
                }
            }
        }

        for (var j = 0; j < 4; j++)
        {
            var sorted = errors[j].OrderBy(e => e).ToList();
            output.WriteLine($"{names[j]}: {sorted.Count} points, median {sorted[sorted.Count / 2]:G2}, worst {worst[j].Error:G2} ({worst[j].Where})");
        }

        Assert.All(Enumerable.Range(0, 4), j => Assert.True(worst[j].Error <= GradientBar, worst[j].Where));
    }

    [Fact]
    public void Cdf_and_LogDensity_match_mpmath()
    {
        var csv = MpmathCsv.Load("truncated_normal.csv");
        int cm = csv.Column("mean"), cs = csv.Column("stdDev"), cl = csv.Column("lower"), cu = csv.Column("upper"), cz = csv.Column("z");
        int cf = csv.Column("cdf"), cd = csv.Column("logdensity");
        double worstCdf = 0, worstLog = 0;
        foreach (var r in csv.Rows)
        {
            var f = TruncatedNormal.Cdf(r[cz], r[cm], r[cs], r[cl], r[cu]);
            var lq = TruncatedNormal.LogDensity(r[cz], r[cm], r[cs], r[cl], r[cu]);
            worstCdf = Math.Max(worstCdf, Math.Abs(f - r[cf]) / r[cf]);
            worstLog = Math.Max(worstLog, Math.Abs(lq - r[cd]) / Math.Max(1, Math.Abs(r[cd])));
        }

        output.WriteLine($"Cdf worst relative error {worstCdf:G2}; LogDensity worst error (absolute / max(1, |log q|)) {worstLog:G2}");
        Assert.True(worstCdf < 1e-12, $"Cdf: {worstCdf}");
        Assert.True(worstLog < 1e-13, $"LogDensity: {worstLog}");
    }

    [Fact]
    public void Cdf_slope_is_the_density()
    {
        // The forward-mode ∂F/∂z of the generated CdfWithGradient against the closed-form density, at every reference sample.
        var csv = MpmathCsv.Load("truncated_normal.csv");
        int cm = csv.Column("mean"), cs = csv.Column("stdDev"), cl = csv.Column("lower"), cu = csv.Column("upper"), cz = csv.Column("z");
        var worst = 0.0;
        foreach (var r in csv.Rows)
        {
            var slope = TruncatedNormal.CdfWithGradient(r[cz], r[cm], r[cs], r[cl], r[cu]).DZ;
            var density = TruncatedNormal.Density(r[cz], r[cm], r[cs], r[cl], r[cu]);
            worst = Math.Max(worst, Math.Abs(slope - density) / density);
        }

        output.WriteLine($"∂F/∂z vs Density: worst relative difference {worst:G2}");
        Assert.True(worst < 1e-12, $"{worst}");
    }

    // ∂E[z]/∂θ by Monte Carlo (the mean of the sampled pathwise gradients) against the closed forms
    // ∂E/∂μ = Var[z]/σ², ∂E/∂lower = q(lower)·(E − lower), ∂E/∂upper = q(upper)·(upper − E).
    [Theory]
    [InlineData(0.5, 1.5, -1, 2)]
    [InlineData(0, 1, 8, 9)]
    [InlineData(1, 2, -3, double.PositiveInfinity)]
    public void Mean_of_sampled_gradients_matches_the_derivative_of_the_truncated_mean(double mean, double stdDev, double lower, double upper)
    {
        const int n = 200_000;
        var rng = new Random(314159);
        var sums = new double[3];
        var squares = new double[3];
        for (var i = 0; i < n; i++)
        {
            var g = TruncatedNormal.SampleWithGradient(mean, stdDev, lower, upper, rng);
            var values = new[] { g.DMean, g.DLower, g.DUpper };
            for (var j = 0; j < 3; j++)
            {
                sums[j] += values[j];
                squares[j] += values[j] * values[j];
            }
        }

        var exact = ClosedFormMeanJacobian(mean, stdDev, lower, upper);
        var names = new[] { "∂E/∂mean", "∂E/∂lower", "∂E/∂upper" };
        for (var j = 0; j < 3; j++)
        {
            var m = sums[j] / n;
            var se = Math.Sqrt(Math.Max(squares[j] / n - m * m, 0) / n);
            output.WriteLine($"{names[j]}: Monte Carlo {m:R} ± {se:G2}, closed form {exact[j]:R}");
            Assert.True(Math.Abs(m - exact[j]) <= 4 * se + 1e-15, $"{names[j]}: {m} ± {se} vs {exact[j]}");
        }
    }

    [Fact]
    public void Monte_Carlo_check_rejects_a_wrong_gradient()
    {
        // A 2 % error in ∂z/∂mean is detected by the same check (standard error ≈ 0.1 %).
        var rng = new Random(314159);
        double sum = 0, squares = 0;
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            var d = 1.02 * TruncatedNormal.SampleWithGradient(0.5, 1.5, -1, 2, rng).DMean;
            sum += d;
            squares += d * d;
        }

        var m = sum / n;
        var se = Math.Sqrt((squares / n - m * m) / n);
        Assert.True(Math.Abs(m - ClosedFormMeanJacobian(0.5, 1.5, -1, 2)[0]) > 4 * se);
    }

    [Theory]
    [InlineData(0, 1, 37, 38)]
    [InlineData(0, 1, 40, double.PositiveInfinity)]
    [InlineData(0, 1, 1e5, double.PositiveInfinity)]
    [InlineData(0, 1, 1e150, double.PositiveInfinity)]
    [InlineData(0, 1, -2e100, -1e100)]
    [InlineData(0, 1, double.NegativeInfinity, -1e3)]
    [InlineData(5, 1e-3, 6, 6.5)]                         // [1000, 1500] in standard units
    [InlineData(0, 1, 30, 30.000001)]
    [InlineData(0, 1, -1e-9, 1e-9)]
    [InlineData(0, 1, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(1e6, 1, 1e6 + 50, 1e6 + 51)]
    public void No_NaN_or_infinity_at_extremes(double mean, double stdDev, double lower, double upper)
    {
        var rng = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var g = TruncatedNormal.SampleWithGradient(mean, stdDev, lower, upper, rng);
            Assert.True(g.Value >= lower && g.Value <= upper, $"{g.Value:R}");
            AssertFinite(g, $"sample {g.Value:R}");
            Assert.True(double.IsFinite(TruncatedNormal.LogDensity(g.Value, mean, stdDev, lower, upper)));
            var f = TruncatedNormal.Cdf(g.Value, mean, stdDev, lower, upper);
            Assert.True(f >= 0 && f <= 1, $"F = {f:R}");
            if (upper == Inf)
            {
                Assert.Equal(0.0, g.DUpper); // exactly 0, not ∞·0
            }

            if (lower == double.NegativeInfinity)
            {
                Assert.Equal(0.0, g.DLower);
            }
        }

        // At the bounds themselves, where the density is representable (at a bound 500σ beyond the other one the
        // density underflows to 0 and −∂F/q is 0/0; no sample lands there).
        foreach (var z in new[] { lower, upper }.Where(b => double.IsFinite(b) && TruncatedNormal.LogDensity(b, mean, stdDev, lower, upper) > -700))
        {
            AssertFinite(TruncatedNormal.SampleGradientAt(z, mean, stdDev, lower, upper), $"bound {z:R}");
        }
    }

    [Fact]
    public void Gradient_at_the_bounds_has_the_limits()
    {
        // At z = lower the sample moves with the lower bound (∂z/∂lower = 1) and with nothing else; at z = upper likewise.
        var atLower = TruncatedNormal.SampleGradientAt(-1, 0, 1, -1, 2);
        Assert.Equal(1.0, atLower.DLower, 14);
        Assert.Equal(0.0, atLower.DMean, 14);
        Assert.Equal(0.0, atLower.DStdDev, 14);
        Assert.Equal(0.0, atLower.DUpper, 14);
        var atUpper = TruncatedNormal.SampleGradientAt(9, 0, 1, 8, 9);
        Assert.Equal(1.0, atUpper.DUpper, 12);
        Assert.Equal(0.0, atUpper.DMean, 12);
        Assert.Equal(0.0, atUpper.DLower, 12);
    }

    [Fact]
    public void Untruncated_limit_is_the_normal()
    {
        var g = TruncatedNormal.SampleGradientAt(2.2, 1, 2, double.NegativeInfinity, Inf);
        Assert.Equal(1.0, g.DMean, 14);
        Assert.Equal(0.6, g.DStdDev, 14);
        Assert.Equal(0.0, g.DLower);
        Assert.Equal(0.0, g.DUpper);
        Assert.Equal(Normal.LogDensity(2.2, 1, 2), TruncatedNormal.LogDensity(2.2, 1, 2, double.NegativeInfinity, Inf), 14);
        Assert.Equal(Normal.Cdf(2.2, 1, 2), TruncatedNormal.Cdf(2.2, 1, 2, double.NegativeInfinity, Inf), 14);
    }

    [Fact]
    public void Generated_tangent_backward_and_batch_agree_with_the_gradient()
    {
        var g = TruncatedNormal.SampleWithGradient(0.5, 1.5, -1, 2, new Random(3));
        var value = TruncatedNormal.SampleTangent(0.5, 1.5, -1, 2, new Random(3), 1, 2, 3, 4, out var dz);
        Assert.Equal(g.Value, value);
        Assert.Equal(g.DMean + 2 * g.DStdDev + 3 * g.DLower + 4 * g.DUpper, dz, 14);

        double gm = 0, gs = 0, gl = 0, gu = 0;
        TruncatedNormal.SampleBackward(0.5, 1.5, -1, 2, new Random(3), 2.0, ref gm, ref gs, ref gl, ref gu);
        Assert.Equal(2 * g.DMean, gm);
        Assert.Equal(2 * g.DUpper, gu);

        double[] means = { 0, 0, 1.5 }, sds = { 1, 1, 0.75 }, lows = { -1, 8, 7.5 }, ups = { 2, 9, 8.25 };
        var v = new double[3];
        var dm = new double[3];
        var ds = new double[3];
        var dl = new double[3];
        var du = new double[3];
        TruncatedNormal.SampleWithGradient(means, sds, lows, ups, new Random(9), v, dm, ds, dl, du);
        var rng = new Random(9);
        for (var i = 0; i < 3; i++)
        {
            var s = TruncatedNormal.SampleWithGradient(means[i], sds[i], lows[i], ups[i], rng);
            Assert.Equal(s, new TruncatedNormal.SampleGradient(v[i], dm[i], ds[i], dl[i], du[i]));
        }
    }

    [Theory]
    [InlineData(0.0, -1.0, 1.0, "stdDev")]
    [InlineData(-2.0, -1.0, 1.0, "stdDev")]
    [InlineData(1.0, 1.0, 1.0, "upper")]
    [InlineData(1.0, 2.0, 1.0, "upper")]
    [InlineData(1.0, double.PositiveInfinity, double.PositiveInfinity, "upper")]
    [InlineData(1.0, double.NaN, 1.0, "lower")]
    [InlineData(1.0, -1.0, double.NaN, "upper")]
    public void Out_of_domain_parameters_throw_naming_the_parameter(double stdDev, double lower, double upper, string name)
    {
        var members = new Action[]
        {
            () => TruncatedNormal.Sample(0, stdDev, lower, upper, new Random(1)),
            () => TruncatedNormal.SampleWithGradient(0, stdDev, lower, upper, new Random(1)),
            () => TruncatedNormal.SampleGradientAt(0.5, 0, stdDev, lower, upper),
            () => TruncatedNormal.Cdf(0.5, 0, stdDev, lower, upper),
            () => TruncatedNormal.LogDensity(0.5, 0, stdDev, lower, upper),
            () => TruncatedNormal.Density(0.5, 0, stdDev, lower, upper),
        };
        foreach (var member in members)
        {
            Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(member).ParamName);
        }
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 0.0, 1.0)]
    [InlineData(double.NaN, 1.0, 8.0, double.PositiveInfinity)]
    [InlineData(double.NaN, 1.0, double.NegativeInfinity, -30.0)]
    [InlineData(0.0, double.NaN, -1.0, 2.0)]
    public void NaN_propagates(double mean, double stdDev, double lower, double upper)
    {
        Assert.True(double.IsNaN(TruncatedNormal.Sample(mean, stdDev, lower, upper, new Random(1))));
        var g = TruncatedNormal.SampleWithGradient(mean, stdDev, lower, upper, new Random(1));
        Assert.True(double.IsNaN(g.Value));
        var inside = double.IsFinite(lower) ? lower + 0.5 : upper - 0.5;
        Assert.True(double.IsNaN(TruncatedNormal.Cdf(inside, mean, stdDev, lower, upper)));
        Assert.True(double.IsNaN(TruncatedNormal.LogDensity(inside, mean, stdDev, lower, upper)));
        var at = TruncatedNormal.SampleGradientAt(inside, mean, stdDev, lower, upper);
        Assert.True(double.IsNaN(at.DMean) && double.IsNaN(at.DStdDev), at.ToString());
        Assert.True(double.IsNaN(TruncatedNormal.Cdf(double.NaN, 0, 1, lower, upper)));
    }

    private static double[] Draw(double mean, double stdDev, double lower, double upper, int seed)
    {
        var rng = new Random(seed);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = TruncatedNormal.Sample(mean, stdDev, lower, upper, rng);
        }

        return samples;
    }

    private static void AssertFinite(TruncatedNormal.SampleGradient g, string where)
        => Assert.True(double.IsFinite(g.Value) && double.IsFinite(g.DMean) && double.IsFinite(g.DStdDev) && double.IsFinite(g.DLower) && double.IsFinite(g.DUpper), where + ": " + g);

    // (∂E/∂mean, ∂E/∂lower, ∂E/∂upper) of the truncated mean E = μ + σ(φ(α) − φ(β))/Z, Z = Φ(β) − Φ(α), in double
    // with Z from erfc on the non-cancelling side (adequate for the Monte Carlo comparison).
    private static double[] ClosedFormMeanJacobian(double mean, double stdDev, double lower, double upper)
    {
        var a = (lower - mean) / stdDev;
        var b = (upper - mean) / stdDev;
        static double Phi(double t) => double.IsInfinity(t) ? 0 : Math.Exp(-0.5 * t * t) / Math.Sqrt(2 * Math.PI);
        static double Q(double t) => 0.5 * ReparamGen.SpecialFunctions.Erfc(t / Math.Sqrt(2));
        var z = a >= 0 ? Q(a) - Q(b) : b <= 0 ? Q(-b) - Q(-a) : 1 - Q(-a) - Q(b);
        var pa = Phi(a);
        var pb = Phi(b);
        var ta = double.IsInfinity(a) ? 0 : a * pa;
        var tb = double.IsInfinity(b) ? 0 : b * pb;
        var r = (pa - pb) / z;
        var dMean = 1 + ((ta - tb) / z) - (r * r);
        var e = mean + stdDev * r;
        var dLower = double.IsInfinity(lower) ? 0 : pa / (stdDev * z) * (e - lower);
        var dUpper = double.IsInfinity(upper) ? 0 : pb / (stdDev * z) * (upper - e);
        return new[] { dMean, dLower, dUpper };
    }
}
