using System;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>User code calling the special functions from a [Differentiable] method: the generator must route the calls
/// through the [TangentOf] rules, and the result must match the mpmath-derived derivatives.</summary>
public static partial class SpecialFunctionCallers
{
    [Differentiable]
    public static double GammaCdfTimesTwo(double shape, double x)
    {
        var p = SF.RegularizedGammaP(shape, x);
        return 2.0 * p;
    }

    [Differentiable]
    public static double LogBetaDensity(double a, double b, double x)
        => (a - 1.0) * Math.Log(x) + (b - 1.0) * SF.Log1p(-x) - SF.LogBeta(a, b);

    /// <summary>The von Mises–Fisher log normaliser on the sphere in ℝᵈ, written by a user: the order is data.</summary>
    [Differentiable]
    public static double VmfLogNormalizer(double kappa, int dimension)
    {
        double nu = (0.5 * dimension) - 1;
        return (nu * Math.Log(kappa)) - (0.5 * dimension * Math.Log(2 * Math.PI)) - SF.LogBesselI(nu, kappa);
    }
}

public class GeneratedCallerTests
{
    [Fact]
    public void GeneratedTangent_UsesTheIncompleteGammaRule()
    {
        var csv = ReferenceCsv.Load("gamma_incomplete.csv");
        int cA = csv.Column("a"), cX = csv.Column("x"), cD = csv.Column("dp_da"), cF = csv.Column("pdf");
        foreach (var r in csv.Rows)
        {
            SpecialFunctionCallers.GammaCdfTimesTwoTangent(r[cA], r[cX], 1.0, 0.0, out var dShape);
            SpecialFunctionCallers.GammaCdfTimesTwoTangent(r[cA], r[cX], 0.0, 1.0, out var dX);
            // Bar: the routed rule is the tested one, so 1e-12 is far above its measured errors on this grid (≤ 2e-13).
            Assert.True(ErrorStats.Relative(dShape, 2 * r[cD]) <= 1e-12);
            Assert.True(ErrorStats.Relative(dX, 2 * r[cF]) <= 1e-12);
        }
    }

    [Fact]
    public void GeneratedTangent_UsesTheLogBetaAndLog1pRules()
    {
        // ∂a = log x − ψ(a) + ψ(a+b), ∂b = log(1−x) − ψ(b) + ψ(a+b), ∂x = (a−1)/x − (b−1)/(1−x): closed forms.
        const double a = 2.5, b = 0.75, x = 0.3;
        SpecialFunctionCallers.LogBetaDensityTangent(a, b, x, 1, 0, 0, out var da);
        SpecialFunctionCallers.LogBetaDensityTangent(a, b, x, 0, 1, 0, out var db);
        SpecialFunctionCallers.LogBetaDensityTangent(a, b, x, 0, 0, 1, out var dx);
        var psiAb = SF.Digamma(a + b);
        Assert.Equal(Math.Log(x) - SF.Digamma(a) + psiAb, da, 14);
        Assert.Equal(Math.Log(1 - x) - SF.Digamma(b) + psiAb, db, 14);
        Assert.Equal((a - 1) / x - (b - 1) / (1 - x), dx, 13);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    [InlineData(49.0)]
    [InlineData(499.0)]
    public void LogBesselI_tangent_rule_matches_finite_differences(double order)
    {
        foreach (var x in new[] { 1e-3, 0.5, 3.0, 40.0, 1e3, 1e4 })
        {
            // Oracle: the sixth-order central difference of the primal (themselves within 1e-15 of mpmath, see accuracy.md),
            // step 1e-3·x: truncation about (h/x)⁶ = 1e-18 relative for functions varying on the scale x, rounding about
            // ε·|f|/h ≤ 2e-13·|f|/x. 1e-8 relative leaves room for both and still fails a wrong formula (O(1) errors).
            var h = 1e-3 * x;
            SF.LogBesselITangent(order, x, 1.0, out var dLog);
            var expectedLog = Relaxations.Oracles.Derivative(t => SF.LogBesselI(order, t), x, h);
            Assert.True(ErrorStats.Relative(dLog, expectedLog) <= 1e-8, $"d log I_{order}({x}): rule {dLog:R}, differences {expectedLog:R}");
        }

        // At x = 0 and order 0: d log I₀ = 0 (I₀ is even).
        if (order == 0)
        {
            SF.LogBesselITangent(0, 0, 1.0, out var logAtZero);
            Assert.Equal(0.0, logAtZero);
        }
    }

    [Fact]
    public void A_user_von_Mises_Fisher_normaliser_is_differentiated_through_the_LogBesselI_rule()
    {
        foreach (var dimension in new[] { 2, 3, 10, 100, 1000 })
        {
            foreach (var kappa in new[] { 1e-2, 1.5, 30.0, 2e3 })
            {
                // d log C_d/dκ = −A_d(κ) = −I_{d/2}(κ)/I_{d/2−1}(κ) (the vMF identity). The caller's ν/κ and the rule's
                // ν/κ cancel to leave A_d: rounding of terms of size ν/κ + A_d, so the bar is 16ε·(ν/κ + A_d)/A_d
                // (16 for the handful of roundings on each side). At d = 1000, κ = 0.01 that is 2e-5: the caller's formula, not
                // the rule, loses those digits; at κ ≥ 30 it is below 1e-11.
                var nu = (0.5 * dimension) - 1;
                SpecialFunctionCallers.VmfLogNormalizerTangent(kappa, dimension, 1.0, out var dLogC);
                var expected = -SF.BesselIRatio(nu, kappa);
                var bar = 16 * 2.2e-16 * ((nu / kappa) + -expected) / -expected;
                Assert.True(ErrorStats.Relative(dLogC, expected) <= bar, $"d={dimension}, κ={kappa}: {dLogC:R} vs {expected:R} (bar {bar:E1})");
            }
        }
    }
}
