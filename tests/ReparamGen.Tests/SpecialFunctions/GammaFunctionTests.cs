using System;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

public class GammaFunctionTests
{
    [Fact]
    public void LogGamma_MatchesMpmath() => AssertWithin(FunctionMeasurements.LogGamma(), Bars.FewUlp);

    [Fact]
    public void Digamma_MatchesMpmath() => AssertWithin(FunctionMeasurements.Digamma(), Bars.FewUlp);

    [Fact]
    public void Trigamma_MatchesMpmath() => AssertWithin(FunctionMeasurements.Trigamma(), Bars.FewUlp);

    [Fact]
    public void LogGammaTangent_IsDigamma() => AssertWithin(FunctionMeasurements.LogGammaTangent(), Bars.FewUlp);

    [Fact]
    public void DigammaTangent_IsTrigamma() => AssertWithin(FunctionMeasurements.DigammaTangent(), Bars.FewUlp);

    [Fact]
    public void TrigammaTangent_IsTetragamma() => AssertWithin(FunctionMeasurements.TrigammaTangent(), Bars.FewTerms);

    [Fact]
    public void LogBeta_MatchesMpmath() => AssertWithin(FunctionMeasurements.LogBeta(), Bars.FewTerms);

    [Fact]
    public void Log1p_MatchesMpmath() => AssertWithin(FunctionMeasurements.Log1p(), Bars.FewUlp);

    [Fact]
    public void LogBesselI0_AndItsTangent_MatchMpmath()
    {
        AssertWithin(FunctionMeasurements.LogBesselI0(), Bars.FewUlp);
        AssertWithin(FunctionMeasurements.BesselRatio(), Bars.FewTerms);
        AssertWithin(FunctionMeasurements.BesselOneMinusRatio(), Bars.BesselComplement);
    }

    [Fact]
    public void Tangents_ScaleWithTheInputTangent()
    {
        // The rule's dResult is linear in dX, and a zero tangent gives exactly zero.
        SF.LogGammaTangent(3.7, 2.5, out var d);
        Assert.Equal(2.5 * SF.Digamma(3.7), d, 15);
        SF.DigammaTangent(0.3, 0.0, out d);
        Assert.Equal(0.0, d);
        Assert.Equal(SF.LogGamma(0.3), SF.LogGammaTangent(0.3, 1.0, out _));
    }

    [Fact]
    public void Poles_AndNaN()
    {
        Assert.Equal(double.PositiveInfinity, SF.LogGamma(0.0));
        Assert.Equal(double.PositiveInfinity, SF.LogGamma(-3.0));
        Assert.True(double.IsNaN(SF.Digamma(-2.0)));
        Assert.True(double.IsNaN(SF.LogGamma(double.NaN)));
        Assert.True(double.IsNaN(SF.Digamma(double.NaN)));
        Assert.True(double.IsNaN(SF.Trigamma(double.NaN)));
    }

    [Fact]
    public void NegativeArguments_FollowTheReflectionFormulas()
    {
        // Independent closed forms: Γ(−½) = −2√π, ψ(−½) = ψ(½) + 2 = −γ − 2 log 2 + 2, ψ'(−½) = π²/2 + 4.
        Assert.Equal(Math.Log(2 * Math.Sqrt(Math.PI)), SF.LogGamma(-0.5), 14);
        Assert.Equal(-0.5772156649015329 - 2 * Math.Log(2) + 2, SF.Digamma(-0.5), 14);
        Assert.Equal(Math.PI * Math.PI / 2 + 4, SF.Trigamma(-0.5), 13);
    }

    [Fact]
    public void LogBeta_RejectsNonPositiveShapes()
    {
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => SF.LogBeta(0, 1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => SF.LogBeta(1, -1)).ParamName);
        Assert.True(double.IsNaN(SF.LogBeta(double.NaN, 1)));
    }

    internal static void AssertWithin(ErrorStats stats, double bar)
    {
        Assert.True(stats.Count > 0, stats.Label + ": no reference points");
        Assert.True(stats.Worst <= bar, stats + " exceeds the bar " + bar.ToString("0.0e+00", System.Globalization.CultureInfo.InvariantCulture));
    }
}
