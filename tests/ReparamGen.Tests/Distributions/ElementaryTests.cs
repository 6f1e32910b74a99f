using System;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Distributions;

/// <summary>The library's log1p, expm1 and standard normal CDF against mpmath (distributions_elementary.csv), and their tangent rules against closed forms.</summary>
public class ElementaryTests(ITestOutputHelper output)
{
    // log1p/expm1: the correction trick leaves a few ulps (Higham §1.14.1 bounds it by about 3.5u with a
    // correctly rounded log/exp); 1e-15 = 4.5 ulps. Measured worst in docs/distributions.md.
    private const double ElementaryTolerance = 1e-15;

    // Φ: no argument rounding reaches the exponential (t² is split exactly), the series and the continued
    // fraction are summed to below 1e-16, so a few ulps remain; 2e-15 is ~5× the worst measured.
    private const double PhiTolerance = 2e-15;

    [Theory]
    [InlineData("log1p")]
    [InlineData("expm1")]
    public void MatchesMpmath(string function)
    {
        Func<double, double> f = function == "log1p" ? SpecialFunctions.Log1p : SpecialFunctions.Expm1;
        var worst = 0.0;
        foreach (var row in ReferenceCsv.Read("distributions_elementary.csv").Where(r => r["function"] == function))
        {
            var x = row.Number("x");
            var expected = row.Number("value");
            var actual = f(x);
            var error = expected == actual ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);
            worst = Math.Max(worst, error);
            Assert.True(error <= ElementaryTolerance, $"{function}({x:R}) = {actual:R}, mpmath {expected:R}");
        }

        output.WriteLine($"{function}: worst relative error {worst:E2}");
    }

    [Fact]
    public void StandardNormalCdfMatchesMpmath()
    {
        var worst = 0.0;
        foreach (var row in ReferenceCsv.Read("distributions_elementary.csv").Where(r => r["function"] == "ncdf"))
        {
            var t = row.Number("x");
            var expected = row.Number("value");
            var actual = StandardNormal.Cdf(t);
            var error = expected == actual ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);
            worst = Math.Max(worst, error);
            Assert.True(error <= PhiTolerance, $"Φ({t:R}) = {actual:R}, mpmath {expected:R}, error {error:E2}");
        }

        output.WriteLine($"Φ: worst relative error {worst:E2}");
    }

    [Fact]
    public void EdgeValues()
    {
        Assert.Equal(1e-300, SpecialFunctions.Log1p(1e-300));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.Log1p(-1));
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Log1p(-2)).ParamName); // the library's domain-error policy
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Log1p(double.PositiveInfinity));
        Assert.True(double.IsNaN(SpecialFunctions.Log1p(double.NaN)));
        Assert.Equal(-1.0, SpecialFunctions.Expm1(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Expm1(710));
        Assert.True(double.IsNaN(SpecialFunctions.Expm1(double.NaN)));
        Assert.Equal(0.0, StandardNormal.Cdf(double.NegativeInfinity));
        Assert.Equal(0.0, StandardNormal.Cdf(-1e200));
        Assert.Equal(1.0, StandardNormal.Cdf(double.PositiveInfinity));
        Assert.Equal(0.5, StandardNormal.Cdf(0));
        Assert.True(double.IsNaN(StandardNormal.Cdf(double.NaN)));
    }

    // Tangent rules against their closed forms: d log1p = dx/(1 + x), d expm1 = eˣ dx, dΦ = φ dt.
    [Theory]
    [InlineData(-0.999)]
    [InlineData(-1e-10)]
    [InlineData(0.3)]
    [InlineData(-40.0)]
    [InlineData(50.0)]
    public void TangentRulesMatchClosedForms(double x)
    {
        const double dx = 0.7;
        if (x > -1)
        {
            Assert.Equal(SpecialFunctions.Log1p(x), SpecialFunctions.Log1pTangent(x, dx, out var dLog1p));
            AssertRelative(dx / (1 + x), dLog1p, 2e-16);
        }

        Assert.Equal(SpecialFunctions.Expm1(x), SpecialFunctions.Expm1Tangent(x, dx, out var dExpm1));
        AssertRelative(Math.Exp(x) * dx, dExpm1, 2e-16);

        Assert.Equal(StandardNormal.Cdf(x), StandardNormal.CdfTangent(x, dx, out var dPhi));
        AssertRelative(Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI) * dx, dPhi, 1e-15);
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
        => Assert.True(expected == actual || Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
