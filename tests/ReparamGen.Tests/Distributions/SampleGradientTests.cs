using System;
using System.Collections.Generic;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// The generated gradients of <c>Sample</c> and <c>FromNoise</c> against the closed forms of
/// <see cref="ClosedForms"/>, the noise recovered from the same seed.
/// </summary>
/// <remarks>
/// Tolerance: relative, |generated − closed form| ≤ 1e-12·|closed form|. Both sides are a handful of
/// roundings through well-conditioned formulas (worst measured disagreement 2.5e-14, Weibull and
/// Kumaraswamy at the noise grid's ends); a wrong formula is off by O(1). This bar caught the library's expm1 tangent
/// computing exp(x) as expm1(x) + 1 (11 % error in Kumaraswamy's ∂z/∂b at u = 1 − 1e-8).
/// </remarks>
public class SampleGradientTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string, double, double> Points => new()
    {
        { "Normal", 0, 1 }, { "Normal", -3, 0.25 }, { "Normal", 100, 40 },
        { "LogNormal", 0, 1 }, { "LogNormal", 1.5, 0.3 }, { "LogNormal", -2, 2 },
        { "Uniform", 0, 1 }, { "Uniform", -2, 5 }, { "Uniform", 10, 10.5 },
        { "Exponential", 1, 0 }, { "Exponential", 0.1, 0 }, { "Exponential", 25, 0 },
        { "Laplace", 0, 1 }, { "Laplace", 2, 0.5 }, { "Laplace", -10, 3 },
        { "Logistic", 0, 1 }, { "Logistic", 2, 0.5 }, { "Logistic", -10, 3 },
        { "Cauchy", 0, 1 }, { "Cauchy", 2, 0.5 }, { "Cauchy", -10, 3 },
        { "Gumbel", 0, 1 }, { "Gumbel", 2, 0.5 }, { "Gumbel", -10, 3 },
        { "Weibull", 0.5, 1 }, { "Weibull", 1, 2 }, { "Weibull", 2.5, 0.7 }, { "Weibull", 10, 3 },
        { "Kumaraswamy", 0.5, 0.5 }, { "Kumaraswamy", 1, 1 }, { "Kumaraswamy", 2, 5 }, { "Kumaraswamy", 5, 0.8 }, { "Kumaraswamy", 0.3, 20 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void SampleWithGradientMatchesClosedForm(string name, double p1, double p2)
    {
        var law = Law.ByName(name);
        for (var seed = 0; seed < 200; seed++)
        {
            var eps = law.Noise(new Random(seed));
            var expected = ClosedForms.Sample(name, p1, p2, eps);
            var actual = law.SampleWithGradient(p1, p2, new Random(seed));
            AssertClose(expected, actual, $"{name}({p1}, {p2}) seed {seed}, eps {eps:R}");
        }
    }

    // Extreme noise: the ends of StandardNoise's grid, and values a caller may pass (1e-300, ½).
    [Theory]
    [MemberData(nameof(Points))]
    public void FromNoiseWithGradientMatchesClosedFormInTheTails(string name, double p1, double p2)
    {
        var law = Law.ByName(name);
        var noise = law.UniformNoise
            ? new[] { 1e-300, Math.Pow(2, -53), 1e-8, 0.5, 0.75, 1 - 1e-8, 1 - Math.Pow(2, -53) }
            : new[] { -38.0, -8.0, -1.0, 0.0, 0.5, 8.0, 38.0 };
        foreach (var eps in noise)
        {
            var expected = ClosedForms.Sample(name, p1, p2, eps);
            if (!double.IsFinite(expected.Value))
            {
                continue; // e.g. LogNormal(−2, 2) at ε = 38 overflows on both sides; nothing to compare
            }

            AssertClose(expected, law.FromNoiseWithGradient(p1, p2, eps), $"{name}({p1}, {p2}) eps {eps:R}");
            Assert.Equal(law.FromNoise(p1, p2, eps), law.FromNoiseWithGradient(p1, p2, eps).Value);
        }
    }

    // SampleTangent is the directional derivative d1·∂z/∂p1 + d2·∂z/∂p2; SampleBackward adds seed·∂z/∂p
    // to the accumulators it is given.
    [Theory]
    [MemberData(nameof(Points))]
    public void TangentAndBackwardMatchClosedForm(string name, double p1, double p2)
    {
        var law = Law.ByName(name);
        const double d1 = 0.7, d2 = -1.3, seedWeight = 2.5;
        for (var seed = 0; seed < 50; seed++)
        {
            var expected = ClosedForms.Sample(name, p1, p2, law.Noise(new Random(seed)));
            var twoParameters = law.ParameterCount == 2;
            var directional = d1 * expected.D1 + (twoParameters ? d2 * expected.D2 : 0);

            var value = law.SampleTangent(p1, p2, new Random(seed), d1, d2, out var dz);
            AssertClose(expected.Value, value, name);
            AssertClose(directional, dz, name, Math.Abs(d1 * expected.D1) + Math.Abs(d2 * expected.D2));

            double g1 = 0.5, g2 = -0.25;
            value = law.SampleBackward(p1, p2, new Random(seed), seedWeight, ref g1, ref g2);
            AssertClose(expected.Value, value, name);
            AssertClose(0.5 + seedWeight * expected.D1, g1, name, Math.Abs(seedWeight * expected.D1));
            AssertClose(-0.25 + (twoParameters ? seedWeight * expected.D2 : 0), g2, name, Math.Abs(seedWeight * expected.D2));
        }
    }

    // Both routes (explicit and implicit) give the same gradient for the normal: ∂z/∂stdDev = (z − mean)/stdDev.
    [Fact]
    public void NormalScaleGradientIsTheStandardizedSample()
    {
        var rng = new Random(9);
        for (var i = 0; i < 100; i++)
        {
            var g = Normal.SampleWithGradient(1.5, 0.3, rng);
            Assert.Equal(1.0, g.DMean);
            AssertClose((g.Value - 1.5) / 0.3, g.DStdDev, "normal", 0);
        }
    }

    internal static void AssertClose(Grad expected, Grad actual, string context)
    {
        AssertClose(expected.Value, actual.Value, context + " value");
        AssertClose(expected.D1, actual.D1, context + " d/dp1");
        AssertClose(expected.D2, actual.D2, context + " d/dp2");
    }

    internal static void AssertClose(double expected, double actual, string context, double extraScale = 0)
    {
        var bound = Tolerance * (Math.Abs(expected) + extraScale);
        Assert.True(Math.Abs(actual - expected) <= bound || expected.Equals(actual), $"{context}: expected {expected:R}, got {actual:R}");
    }
}
