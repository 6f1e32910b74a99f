using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Distributions;

/// <summary>LogDensity and Cdf, and their generated gradients, against mpmath (distributions_logdensity_cdf.csv).</summary>
/// <remarks>
/// Errors measured: log density absolute in nats relative to max(1, |log q|); CDF relative; gradients
/// (∂x, ∂p1, ∂p2) norm-wise, ‖generated − reference‖∞/‖reference‖∞, since single partials pass through 0
/// (∂/∂mean of the log density at the mean). The inputs are exact doubles, so what remains is each
/// formula's rounding times its conditioning; the worst measured over the grid are 1.3e-15 (log density,
/// Weibull), 7.1e-15 (CDF, Gumbel at t = −3.3, condition number ≈ 90) and 1.9e-14 (gradient, Weibull CDF
/// at (x/scale)^10 ≈ 21, condition number ≈ 200). The bars are about ten times those.
/// </remarks>
public class DensityTests(ITestOutputHelper output)
{
    private const double LogDensityTolerance = 2e-14;
    private const double CdfTolerance = 1e-13;
    private const double GradientTolerance = 2e-13;

    public static TheoryData<string> Names() => new(Law.All.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesMpmath(string name)
    {
        var law = Law.ByName(name);
        var worst = new Dictionary<string, (double Err, string Where)>();
        foreach (var row in ReferenceCsv.Read("distributions_logdensity_cdf.csv").Where(r => r["distribution"] == name))
        {
            double x = row.Number("x"), p1 = row.Number("p1"), p2 = row.Number("p2");
            var where = $"x={x:R} p=({p1},{p2})";
            var ld = law.LogDensityWithGradient(x, p1, p2);
            var cdf = law.CdfWithGradient(x, p1, p2);
            Record(worst, "logdensity", Math.Abs(ld.Value - row.Number("logdensity")) / Math.Max(1, Math.Abs(row.Number("logdensity"))), where);
            Record(worst, "cdf", Rel(cdf.Value, row.Number("cdf")), where);
            Record(worst, "logdensity grad", NormErr(ld, row, "dlogdensity"), where);
            Record(worst, "cdf grad", NormErr(cdf, row, "dcdf"), where);
        }

        foreach (var (k, v) in worst)
        {
            output.WriteLine($"{name} {k}: {v.Err:E2} at {v.Where}");
        }

        Assert.True(worst["logdensity"].Err <= LogDensityTolerance, $"{name} log density: {worst["logdensity"]}");
        Assert.True(worst["cdf"].Err <= CdfTolerance, $"{name} CDF: {worst["cdf"]}");
        Assert.True(worst["logdensity grad"].Err <= GradientTolerance, $"{name} log density gradient: {worst["logdensity grad"]}");
        Assert.True(worst["cdf grad"].Err <= GradientTolerance, $"{name} CDF gradient: {worst["cdf grad"]}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMembersAgreeWithThePlainMembers(string name)
    {
        var law = Law.ByName(name);
        foreach (var row in ReferenceCsv.Read("distributions_logdensity_cdf.csv").Where(r => r["distribution"] == name))
        {
            double x = row.Number("x"), p1 = row.Number("p1"), p2 = row.Number("p2");
            Assert.Equal(law.LogDensity(x, p1, p2), law.LogDensityWithGradient(x, p1, p2).Value);
            Assert.Equal(law.Cdf(x, p1, p2), law.CdfWithGradient(x, p1, p2).Value);
        }
    }

    // Outside the support: log q = −∞ and F ∈ {0, 1}, with zero (not NaN) partials.
    [Theory]
    [InlineData("LogNormal", -1.0, 0.0, 1.0, 0.0)]
    [InlineData("LogNormal", 0.0, 0.0, 1.0, 0.0)]
    [InlineData("Uniform", -3.0, -2.0, 5.0, 0.0)]
    [InlineData("Uniform", 6.0, -2.0, 5.0, 1.0)]
    [InlineData("Exponential", -1.0, 2.0, 0.0, 0.0)]
    [InlineData("Weibull", -1.0, 2.0, 1.0, 0.0)]
    [InlineData("Kumaraswamy", -0.5, 2.0, 3.0, 0.0)]
    [InlineData("Kumaraswamy", 1.5, 2.0, 3.0, 1.0)]
    public void OutsideTheSupport(string name, double x, double p1, double p2, double cdf)
    {
        var law = Law.ByName(name);
        Assert.Equal(double.NegativeInfinity, law.LogDensity(x, p1, p2));
        Assert.Equal(cdf, law.Cdf(x, p1, p2));
        var ld = law.LogDensityWithGradient(x, p1, p2);
        Assert.Equal(double.NegativeInfinity, ld.Value);
        Assert.Equal((0.0, 0.0, 0.0), (ld.DX, ld.D1, ld.D2));
        var c = law.CdfWithGradient(x, p1, p2);
        Assert.Equal((cdf, 0.0, 0.0, 0.0), (c.Value, c.DX, c.D1, c.D2));
    }

    // Limits at the support's ends where a (shape − 1)·log 0 term would be 0·∞ = NaN at shape 1.
    [Theory]
    [InlineData("Weibull", 0.0, 0.5, 2.0, double.PositiveInfinity)]
    [InlineData("Weibull", 0.0, 1.0, 2.0, -0.69314718055994531)] // log(1/scale)
    [InlineData("Weibull", 0.0, 3.0, 2.0, double.NegativeInfinity)]
    [InlineData("Kumaraswamy", 0.0, 0.5, 3.0, double.PositiveInfinity)]
    [InlineData("Kumaraswamy", 0.0, 1.0, 3.0, 1.0986122886681098)]  // log b
    [InlineData("Kumaraswamy", 0.0, 2.0, 3.0, double.NegativeInfinity)]
    [InlineData("Kumaraswamy", 1.0, 2.0, 0.5, double.PositiveInfinity)]
    [InlineData("Kumaraswamy", 1.0, 2.0, 1.0, 0.69314718055994531)] // log a
    [InlineData("Kumaraswamy", 1.0, 2.0, 3.0, double.NegativeInfinity)]
    [InlineData("Uniform", -2.0, -2.0, 5.0, -1.9459101490553132)]   // −log 7, closed interval
    [InlineData("Exponential", 0.0, 2.0, 0.0, 0.69314718055994531)] // log rate
    public void LogDensityLimitsAtTheEnds(string name, double x, double p1, double p2, double expected)
    {
        var law = Law.ByName(name);
        Assert.Equal(expected, law.LogDensity(x, p1, p2), 15);
    }

    // CDFs reach their limits without NaN at ±∞.
    [Theory]
    [MemberData(nameof(Names))]
    public void CdfLimitsAtInfinity(string name)
    {
        var law = Law.ByName(name);
        var (p1, p2) = name == "Uniform" ? (-2.0, 5.0) : (1.5, 2.0);
        Assert.Equal(0.0, law.Cdf(double.NegativeInfinity, p1, p2));
        Assert.Equal(1.0, law.Cdf(double.PositiveInfinity, p1, p2));
        Assert.Equal(double.NegativeInfinity, law.LogDensity(double.NegativeInfinity, p1, p2));
    }

    // Log space keeps far tails finite where the density itself underflows.
    [Fact]
    public void LogDensityIsFiniteWhereTheDensityUnderflows()
    {
        Assert.Equal(-0.5 * 1e4 - 0.91893853320467274, ReparamGen.Distributions.Normal.LogDensity(100, 0, 1), 12);
        Assert.Equal(-1e6 - 0.69314718055994531, ReparamGen.Distributions.Laplace.LogDensity(1e6, 0, 1), 9);
        Assert.True(double.IsFinite(ReparamGen.Distributions.Cauchy.LogDensity(1e200, 0, 1))); // t² would overflow
        Assert.Equal(-2 * Math.Log(1e200) - Math.Log(Math.PI), ReparamGen.Distributions.Cauchy.LogDensity(1e200, 0, 1), 12);
        Assert.Equal(-1000, ReparamGen.Distributions.Logistic.LogDensity(-1000, 0, 1), 12);
        Assert.True(ReparamGen.Distributions.Normal.Cdf(-37, 0, 1) > 0); // Φ(−37) ≈ 5.7e-300, not 0
    }

    private static double Rel(double a, double e) => a == e ? 0 : Math.Abs(a - e) / Math.Abs(e);

    private static double NormErr(XGrad g, Dictionary<string, string> row, string prefix)
    {
        var e = new[] { row.Number(prefix + "_dx"), row.Number(prefix + "_dp1"), row.Number(prefix + "_dp2") };
        var a = new[] { g.DX, g.D1, g.D2 };
        var norm = e.Max(Math.Abs);
        return norm == 0 ? a.Max(Math.Abs) : e.Zip(a, (u, v) => Math.Abs(u - v)).Max() / norm;
    }

    private static void Record(Dictionary<string, (double, string)> worst, string key, double err, string where)
    {
        if (!worst.TryGetValue(key, out var w) || err > w.Item1)
        {
            worst[key] = (err, where);
        }
    }
}
