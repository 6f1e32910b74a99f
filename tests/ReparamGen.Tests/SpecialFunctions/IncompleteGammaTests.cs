using System;
using System.Globalization;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

public class IncompleteGammaTests
{
    private static readonly ReferenceCsv Csv = ReferenceCsv.Load("gamma_incomplete.csv");

    [Fact]
    public void P_Q_DerivativeA_Density_MatchMpmath()
    {
        int cA = Csv.Column("a"), cX = Csv.Column("x"), cP = Csv.Column("p"), cQ = Csv.Column("q"), cD = Csv.Column("dp_da"), cF = Csv.Column("pdf");
        var checkedPoints = 0;
        foreach (var r in Csv.Rows)
        {
            double a = r[cA], x = r[cX];
            var at = string.Format(CultureInfo.InvariantCulture, "a={0:R}, x={1:R}", a, x);
            // One bar per point, from the smaller tail (whose prefactor every quantity shares) and the larger one.
            var bar = Bar(a, x, r[cP], r[cQ]);
            Check(SF.RegularizedGammaP(a, x), r[cP], bar, "P at " + at);
            Check(SF.RegularizedGammaQ(a, x), r[cQ], bar, "Q at " + at);
            Check(SF.RegularizedGammaPDerivativeA(a, x), r[cD], bar, "dP/da at " + at);
            Check(SF.RegularizedGammaPDerivativeX(a, x), r[cF], bar, "density at " + at);
            checkedPoints++;
        }

        Assert.True(checkedPoints > 100);
    }

    [Fact]
    public void Tangents_MatchMpmathDerivatives()
    {
        int cA = Csv.Column("a"), cX = Csv.Column("x"), cP = Csv.Column("p"), cQ = Csv.Column("q"), cD = Csv.Column("dp_da"), cF = Csv.Column("pdf");
        foreach (var r in Csv.Rows)
        {
            double a = r[cA], x = r[cX];
            const double dA = 0.3, dX = -0.7;
            var p = SF.RegularizedGammaPTangent(a, x, dA, dX, out var dp);
            var q = SF.RegularizedGammaQTangent(a, x, dA, dX, out var dq);
            var expected = dA * r[cD] + dX * r[cF];
            var scale = Math.Abs(dA * r[cD]) + Math.Abs(dX * r[cF]);
            var bar = Bar(a, x, r[cP], r[cQ]);
            var at = string.Format(CultureInfo.InvariantCulture, "a={0:R}, x={1:R}", a, x);
            Assert.True(Math.Abs(dp - expected) <= bar * scale, "dP tangent at " + at);
            Assert.True(Math.Abs(dq + expected) <= bar * scale, "dQ tangent at " + at);
            Assert.Equal(SF.RegularizedGammaP(a, x), p);
            Assert.Equal(SF.RegularizedGammaQ(a, x), q);
        }
    }

    [Fact]
    public void Edges_DomainErrors_AndNaN()
    {
        Assert.Equal(0.0, SF.RegularizedGammaP(2.0, 0.0));
        Assert.Equal(1.0, SF.RegularizedGammaQ(2.0, 0.0));
        Assert.Equal(1.0, SF.RegularizedGammaP(2.0, double.PositiveInfinity));
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => SF.RegularizedGammaP(0.0, 1.0)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SF.RegularizedGammaQ(1.0, -1.0)).ParamName);
        Assert.True(double.IsNaN(SF.RegularizedGammaP(double.NaN, 1.0)));
        Assert.True(double.IsNaN(SF.RegularizedGammaPDerivativeA(1.0, double.NaN)));
        // Closed form for a = 1: P = 1 − e^{−x}.
        Assert.Equal(1 - Math.Exp(-0.75), SF.RegularizedGammaP(1.0, 0.75), 15);
    }

    // The method evaluates P directly for x < a + 1 (series) and Q otherwise (continued fraction).
    private static double Bar(double a, double x, double p, double q)
    {
        var direct = x < a + 1 ? p : q;
        return Bars.Incomplete(Math.Min(p, q), Math.Max(p, q), direct > 0.5);
    }

    private static void Check(double computed, double expected, double bar, string what)
    {
        var error = ErrorStats.Relative(computed, expected);
        Assert.True(error <= bar, string.Format(CultureInfo.InvariantCulture, "{0}: relative error {1:0.0e+00} > bar {2:0.0e+00} (computed {3:R}, expected {4:R})", what, error, bar, computed, expected));
    }
}
