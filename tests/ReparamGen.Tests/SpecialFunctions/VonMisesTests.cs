using System;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

public class VonMisesTests
{
    [Fact]
    public void Cdf_MatchesMpmath_IntoTheTails() => GammaFunctionTests.AssertWithin(FunctionMeasurements.VonMisesCdf(), Bars.VonMises);

    [Fact]
    public void CdfDerivativeConcentration_MatchesMpmath() => GammaFunctionTests.AssertWithin(FunctionMeasurements.VonMisesCdfDerivative(), Bars.VonMises);

    [Fact]
    public void CdfTangent_MatchesMpmath() => GammaFunctionTests.AssertWithin(FunctionMeasurements.VonMisesCdfTangent(), Bars.VonMises);

    [Fact]
    public void CdfTangent_XPartIsTheDensity()
    {
        // Closed-form density e^{κ cos x}/(2π I₀(κ)) with log I₀ from the separately tested LogBesselI0.
        const double x = 0.4, kappa = 3.0;
        SF.VonMisesCdfTangent(x, kappa, 1.0, 0.0, out var d);
        var density = Math.Exp(kappa * Math.Cos(x) - SF.LogBesselI0(kappa)) / (2 * Math.PI);
        Assert.Equal(density, d, 14);
    }

    [Fact]
    public void Uniform_WhenConcentrationIsZero()
    {
        // κ = 0: F(x) = (x + π)/(2π) and ∂κF = sin(x)/(2π) (from ∂κq = cos t·q at κ = 0).
        foreach (var x in new[] { -3.0, -1.0, 0.0, 0.5, 2.5 })
        {
            Assert.Equal((x + Math.PI) / (2 * Math.PI), SF.VonMisesCdf(x, 0.0), 15);
            Assert.Equal(Math.Sin(x) / (2 * Math.PI), SF.VonMisesCdfDerivativeConcentration(x, 0.0), 15);
        }
    }

    [Fact]
    public void Symmetry_AndSupport()
    {
        Assert.Equal(0.5, SF.VonMisesCdf(0.0, 7.0), 15);
        Assert.Equal(1.0, SF.VonMisesCdf(0.9, 7.0) + SF.VonMisesCdf(-0.9, 7.0), 15);
        Assert.Equal(0.0, SF.VonMisesCdf(-Math.PI, 7.0));
        Assert.Equal(1.0, SF.VonMisesCdf(4.0, 7.0));
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => SF.VonMisesCdf(0.1, -1.0)).ParamName);
        Assert.True(double.IsNaN(SF.VonMisesCdf(double.NaN, 1.0)));
        Assert.True(double.IsNaN(SF.VonMisesCdf(0.3, double.NaN)));
    }
}
