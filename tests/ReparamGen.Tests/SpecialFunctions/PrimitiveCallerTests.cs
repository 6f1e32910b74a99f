using System;
using ReparamGen.Distributions;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>User code that calls the normal quantile and the logistic family from differentiated methods: the generator
/// must route every call through the primitives' [TangentOf] rules.</summary>
public static partial class PrimitiveCallers
{
    /// <summary>A probit-transformed logistic draw, mixed into a log-sum-exp over a span built from it and the parameters.</summary>
    [Reparameterizable]
    public static double ProbitLogSumExp(double loc, double scale, ReadOnlySpan<double> logits, [Noise] double eps)
    {
        var u = SF.Sigmoid(loc + scale * eps);
        var z = SF.NormalQuantile(u);
        Span<double> terms = stackalloc double[3];
        terms[0] = logits[0] + z;
        terms[1] = logits[1] - 2.0 * z;
        terms[2] = SF.Softplus(z) + SF.LogSigmoid(logits[0]);
        return SF.LogSumExp(terms) + SF.LogAddExp(z, loc) + SF.Log1pExp(-z);
    }

    /// <summary>Inverse-CDF sampling of a normal through the library's differentiable quantile.</summary>
    [Reparameterizable]
    public static double InverseCdfNormal(double mean, double stdDev, [Noise] double u) => Normal.Quantile(u, mean, stdDev);
}

public class PrimitiveCallerTests
{
    private static double Evaluate(double loc, double scale, double l0, double l1, double eps)
        => PrimitiveCallers.ProbitLogSumExp(loc, scale, new[] { l0, l1 }, eps);

    // Fourth-order central difference (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h: truncation O(h⁴f⁽⁵⁾), rounding ≈ ε|f|/h.
    private static double Difference(Func<double, double> f, double at)
    {
        var h = 1e-3 * Math.Max(1.0, Math.Abs(at));
        return (f(at - 2 * h) - 8 * f(at - h) + 8 * f(at + h) - f(at + 2 * h)) / (12 * h);
    }

    [Theory]
    [InlineData(0.3, 1.2, 0.5, -1.0, 0.7)]
    [InlineData(-2.0, 0.5, 3.0, 2.0, -1.5)]
    [InlineData(4.0, 2.0, -1.0, 0.0, 3.0)] // u = σ(10) ≈ 0.99995: the quantile's upper tail
    public void GeneratedTangent_MatchesFiniteDifferences(double loc, double scale, double l0, double l1, double eps)
    {
        var logits = new[] { l0, l1 };
        var value = PrimitiveCallers.ProbitLogSumExpTangent(loc, scale, logits, eps, 1, 0, new double[2], out var dLoc);
        PrimitiveCallers.ProbitLogSumExpTangent(loc, scale, logits, eps, 0, 1, new double[2], out var dScale);
        PrimitiveCallers.ProbitLogSumExpTangent(loc, scale, logits, eps, 0, 0, new[] { 1.0, 0.0 }, out var dL0);
        PrimitiveCallers.ProbitLogSumExpTangent(loc, scale, logits, eps, 0, 0, new[] { 0.0, 1.0 }, out var dL1);

        Assert.Equal(Evaluate(loc, scale, l0, l1, eps), value);
        // Bar 1e-7 relative: the fourth-order difference with h = 1e-3 has truncation ≈ h⁴·|f⁽⁵⁾| ≲ 1e-10 and rounding
        // ≈ ε|f|/h ≈ 1e-12 for these smooth compositions; 1e-7 leaves room for larger fifth derivatives in the tail case
        // and still catches any wrong rule (a wrong factor is an O(1) error).
        AssertClose(Difference(x => Evaluate(x, scale, l0, l1, eps), loc), dLoc);
        AssertClose(Difference(x => Evaluate(loc, x, l0, l1, eps), scale), dScale);
        AssertClose(Difference(x => Evaluate(loc, scale, x, l1, eps), l0), dL0);
        AssertClose(Difference(x => Evaluate(loc, scale, l0, x, eps), l1), dL1);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1e-12)]
    [InlineData(0.999)]
    public void NormalQuantile_ThroughNormalQuantileCaller(double u)
    {
        // Closed forms: ∂/∂mean = 1, ∂/∂stdDev = Φ⁻¹(u).
        var g = PrimitiveCallers.InverseCdfNormalWithGradient(0.25, 2.0, u);
        Assert.Equal(0.25 + 2.0 * SF.NormalQuantile(u), g.Value);
        Assert.Equal(1.0, g.DMean);
        Assert.Equal(SF.NormalQuantile(u), g.DStdDev);
    }

    private static void AssertClose(double expected, double actual)
        => Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
