using System;
using System.Globalization;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

public class IncompleteBetaTests
{
    private static readonly ReferenceCsv Csv = ReferenceCsv.Load("beta_incomplete.csv");

    [Fact]
    public void Value_Complement_Derivatives_Density_MatchMpmath()
    {
        int cA = Csv.Column("a"), cB = Csv.Column("b"), cX = Csv.Column("x"), cI = Csv.Column("i"), cJ = Csv.Column("one_minus_i");
        int cDa = Csv.Column("di_da"), cDb = Csv.Column("di_db"), cF = Csv.Column("pdf");
        foreach (var r in Csv.Rows)
        {
            double a = r[cA], b = r[cB], x = r[cX], i = r[cI], j = r[cJ];
            var at = string.Format(CultureInfo.InvariantCulture, "a={0:R}, b={1:R}, x={2:R}", a, b, x);
            SF.IncompleteBeta(a, b, x, out var ci, out var cj, out var da, out var db, out var density);
            Assert.Equal(ci, SF.RegularizedBeta(a, b, x));
            // One bar per point, from the smaller tail (whose prefactor every quantity shares) and the larger one.
            var bar = Bar(a, b, x, i, j);
            Check(ci, i, bar, "I at " + at);
            Check(cj, j, bar, "1 − I at " + at);
            Check(da, r[cDa], bar, "dI/da at " + at);
            Check(db, r[cDb], bar, "dI/db at " + at);
            Check(density, r[cF], bar, "density at " + at);
        }
    }

    [Fact]
    public void PublicDerivatives_AndTangent_MatchMpmath()
    {
        int cA = Csv.Column("a"), cB = Csv.Column("b"), cX = Csv.Column("x"), cI = Csv.Column("i"), cJ = Csv.Column("one_minus_i");
        int cDa = Csv.Column("di_da"), cDb = Csv.Column("di_db"), cF = Csv.Column("pdf");
        foreach (var r in Csv.Rows)
        {
            double a = r[cA], b = r[cB], x = r[cX];
            var bar = Bar(a, b, x, r[cI], r[cJ]);
            var at = string.Format(CultureInfo.InvariantCulture, "a={0:R}, b={1:R}, x={2:R}", a, b, x);
            Assert.True(ErrorStats.Relative(SF.RegularizedBetaDerivativeA(a, b, x), r[cDa]) <= bar, "dI/da at " + at);
            Assert.True(ErrorStats.Relative(SF.RegularizedBetaDerivativeB(a, b, x), r[cDb]) <= bar, "dI/db at " + at);
            Assert.True(ErrorStats.Relative(SF.RegularizedBetaDerivativeX(a, b, x), r[cF]) <= bar, "density at " + at);

            const double dA = 0.5, dB = -0.25, dX = 0.125;
            var v = SF.RegularizedBetaTangent(a, b, x, dA, dB, dX, out var d);
            var expected = dA * r[cDa] + dB * r[cDb] + dX * r[cF];
            var scale = Math.Abs(dA * r[cDa]) + Math.Abs(dB * r[cDb]) + Math.Abs(dX * r[cF]);
            Assert.True(Math.Abs(d - expected) <= bar * scale, "tangent at " + at);
            Assert.Equal(SF.RegularizedBeta(a, b, x), v);
        }
    }

    [Fact]
    public void Edges_DomainErrors_AndNaN()
    {
        Assert.Equal(0.0, SF.RegularizedBeta(2, 3, 0));
        Assert.Equal(1.0, SF.RegularizedBeta(2, 3, 1));
        // Closed form: I_x(1, b) = 1 − (1 − x)^b.
        Assert.Equal(1 - Math.Pow(0.7, 2.5), SF.RegularizedBeta(1, 2.5, 0.3), 15);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => SF.RegularizedBeta(0, 1, 0.5)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => SF.RegularizedBeta(1, -2, 0.5)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SF.RegularizedBeta(1, 2, 1.5)).ParamName);
        Assert.True(double.IsNaN(SF.RegularizedBeta(double.NaN, 1, 0.5)));
        Assert.True(double.IsNaN(SF.RegularizedBetaDerivativeA(1, 1, double.NaN)));
    }

    // The method evaluates I directly for x < (a+1)/(a+b+2) and 1 − I = I_{1−x}(b, a) otherwise (Numerical Recipes'
    // rule); its continued fraction's first odd coefficient is d₁ = −(p+q)·t/(p+1) for the side (p, q, t) evaluated.
    private static double Bar(double a, double b, double x, double i, double j)
    {
        var lower = x * (a + b + 2) < a + 1;
        var direct = lower ? i : j;
        var d1 = lower ? -(a + b) * x / (a + 1) : -(a + b) * (1 - x) / (b + 1);
        return Bars.Incomplete(Math.Min(i, j), Math.Max(i, j), direct > 0.5, 1.0 / Math.Abs(1.0 + d1));
    }

    private static void Check(double computed, double expected, double bar, string what)
    {
        var error = ErrorStats.Relative(computed, expected);
        Assert.True(error <= bar, string.Format(CultureInfo.InvariantCulture, "{0}: relative error {1:0.0e+00} > bar {2:0.0e+00} (computed {3:R}, expected {4:R})", what, error, bar, computed, expected));
    }
}
