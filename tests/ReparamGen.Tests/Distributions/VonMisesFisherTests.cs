using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;
using MpmathCsv = ReparamGen.Tests.SpecialFunctionsTests.ReferenceCsv;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// <see cref="VonMisesFisher"/>: Kolmogorov–Smirnov tests of the sampled cosine w = μᵀz against the marginal CDF (with
/// negative controls), unit norm and finiteness at extremes, the κ-gradient against mpmath
/// (tools/reference-data/von_mises_fisher.py → vmf_marginal.csv), against finite differences of the quantile at a fixed
/// level and against the Monte Carlo derivative of E[μᵀz] = A_d(κ), the mean-direction VJP against finite differences,
/// the normaliser (closed forms and integration over the circle), log-Bessel against mpmath (vmf_bessel.csv), domain
/// errors and NaN propagation.
/// </summary>
public sealed class VonMisesFisherTests
{
    // KS sample size: critical value 1.9495/√n = 0.0138 at α = 0.001 (KolmogorovSmirnov). Each point costs one
    // marginal-CDF quadrature, so n is smaller than the 100,000 of the scalar laws; the negative controls below show
    // that this n still rejects a 10 % error in κ.
    private const int N = 20_000;

    private readonly ITestOutputHelper output;

    public VonMisesFisherTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<int, double> KsCases()
    {
        var data = new TheoryData<int, double>();
        foreach (var d in new[] { 2, 3, 10, 1000 })
        {
            foreach (var kappa in new[] { 1e-3, 1.0, 50.0, 1e5 })
            {
                data.Add(d, kappa);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KsCases))]
    public void Cosine_passes_Kolmogorov_Smirnov(int d, double kappa)
    {
        var mean = RandomUnit(d, 100 + d);
        var w = DrawCosines(mean, kappa, N, 20260512 + d);
        var stat = KolmogorovSmirnov.Statistic(w, x => VonMisesFisher.MarginalCdf(x, d, kappa));
        output.WriteLine($"d = {d}, κ = {kappa:G}: D = {stat:G3} (critical {KolmogorovSmirnov.CriticalValue(N):G3})");
        Assert.True(stat < KolmogorovSmirnov.CriticalValue(N), $"D = {stat} ≥ {KolmogorovSmirnov.CriticalValue(N)}");
    }

    // Negative controls: samples at κ tested against the CDF at 1.1κ (d = 3: 1 − w ≈ Exp(κ), the CDF moves by up to
    // max|e^{−x} − e^{−1.1x}| ≈ 0.035, 2.5 times the critical value) and at 1.05κ for d = 1000, κ = 1e5 (1 − w ≈
    // Gamma(499.5)/κ, whose relative spread is 4.5 %, so a 5 % scale moves the CDF by about 0.35).
    [Theory]
    [InlineData(3, 50.0, 1.1)]
    [InlineData(10, 1.0, 1.5)]
    [InlineData(1000, 1e5, 1.05)]
    public void Kolmogorov_Smirnov_rejects_a_wrong_concentration(int d, double kappa, double factor)
    {
        var mean = RandomUnit(d, 7);
        var w = DrawCosines(mean, kappa, N, 99);
        var stat = KolmogorovSmirnov.Statistic(w, x => VonMisesFisher.MarginalCdf(x, d, factor * kappa));
        output.WriteLine($"d = {d}, κ = {kappa:G} against {factor}κ: D = {stat:G3}");
        Assert.True(stat > KolmogorovSmirnov.CriticalValue(N), $"D = {stat} should exceed {KolmogorovSmirnov.CriticalValue(N)}");
    }

    // Samples are unit vectors: ‖z‖² = w² + (1 − w²)‖v‖² in exact arithmetic and the reflection is orthogonal, so the
    // error is a few roundings per coordinate sum (d·1e-16 at d = 1000); the bar 1e-12 is the brief's. ∂z/∂κ is
    // tangent to the sphere (zᵀ∂z/∂κ = 0 in exact arithmetic).
    [Theory]
    [InlineData(2, 0.0)]
    [InlineData(2, 1e-3)]
    [InlineData(2, 1e5)]
    [InlineData(3, 1e-3)]
    [InlineData(3, 1e5)]
    [InlineData(3, 1e8)]
    [InlineData(1000, 0.0)]
    [InlineData(1000, 1e-3)]
    [InlineData(1000, 1e5)]
    [InlineData(1000, 1e8)]
    public void Samples_are_unit_vectors_with_finite_tangent_gradients(int d, double kappa)
    {
        var rng = new Random(5);
        var mean = RandomUnit(d, 3);
        var z = new double[d];
        var dz = new double[d];
        var worstNorm = 0.0;
        var worstOrth = 0.0;
        for (var k = 0; k < 200; k++)
        {
            VonMisesFisher.SampleWithGradient(mean, kappa, rng, z, dz);
            Assert.All(z, x => Assert.True(double.IsFinite(x)));
            Assert.All(dz, x => Assert.True(double.IsFinite(x)));
            var norm = Math.Sqrt(z.Sum(x => x * x));
            var dzNorm = Math.Sqrt(dz.Sum(x => x * x));
            worstNorm = Math.Max(worstNorm, Math.Abs(norm - 1));
            if (dzNorm > 0)
            {
                worstOrth = Math.Max(worstOrth, Math.Abs(Dot(z, dz)) / dzNorm);
            }
        }

        output.WriteLine($"d = {d}, κ = {kappa:G}: worst |‖z‖ − 1| = {worstNorm:G2}, worst |zᵀ∂z/∂κ|/‖∂z/∂κ‖ = {worstOrth:G2}");
        Assert.True(worstNorm <= 1e-12, $"|‖z‖ − 1| = {worstNorm}");
        Assert.True(worstOrth <= 1e-12, $"zᵀ∂z/∂κ = {worstOrth}");
    }

    // Against mpmath: the CDF by tanh-sinh quadrature over the closed-form normaliser, ∂w/∂κ = −∂κF/f with ∂κF by
    // mpmath.diff, both independent of the C# method. The oracle's own quadrature agrees with the closed-form
    // normaliser to 1e-16 or better except at d = 1000, κ = 1e5 (see the script's --check), so the bars, 1e-12 for
    // the CDF (relative; F is returned, so above ½ one ulp of F is the floor) and 1e-8 for the gradient (the brief's goal), are set by what
    // the method should reach, not by the oracle.
    [Fact]
    public void Marginal_cdf_and_gradient_match_mpmath()
    {
        var csv = MpmathCsv.Load("vmf_marginal.csv");
        int cd = csv.Column("dimension"), ck = csv.Column("kappa"), cw = csv.Column("w"), cf = csv.Column("cdf"), cg = csv.Column("dw_dkappa");
        var cdfErrors = new List<double>();
        var gradErrors = new List<double>();
        (double Error, string Where) worstCdf = (0, ""), worstGrad = (0, "");
        foreach (var r in csv.Rows)
        {
            var d = (int)r[cd];
            var f = VonMisesFisher.MarginalCdf(r[cw], d, r[ck]);
            var g = VonMisesFisher.MarginalSampleGradient(r[cw], d, r[ck]);
            var exactF = r[cf];
            var cdfError = Math.Abs(f - exactF) / exactF;
            var gradError = Math.Abs(g - r[cg]) / Math.Abs(r[cg]);
            var where = $"d={d} κ={r[ck]:R} w={r[cw]:R}: F {f:R} vs {exactF:R}, ∂w/∂κ {g:R} vs {r[cg]:R}";
            cdfErrors.Add(cdfError);
            gradErrors.Add(gradError);
            if (cdfError >= worstCdf.Error)
            {
                worstCdf = (cdfError, where);
            }

            if (gradError >= worstGrad.Error)
            {
                worstGrad = (gradError, where);
            }
        }

        cdfErrors.Sort();
        gradErrors.Sort();
        output.WriteLine($"CDF: {cdfErrors.Count} points, median {cdfErrors[cdfErrors.Count / 2]:G2}, worst {worstCdf.Error:G2} ({worstCdf.Where})");
        output.WriteLine($"∂w/∂κ: median {gradErrors[gradErrors.Count / 2]:G2}, worst {worstGrad.Error:G2} ({worstGrad.Where})");
        Assert.True(worstCdf.Error <= 1e-12, worstCdf.Where);
        Assert.True(worstGrad.Error <= 1e-8, worstGrad.Where);
    }

    // Quantile coupling: w(κ) = F⁻¹(u | κ) at a fixed level u, solved by bisection on t = 1 − w to the last bit, and
    // differenced centrally with Richardson extrapolation (steps h = 1e-3κ and h/2; truncation O(h⁴) ≈ 1e-12
    // relative). The quantile's error, about 1e-15·t/(2h·∂w/∂κ) relative, is below 1e-9 for these (d, κ), so the bar
    // is 1e-7.
    [Theory]
    [InlineData(2, 1.0, 0.3)]
    [InlineData(3, 50.0, 0.9)]
    [InlineData(10, 1e-3, 0.5)]
    [InlineData(10, 5.0, 0.01)]
    [InlineData(1000, 1e5, 0.7)]
    public void Gradient_matches_finite_differences_of_the_quantile(int d, double kappa, double level)
    {
        double Quantile(double k)
        {
            double lo = 0, hi = 2;   // t; F(1 − t) decreases in t
            for (var i = 0; i < 200 && hi - lo > 0; i++)
            {
                var mid = 0.5 * (lo + hi);
                if (mid == lo || mid == hi)
                {
                    break;
                }

                if (VonMisesFisher.MarginalCdf(1 - mid, d, k) > level)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            return 1 - (0.5 * (lo + hi));
        }

        var h = 1e-3 * kappa;
        var fd1 = (Quantile(kappa + h) - Quantile(kappa - h)) / (2 * h);
        var fd2 = (Quantile(kappa + (h / 2)) - Quantile(kappa - (h / 2))) / h;
        var fd = ((4 * fd2) - fd1) / 3;
        var g = VonMisesFisher.MarginalSampleGradient(Quantile(kappa), d, kappa);
        var error = Math.Abs(g - fd) / Math.Abs(fd);
        output.WriteLine($"d = {d}, κ = {kappa:G}, u = {level}: ∂w/∂κ = {g:R}, finite differences {fd:R}, relative {error:G2}");
        Assert.True(error <= 1e-7, $"{g} vs {fd}");
    }

    // Monte Carlo of the moment: E[μᵀz] = A_d(κ), so E[μᵀ∂z/∂κ] = A′_d(κ) = 1 − A² − (d − 1)A/κ (differentiating
    // A = I_{ν+1}/I_ν with DLMF 10.29.2). A comes from MeanResultantLength (checked against mpmath below). Bar: 4
    // standard errors of the sample mean; the standard error is also required to be below 1 % of A′, so that a
    // gradient off by a few per cent would be rejected.
    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(3, 2.0)]
    [InlineData(10, 5.0)]
    [InlineData(100, 300.0)]
    public void Gradient_is_unbiased_for_the_mean_resultant_length(int d, double kappa)
    {
        const int n = 40_000;
        var rng = new Random(17 + d);
        var mean = RandomUnit(d, 23);
        var z = new double[d];
        var dz = new double[d];
        double sum = 0, sumSq = 0;
        for (var k = 0; k < n; k++)
        {
            VonMisesFisher.SampleWithGradient(mean, kappa, rng, z, dz);
            var g = Dot(mean, dz);
            sum += g;
            sumSq += g * g;
        }

        var avg = sum / n;
        var se = Math.Sqrt(((sumSq / n) - (avg * avg)) / n);
        var a = VonMisesFisher.MeanResultantLength(d, kappa);
        var exact = 1 - (a * a) - ((d - 1) * a / kappa);
        output.WriteLine($"d = {d}, κ = {kappa}: mean of μᵀ∂z/∂κ = {avg:G6} ± {se:G2}, A′ = {exact:G6}, {(avg - exact) / se:F2} standard errors");
        Assert.True(se < 0.01 * exact, $"standard error {se} too large to detect a few per cent");
        Assert.True(Math.Abs(avg - exact) <= 4 * se, $"{avg} vs {exact} (se {se})");
    }

    // The gradient at a given sample reproduces the draw's: it rebuilds 1 − w = ‖z − μ‖²/2 from z, which carries the
    // roundings of z (1e-16 absolute) into 1 − w ≈ 0.02 at κ = 50, d = 3 (relative 1e-14, passed on to ∂θ/∂κ with a
    // factor of order one), so 1e-11 leaves ample room.
    [Fact]
    public void Gradient_at_a_given_sample_matches_the_draw()
    {
        foreach (var (d, kappa) in new[] { (3, 50.0), (10, 1.0), (1000, 2000.0) })
        {
            var mean = RandomUnit(d, 1);
            var rng = new Random(2);
            var z = new double[d];
            var dz = new double[d];
            var at = new double[d];
            var worst = 0.0;
            for (var k = 0; k < 50; k++)
            {
                VonMisesFisher.SampleWithGradient(mean, kappa, rng, z, dz);
                VonMisesFisher.ConcentrationGradientAt(mean, kappa, z, at);
                var scale = Math.Sqrt(dz.Sum(x => x * x));
                worst = Math.Max(worst, Math.Sqrt(dz.Zip(at, (x, y) => (x - y) * (x - y)).Sum()) / scale);
            }

            output.WriteLine($"d = {d}, κ = {kappa}: worst ‖Δ‖/‖∂z/∂κ‖ = {worst:G2}");
            Assert.True(worst <= 1e-11, $"d = {d}: {worst}");
        }
    }

    // The same seed draws the same noise whatever μ, so z(μ) is a smooth function along a tangent direction δ (δ ⟂ μ
    // keeps ‖μ ± hδ‖ − 1 = O(h²) = 1e-12 within the accepted 1e-8). Central differences with h = 1e-6 have truncation
    // error O(h²) ≈ 1e-12 and rounding error about 1e-16/h = 1e-10, relative to seedᵀ(∂z/∂μ)δ of order one; bar 1e-8.
    [Theory]
    [InlineData(2, 3.0)]
    [InlineData(3, 10.0)]
    [InlineData(50, 40.0)]
    public void Mean_backward_matches_finite_differences(int d, double kappa)
    {
        var mean = RandomUnit(d, 31);
        if (Math.Abs(mean[0]) < 0.1)
        {
            mean[0] += 0.5;   // keep away from the frame switch at μ₁ = 0
            Normalize(mean);
        }

        var seed = RandomUnit(d, 32);
        var delta = RandomUnit(d, 33);
        var along = Dot(delta, mean);
        for (var i = 0; i < d; i++)
        {
            delta[i] -= along * mean[i];
        }

        var z = new double[d];
        VonMisesFisher.Sample(mean, kappa, new Random(4), z);
        var grad = new double[d];
        VonMisesFisher.SampleBackwardMean(mean, z, seed, grad);
        Assert.True(Math.Abs(Dot(grad, mean)) <= 1e-14 * Math.Sqrt(Dot(grad, grad)) + 1e-300, "gradient not tangent");

        const double h = 1e-6;
        double Loss(double step)
        {
            var m = mean.Select((x, i) => x + (step * delta[i])).ToArray();
            var zz = new double[d];
            VonMisesFisher.Sample(m, kappa, new Random(4), zz);
            return Dot(seed, zz);
        }

        var fd = (Loss(h) - Loss(-h)) / (2 * h);
        var vjp = Dot(grad, delta);
        output.WriteLine($"d = {d}: VJP·δ = {vjp:R}, finite differences {fd:R}");
        Assert.True(Math.Abs(vjp - fd) <= 1e-8 * Math.Max(1, Math.Abs(fd)), $"{vjp} vs {fd}");
    }

    // d = 2: the density integrates to 1 over the circle. The trapezoid rule with n points is exact up to the Fourier
    // coefficients of order n of exp(κ cos a), which are I_n(κ)/I_0(κ) < 1e-30 for n = 2000 and κ ≤ 50; the bar 1e-13
    // is the rounding of 2000 terms.
    [Theory]
    [InlineData(1e-3)]
    [InlineData(1.0)]
    [InlineData(50.0)]
    public void Density_integrates_to_one_on_the_circle(double kappa)
    {
        const int n = 2000;
        var mean = new[] { Math.Cos(0.7), Math.Sin(0.7) };
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            sum += Math.Exp(VonMisesFisher.LogDensity(new[] { Math.Cos(a), Math.Sin(a) }, mean, kappa));
        }

        var integral = sum * 2 * Math.PI / n;
        output.WriteLine($"κ = {kappa}: ∫ = {integral:R}");
        Assert.True(Math.Abs(integral - 1) <= 1e-13, $"{integral}");
    }

    // d = 3: C₃(κ) = κ/(4π sinh κ), i.e. log C₃ = log κ − log 2π − κ − log1p(−e^{−2κ}) exactly; the bar is a few
    // roundings of |log C₃| (up to 1e5).
    [Theory]
    [InlineData(1e-3)]
    [InlineData(1.0)]
    [InlineData(50.0)]
    [InlineData(1e5)]
    public void Normalizer_matches_the_closed_form_in_three_dimensions(double kappa)
    {
        var exact = Math.Log(kappa) - Math.Log(2 * Math.PI) - kappa - SpecialFunctions.Log1p(-Math.Exp(-2 * kappa));
        var actual = VonMisesFisher.LogNormalizer(3, kappa);
        output.WriteLine($"κ = {kappa}: log C₃ = {actual:R}, closed form {exact:R}");
        Assert.True(Math.Abs(actual - exact) <= 1e-14 * Math.Max(1, Math.Abs(exact)), $"{actual} vs {exact}");
        Assert.Equal(-Math.Log(4 * Math.PI), VonMisesFisher.LogNormalizer(3, 0), 15);
        Assert.Equal(-Math.Log(2 * Math.PI), VonMisesFisher.LogNormalizer(2, 0), 15);
    }

    // log I_ν(x) and I_{ν+1}/I_ν against mpmath (50 digits) for ν = 0 … 499 and x = 1e-3 … 1e5. The error of log I is
    // measured against the scale S = max(1, |log I|, ν + x·I_{ν+1}/I_ν): x·d log I/dx = ν + x·I_{ν+1}/I_ν is how much
    // log I moves under a relative change of x, so one rounding of x (or of κ upstream) already moves log I by ε·S, and
    // Debye's leading terms √(ν² + x²) − ν·asinh(ν/x) are each of that size (at ν = 499, x = 333 they are about 600 and
    // cancel to 0.02). Bars: 1e-14·S for log I and 1e-14 relative for the ratio, about ten times the worst measured
    // (printed), far below what a wrong term or recurrence step would give.
    [Fact]
    public void LogBessel_and_ratio_match_mpmath()
    {
        var csv = MpmathCsv.Load("vmf_bessel.csv");
        int co = csv.Column("order"), cx = csv.Column("x"), cl = csv.Column("log_i"), cr = csv.Column("ratio");
        (double Error, string Where) worstLog = (0, ""), worstRatio = (0, "");
        foreach (var r in csv.Rows)
        {
            var logI = SpecialFunctions.LogBesselI(r[co], r[cx]);
            var ratio = SpecialFunctions.BesselIRatio(r[co], r[cx]);
            var e1 = Math.Abs(logI - r[cl]) / Math.Max(Math.Max(1, Math.Abs(r[cl])), r[co] + (r[cx] * r[cr]));
            var e2 = Math.Abs(ratio - r[cr]) / r[cr];
            var where = $"ν={r[co]:R} x={r[cx]:R}: log I {logI:R} vs {r[cl]:R}, ratio {ratio:R} vs {r[cr]:R}";
            if (e1 >= worstLog.Error)
            {
                worstLog = (e1, where);
            }

            if (e2 >= worstRatio.Error)
            {
                worstRatio = (e2, where);
            }
        }

        output.WriteLine($"log I: worst {worstLog.Error:G2} ({worstLog.Where})");
        output.WriteLine($"ratio: worst {worstRatio.Error:G2} ({worstRatio.Where})");
        Assert.True(worstLog.Error <= 1e-14, worstLog.Where);
        Assert.True(worstRatio.Error <= 1e-14, worstRatio.Where);
    }

    [Fact]
    public void Domain_errors_name_the_parameter()
    {
        var rng = new Random(1);
        var mean = new[] { 0.6, 0.8 };
        var z = new double[2];
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(mean, -1, rng, z)).ParamName);
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(mean, double.PositiveInfinity, rng, z)).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(new[] { 1.0 }, 1, rng, new double[1])).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(new[] { 0.6, 0.81 }, 1, rng, z)).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(new[] { 0.0, 0.0 }, 1, rng, z)).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.Sample(new[] { double.PositiveInfinity, 0.0 }, 1, rng, z)).ParamName);
        Assert.Equal("sample", Assert.Throws<ArgumentException>(() => VonMisesFisher.Sample(mean, 1, rng, new double[3])).ParamName);
        Assert.Equal("dConcentration", Assert.Throws<ArgumentException>(() => VonMisesFisher.SampleWithGradient(mean, 1, rng, z, new double[1])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => VonMisesFisher.LogDensity(new double[3], mean, 1)).ParamName);
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.LogDensity(mean, mean, -1)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.LogNormalizer(1, 1)).ParamName);
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => VonMisesFisher.MarginalCdf(0.5, 3, -2)).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentException>(() => VonMisesFisher.SampleBackwardMean(mean, z, new double[1], new double[2])).ParamName);

        // A norm within 1e-8 of 1 is accepted and normalised.
        VonMisesFisher.Sample(new[] { 0.6 * (1 + 5e-9), 0.8 * (1 + 5e-9) }, 3, rng, z);
        Assert.True(Math.Abs(Math.Sqrt(Dot(z, z)) - 1) <= 1e-15);
    }

    [Fact]
    public void NaN_propagates()
    {
        var rng = new Random(1);
        var mean = new[] { 0.0, 0.6, 0.8 };
        var z = new double[3];
        var dz = new double[3];
        VonMisesFisher.SampleWithGradient(mean, double.NaN, rng, z, dz);
        Assert.All(z, x => Assert.True(double.IsNaN(x)));
        Assert.All(dz, x => Assert.True(double.IsNaN(x)));
        VonMisesFisher.Sample(new[] { double.NaN, 0.6, 0.8 }, 2, rng, z);
        Assert.All(z, x => Assert.True(double.IsNaN(x)));
        Assert.True(double.IsNaN(VonMisesFisher.LogDensity(mean, mean, double.NaN)));
        Assert.True(double.IsNaN(VonMisesFisher.MarginalCdf(double.NaN, 3, 1)));
        Assert.True(double.IsNaN(VonMisesFisher.MarginalSampleGradient(0.5, 3, double.NaN)));
        Assert.True(double.IsNaN(SpecialFunctions.LogBesselI(double.NaN, 1)));
    }

    private static double[] DrawCosines(double[] mean, double kappa, int n, int seed)
    {
        var rng = new Random(seed);
        var z = new double[mean.Length];
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            VonMisesFisher.Sample(mean, kappa, rng, z);

            // w = 1 − ‖z − μ‖²/2 keeps the digits of 1 − w near w = 1 (κ = 1e5).
            var t = 0.0;
            for (var j = 0; j < z.Length; j++)
            {
                var diff = z[j] - mean[j];
                t += diff * diff;
            }

            w[i] = 1 - (0.5 * t);
        }

        return w;
    }

    private static double[] RandomUnit(int d, int seed)
    {
        var rng = new Random(seed);
        var v = new double[d];
        for (var i = 0; i < d; i++)
        {
            v[i] = StandardNoise.Normal(rng);
        }

        Normalize(v);
        return v;
    }

    private static void Normalize(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++)
        {
            v[i] /= norm;
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
