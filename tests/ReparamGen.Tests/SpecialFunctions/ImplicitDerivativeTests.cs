using System;
using System.Globalization;
using Xunit;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// The product's accuracy promise: implicit reparameterization derivatives within 1e-10 relative of mpmath
/// over shapes 1e-3 … 1e4 (Gamma, Beta), concentrations 1e-2 … 1e3 (von Mises) and quantiles 1e-8 … 1 − 1e-8.
/// </summary>
public class ImplicitDerivativeTests
{
    [Fact]
    public void GammaShape_Within1e10_OverTheWholeGrid() => AssertImplicit(AccuracyMeasurements.GammaShape(), 300);

    // The series route reaches past z = α + 1 for α < 7 (SpecialFunctions.GammaShapeGradient): its cancellation is worst
    // at the hand-over, which the main grid's quantiles rarely hit; 31 shapes × 10 samples around it (310 points).
    [Fact]
    public void GammaShape_Within1e10_WhereTheSeriesHandsOver() => AssertImplicit(AccuracyMeasurements.GammaShapeSeriesReach(), 300);

    [Fact]
    public void BetaA_Within1e10_OverTheWholeGrid() => AssertImplicit(AccuracyMeasurements.Beta().A, 1500);

    [Fact]
    public void BetaB_Within1e10_OverTheWholeGrid() => AssertImplicit(AccuracyMeasurements.Beta().B, 1500);

    [Fact]
    public void VonMisesConcentration_Within1e10_OverTheWholeGrid() => AssertImplicit(AccuracyMeasurements.VonMisesConcentration(), 250);

    [Fact]
    public void Float32Overloads_RoundTheDoubleResultOnce()
    {
        GammaFunctionTests.AssertWithin(AccuracyMeasurements.GammaShape(float32: true), Bars.Float32);
        GammaFunctionTests.AssertWithin(AccuracyMeasurements.Beta(float32: true).A, Bars.Float32);
        GammaFunctionTests.AssertWithin(AccuracyMeasurements.Beta(float32: true).B, Bars.Float32);
        GammaFunctionTests.AssertWithin(AccuracyMeasurements.VonMisesConcentration(float32: true), Bars.Float32);
    }

    [Fact]
    public void GammaShape_TinySamples_AreFiniteNonZeroAndAccurate()
    {
        var csv = ReferenceCsv.Load("gamma_tiny.csv");
        int cA = csv.Column("shape"), cZ = csv.Column("z"), cD = csv.Column("dz_dshape");
        foreach (var r in csv.Rows)
        {
            var d = ImplicitDerivatives.GammaShape(r[cZ], r[cA]);
            AssertTiny(d, r[cD], string.Format(CultureInfo.InvariantCulture, "shape={0:R}, z={1:R}", r[cA], r[cZ]));
        }
    }

    [Fact]
    public void Beta_TinySamples_AreFiniteNonZeroAndAccurate()
    {
        var csv = ReferenceCsv.Load("beta_tiny.csv");
        int cA = csv.Column("a"), cB = csv.Column("b"), cZ = csv.Column("z"), cDa = csv.Column("dz_da"), cDb = csv.Column("dz_db");
        foreach (var r in csv.Rows)
        {
            ImplicitDerivatives.Beta(r[cZ], r[cA], r[cB], out var da, out var db);
            var at = string.Format(CultureInfo.InvariantCulture, "a={0:R}, b={1:R}, z={2:R}", r[cA], r[cB], r[cZ]);
            AssertTiny(da, r[cDa], "dz/da at " + at);
            AssertTiny(db, r[cDb], "dz/db at " + at);
        }
    }

    [Fact]
    public void VonMises_IsOddInTheSample_AndZeroAtTheModeAndTheEnds()
    {
        foreach (var kappa in new[] { 0.0, 0.05, 2.0, 300.0 })
        {
            foreach (var z in new[] { 0.01, 0.7, 2.9 })
            {
                Assert.Equal(-ImplicitDerivatives.VonMisesConcentration(-z, kappa), ImplicitDerivatives.VonMisesConcentration(z, kappa));
            }

            Assert.Equal(0.0, ImplicitDerivatives.VonMisesConcentration(0.0, kappa));
            Assert.Equal(0.0, ImplicitDerivatives.VonMisesConcentration(Math.PI, kappa));
        }

        // κ = 0: ∂z/∂κ = −∫_{−π}^{z} cos t dt = −sin z.
        Assert.Equal(-Math.Sin(-1.2), ImplicitDerivatives.VonMisesConcentration(-1.2, 0.0), 15);
    }

    [Fact]
    public void DomainErrors_NameTheParameter_AndNaNPropagates()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.GammaShape(1.0, 0.0)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.GammaShape(-1.0, 2.0)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.BetaA(0.5, -1.0, 2.0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.BetaB(0.5, 1.0, 0.0)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.BetaA(1.5, 1.0, 2.0)).ParamName);
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => ImplicitDerivatives.VonMisesConcentration(0.5, -2.0)).ParamName);
        Assert.True(double.IsNaN(ImplicitDerivatives.GammaShape(double.NaN, 2.0)));
        Assert.True(double.IsNaN(ImplicitDerivatives.GammaShape(1.0, double.NaN)));
        Assert.True(double.IsNaN(ImplicitDerivatives.BetaA(0.3, double.NaN, 2.0)));
        Assert.True(double.IsNaN(ImplicitDerivatives.BetaB(double.NaN, 1.0, 2.0)));
        Assert.True(double.IsNaN(ImplicitDerivatives.VonMisesConcentration(double.NaN, 2.0)));
        Assert.Equal(0.0, ImplicitDerivatives.GammaShape(0.0, 2.0));
        Assert.Equal(0.0, ImplicitDerivatives.BetaA(0.0, 1.0, 2.0));
    }

    [Fact]
    public void Beta_ClosedForms_AtUnitShapes()
    {
        // I_z(a, 1) = zᵃ ⇒ ∂z/∂a = −z·log z at a = b = 1 (density 1); I_z(1, b) = 1 − (1 − z)ᵇ ⇒ ∂z/∂b = (1 − z)·log(1 − z).
        foreach (var z in new[] { 1e-300, 1e-5, 0.3, 0.75, 0.999 })
        {
            var y = 1 - z;
            Assert.True(ErrorStats.Relative(ImplicitDerivatives.BetaA(z, 1.0, 1.0), -z * Math.Log(z)) <= Bars.FewTerms);
            Assert.True(ErrorStats.Relative(ImplicitDerivatives.BetaB(z, 1.0, 1.0), y * global::ReparamGen.SpecialFunctions.Log1p(-z)) <= Bars.FewTerms);
        }
    }

    [Fact]
    public void Gamma_ClosedForm_AtUnitShape()
    {
        // ∂z/∂α is not elementary, but its small-z limit is: P(α, z) = zᵅ/Γ(α+1)·(1 + O(z)) gives
        // ∂z/∂α = −(z/α)·(log z − ψ(α+1)) + O(z² log z); at α = 1, ψ(2) = 1 − γ, and the O(z) relative term is 1e-12.
        const double z = 1e-12;
        var expected = -z * (Math.Log(z) - (1 - 0.5772156649015329));
        Assert.True(ErrorStats.Relative(ImplicitDerivatives.GammaShape(z, 1.0), expected) <= 1e-11);
    }

    private static void AssertImplicit(ErrorStats stats, int minimumPoints)
    {
        Assert.True(stats.Count >= minimumPoints, stats.Label + ": only " + stats.Count + " reference points");
        Assert.Equal(0, stats.NonFinite);
        GammaFunctionTests.AssertWithin(stats, Bars.Implicit);
    }

    // Finite and non-zero wherever the exact value is; within 1e-10 relative when the exact value is a normal double;
    // for subnormal exact values (fewer significant bits) within 2⁻⁵² relative plus 4 subnormal steps.
    private static void AssertTiny(double computed, double expected, string at)
    {
        Assert.True(double.IsFinite(computed), "non-finite at " + at);
        if (expected != 0)
        {
            Assert.True(computed != 0, "zero at " + at);
        }

        if (Math.Abs(expected) >= 2.2250738585072014e-308)
        {
            Assert.True(ErrorStats.Relative(computed, expected) <= Bars.Implicit, at + ": computed " + computed.ToString("R", CultureInfo.InvariantCulture) + ", expected " + expected.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.True(Math.Abs(computed - expected) <= 2 * Bars.Unit * Math.Abs(expected) + 4 * double.Epsilon, at + ": computed " + computed.ToString("R", CultureInfo.InvariantCulture) + ", expected " + expected.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
