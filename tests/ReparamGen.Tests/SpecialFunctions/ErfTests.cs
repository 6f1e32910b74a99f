using System;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

public class ErfTests
{
    [Fact]
    public void Erf_MatchesMpmath() => GammaFunctionTests.AssertWithin(FunctionMeasurements.Erf(), Bars.FewUlp);

    [Fact]
    public void Erfc_MatchesMpmath_DownToTheSmallestSubnormal() => GammaFunctionTests.AssertWithin(FunctionMeasurements.Erfc(), Bars.FewUlp);

    [Fact]
    public void ErfInv_MatchesMpmath() => GammaFunctionTests.AssertWithin(FunctionMeasurements.ErfInv(), Bars.FewUlp);

    [Fact]
    public void ErfcInv_MatchesMpmath() => GammaFunctionTests.AssertWithin(FunctionMeasurements.ErfcInv(), Bars.FewUlp);

    [Fact]
    public void Tangents_MatchMpmathDerivatives()
    {
        GammaFunctionTests.AssertWithin(FunctionMeasurements.ErfTangent(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(FunctionMeasurements.ErfcTangent(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(FunctionMeasurements.ErfInvTangent(), Bars.FewUlp);
    }

    [Fact]
    public void ErfcInvTangent_IsMinusErfInvTangentOfOneMinusQ()
    {
        // erfcinv(q) = erfinv(1 − q): at q = 0.25 (1 − q exact) the tangents are opposite.
        SF.ErfcInvTangent(0.25, 1.0, out var dc);
        SF.ErfInvTangent(0.75, 1.0, out var di);
        Assert.Equal(-di, dc, 14);
    }

    [Fact]
    public void EdgeValues()
    {
        Assert.Equal(double.PositiveInfinity, SF.ErfInv(1.0));
        Assert.Equal(double.NegativeInfinity, SF.ErfInv(-1.0));
        Assert.Equal(double.PositiveInfinity, SF.ErfcInv(0.0));
        Assert.Equal(double.NegativeInfinity, SF.ErfcInv(2.0));
        Assert.Equal(1.0, SF.Erf(double.PositiveInfinity));
        Assert.Equal(0.0, SF.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, SF.Erfc(double.NegativeInfinity));
        Assert.True(double.IsNaN(SF.Erf(double.NaN)));
        Assert.True(double.IsNaN(SF.ErfInv(double.NaN)));
        Assert.True(double.IsNaN(SF.ErfcInv(double.NaN)));
    }

    [Fact]
    public void DomainErrors_NameTheParameter()
    {
        Assert.Equal("y", Assert.Throws<ArgumentOutOfRangeException>(() => SF.ErfInv(1.5)).ParamName);
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => SF.ErfcInv(-0.1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SF.Log1p(-1.5)).ParamName);
    }
}
