using System;
using ReparamGen.Distributions;
using Xunit;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// The normal quantile and the logistic family against mpmath (<c>normal_quantile.csv</c>, <c>logistic.csv</c>,
/// <c>logaddexp.csv</c>, <c>logsumexp.csv</c> from <c>tools/reference-data/primitives.py</c>), their tangent rules called
/// directly against the reference derivatives, and their edge cases.
/// </summary>
public class PrimitiveTests
{
    // Bar for the quantile and the logistic values and σ-type tangents: Bars.FewUlp (8 units = 4 ulp). Each is one rational
    // function or one exp/log1p followed by a few roundings of same-sign terms; the quantile's tail adds a Newton step whose
    // error is Φ's (≤ 5e-16, 4.5 units) divided by x² ≥ 2. Measured worst: 4 units (quantile), 2–3 units (the others).
    [Fact]
    public void NormalQuantile_MatchesMpmath_FromOneEMinus300ToOneMinusOneEMinus16()
        => GammaFunctionTests.AssertWithin(PrimitiveMeasurements.NormalQuantile(), Bars.FewUlp);

    // 1/φ(x): in the central part e^{x²/2} with x² ≤ 2.1 turns x's error (≤ 4 units) into ≤ 9 units, plus the exp; in the
    // tails the Mills-ratio form Φ/φ/p does not amplify x's error. Bar Bars.FewTerms (32 units); measured worst 5 units.
    [Fact]
    public void NormalQuantileTangent_MatchesMpmath() => GammaFunctionTests.AssertWithin(PrimitiveMeasurements.NormalQuantileTangent(), Bars.FewTerms);

    [Fact]
    public void LogisticFamily_MatchesMpmath_AtExtremeArguments()
    {
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.Softplus(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.Log1pExp(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.Sigmoid(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.LogSigmoid(), Bars.FewUlp);
    }

    [Fact]
    public void LogisticTangentRules_MatchMpmathDerivatives()
    {
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.SoftplusTangent(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.Log1pExpTangent(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.SigmoidTangent(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.LogSigmoidTangent(), Bars.FewUlp);
    }

    // max + log1p(…) is one addition of two terms, each accurate to a few units: error ≤ 8 units of |max| + log 2 (the sum
    // of the addends' magnitudes), which is the relative error wherever they do not cancel. Measured worst 1.4 units.
    [Fact]
    public void LogAddExp_AndLogSumExp_MatchMpmath()
    {
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.LogAddExp(), Bars.FewUlp);
        GammaFunctionTests.AssertWithin(PrimitiveMeasurements.LogSumExp(), Bars.FewUlp);
    }

    // The weights are e^{d}/(1 + …) with d = a − b (or xᵢ − max). The rounding of d is compensated (its exact error enters
    // as a factor 1 + r), so what remains is exp, the division and the normalizing sum: Bars.FewUlp (8 units). Without the
    // compensation the error would be up to 2⁻⁵³|d| (4.6e-14 at a − b = −699.7 was measured before it was added). Measured
    // worst: 2 units.
    [Fact]
    public void LogAddExpTangent_IsTheSoftmaxWeight()
    {
        var csv = ReferenceCsv.Load("logaddexp.csv");
        foreach (var r in csv.Rows)
        {
            double a = r[csv.Column("a")], b = r[csv.Column("b")];
            SF.LogAddExpTangent(a, b, 1, 0, out var da);
            SF.LogAddExpTangent(a, b, 0, 1, out var db);
            var bar = Bars.FewUlp;
            AssertWeight(da, r[csv.Column("da")], bar, $"∂a at a={a:R}, b={b:R}");
            AssertWeight(db, r[csv.Column("db")], bar, $"∂b at a={a:R}, b={b:R}");
        }
    }

    [Fact]
    public void LogSumExpTangent_IsTheSoftmaxWeightedSum()
    {
        var csv = ReferenceCsv.Load("logsumexp.csv");
        foreach (var r in csv.Rows)
        {
            var n = (int)r[csv.Column("n")];
            var x = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = r[csv.Column("x" + i)];
            }

            var combined = 0.0;
            var expectedCombined = 0.0;
            for (var j = 0; j < n; j++)
            {
                var dx = new double[n];
                dx[j] = 1;
                SF.LogSumExpTangent(x, dx, out var d);
                var w = r[csv.Column("w" + j)];
                AssertWeight(d, w, Bars.FewUlp, $"weight {j} of [{string.Join(", ", x)}]");
                combined += (j + 1.0) * d;
                expectedCombined += (j + 1.0) * w;
            }

            // Linearity: a combined tangent gives the weighted sum of the partials (all terms positive: the weights' 8 units
            // plus two roundings per term).
            var tangent = new double[n];
            for (var j = 0; j < n; j++)
            {
                tangent[j] = j + 1.0;
            }

            SF.LogSumExpTangent(x, tangent, out var all);
            Assert.True(ErrorStats.Relative(all, expectedCombined) <= Bars.Unit * (8 + 2 * n), $"combined tangent of [{string.Join(", ", x)}]: {all:R} vs {expectedCombined:R}");
        }
    }

    [Fact]
    public void LogSumExpBackward_AddsTheSameWeightsAsTheTangentRule()
    {
        var csv = ReferenceCsv.Load("logsumexp.csv");
        foreach (var r in csv.Rows)
        {
            var n = (int)r[csv.Column("n")];
            var x = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = r[csv.Column("x" + i)];
            }

            var grad = new double[n];
            Array.Fill(grad, 1.0); // Backward accumulates
            var value = SF.LogSumExpBackward(x, 2.0, grad);
            Assert.Equal(SF.LogSumExp(x), value);
            for (var j = 0; j < n; j++)
            {
                var dx = new double[n];
                dx[j] = 1;
                SF.LogSumExpTangent(x, dx, out var w);
                Assert.Equal(1.0 + 2.0 * w, grad[j]); // the same operations as the tangent rule: identical
            }
        }

        var inf = new[] { 0.0, 0.0, 0.0 };
        SF.LogSumExpBackward(new[] { double.PositiveInfinity, 1.0, double.PositiveInfinity }, 4.0, inf);
        Assert.Equal(new[] { 2.0, 0.0, 2.0 }, inf);
        var nan = new double[2];
        Assert.True(double.IsNaN(SF.LogSumExpBackward(new[] { double.NaN, 1.0 }, 1.0, nan)) && double.IsNaN(nan[1]));
        Assert.Equal("gradX", Assert.Throws<ArgumentException>(() => SF.LogSumExpBackward(new[] { 1.0, 2.0 }, 1.0, new double[3])).ParamName);
    }

    private static void AssertWeight(double computed, double expected, double bar, string where)
    {
        if (expected != 0 && Math.Abs(expected) < 2.2250738585072014e-308)
        {
            // Subnormal exact weight: within 2⁻⁵² relative plus two subnormal steps.
            Assert.True(Math.Abs(computed - expected) <= 2.220446049250313e-16 * Math.Abs(expected) + 2 * double.Epsilon, where);
            return;
        }

        Assert.True(ErrorStats.Relative(computed, expected) <= bar, $"{where}: {computed:R} vs {expected:R} (bar {bar:0.0e+00})");
    }

    [Fact]
    public void NormalQuantile_EdgeValues()
    {
        Assert.Equal(double.NegativeInfinity, SF.NormalQuantile(0.0));
        Assert.Equal(double.PositiveInfinity, SF.NormalQuantile(1.0));
        Assert.Equal(0.0, SF.NormalQuantile(0.5));
        Assert.True(double.IsNaN(SF.NormalQuantile(double.NaN)));
        Assert.True(double.IsNaN(SF.NormalQuantileTangent(double.NaN, 1.0, out var dNaN)) && double.IsNaN(dNaN));
        SF.NormalQuantileTangent(0.0, 1.0, out var d0);
        SF.NormalQuantileTangent(1.0, 1.0, out var d1);
        Assert.Equal(double.PositiveInfinity, d0);
        Assert.Equal(double.PositiveInfinity, d1);
        SF.NormalQuantileTangent(0.0, 0.0, out var dZero);
        Assert.Equal(0.0, dZero); // a zero tangent stays exactly zero at the poles

        // Below 1e-300 (subnormal p) the result stays finite and monotone: Φ⁻¹(5e-324) ≈ −38.47 (mpmath: −38.4674).
        var smallest = SF.NormalQuantile(double.Epsilon);
        Assert.InRange(smallest, -38.48, -38.46);
        Assert.True(SF.NormalQuantile(1e-310) > smallest && SF.NormalQuantile(1e-300) > SF.NormalQuantile(1e-310));

        // Symmetry: Φ⁻¹(1 − p) = −Φ⁻¹(p), at dyadic p where 1 − p is exact.
        foreach (var p in new[] { 0.375, 0.125, 0.0625, 1.0 / 1024, 1.0 / 131072 })
        {
            Assert.Equal(-SF.NormalQuantile(p), SF.NormalQuantile(1 - p), 15);
        }
    }

    [Fact]
    public void NormalQuantile_DomainErrors_NameP()
    {
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => SF.NormalQuantile(-1e-300)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => SF.NormalQuantile(1.0000000000000002)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => SF.NormalQuantileTangent(2, 1, out _)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => Normal.Quantile(1.5, 0, 1)).ParamName);
        Assert.Equal("stdDev", Assert.Throws<ArgumentOutOfRangeException>(() => Normal.Quantile(0.5, 0, 0)).ParamName);
    }

    [Fact]
    public void NormalQuantileOfNormalCdf_RoundTrips()
    {
        // Φ⁻¹(Φ(t)) = t for the lower tail, where Φ keeps its relative accuracy (to t = −37).
        foreach (var t in new[] { -37.0, -20.0, -8.0, -3.0, -1.0, -0.1 })
        {
            var back = SF.NormalQuantile(Normal.Cdf(t, 0, 1));
            Assert.True(Math.Abs(back / t - 1) <= 1e-15, $"t = {t}: {back:R}");
        }
    }

    [Fact]
    public void NormalQuantile_GeneratedMembers()
    {
        // Normal.Quantile is [Differentiable]: ∂/∂p = stdDev/φ(Φ⁻¹(p)), ∂/∂mean = 1, ∂/∂stdDev = Φ⁻¹(p).
        var g = Normal.QuantileWithGradient(0.975, 1.0, 3.0);
        SF.NormalQuantileTangent(0.975, 1.0, out var slope);
        var z = SF.NormalQuantile(0.975);
        Assert.Equal(1.0 + 3.0 * z, g.Value);
        Assert.Equal(3.0 * slope, g.DP, 12);
        Assert.Equal(1.0, g.DMean);
        Assert.Equal(z, g.DStdDev);
        Assert.Equal(1.959963984540054, z, 15);
    }

    [Fact]
    public void LogNormalQuantile_GeneratedMembers()
    {
        // exp(mu + sigma·Φ⁻¹(p)): ∂/∂p = x·sigma/φ(Φ⁻¹(p)), ∂/∂mu = x, ∂/∂sigma = x·Φ⁻¹(p).
        var g = LogNormal.QuantileWithGradient(0.1, 0.5, 0.75);
        var z = SF.NormalQuantile(0.1);
        SF.NormalQuantileTangent(0.1, 1.0, out var slope);
        var x = Math.Exp(0.5 + 0.75 * z);
        Assert.Equal(x, g.Value);
        Assert.Equal(x * 0.75 * slope, g.DP, 12);
        Assert.Equal(x, g.DMu, 15);
        Assert.Equal(x * z, g.DSigma, 15);
        Assert.Equal(Math.Exp(0.5), LogNormal.Quantile(0.5, 0.5, 0.75));
        Assert.Equal(0.0, LogNormal.Quantile(0.0, 0.5, 0.75));
        Assert.Equal(double.PositiveInfinity, LogNormal.Quantile(1.0, 0.5, 0.75));
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => LogNormal.Quantile(0.5, 0, -1)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => LogNormal.Quantile(-0.5, 0, 1)).ParamName);
        Assert.True(double.IsNaN(LogNormal.Quantile(double.NaN, 0, 1)));
    }

    [Fact]
    public void LogisticFamily_EdgeValues()
    {
        Assert.Equal(double.PositiveInfinity, SF.Softplus(double.PositiveInfinity));
        Assert.Equal(0.0, SF.Softplus(double.NegativeInfinity));
        Assert.Equal(1e4, SF.Softplus(1e4));
        Assert.Equal(1e-300, SF.Softplus(Math.Log(1e-300)), 1e-313);
        Assert.True(double.IsNaN(SF.Softplus(double.NaN)));
        Assert.Equal(1.0, SF.Sigmoid(double.PositiveInfinity));
        Assert.Equal(0.0, SF.Sigmoid(double.NegativeInfinity));
        Assert.True(double.IsNaN(SF.Sigmoid(double.NaN)));
        Assert.Equal(0.0, SF.LogSigmoid(double.PositiveInfinity));
        Assert.Equal(double.NegativeInfinity, SF.LogSigmoid(double.NegativeInfinity));
        Assert.Equal(-1e4, SF.LogSigmoid(-1e4));
        Assert.True(double.IsNaN(SF.LogSigmoid(double.NaN)));
        SF.SigmoidTangent(1e4, 1.0, out var flat);
        Assert.Equal(0.0, flat);
        SF.SigmoidTangent(double.NaN, 1.0, out var dNaN);
        Assert.True(double.IsNaN(dNaN));

        Assert.Equal(double.NegativeInfinity, SF.LogAddExp(double.NegativeInfinity, double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, SF.LogAddExp(double.PositiveInfinity, 1.0));
        Assert.Equal(double.PositiveInfinity, SF.LogAddExp(double.PositiveInfinity, double.PositiveInfinity));
        Assert.Equal(2.0, SF.LogAddExp(double.NegativeInfinity, 2.0));
        Assert.True(double.IsNaN(SF.LogAddExp(double.NaN, 1.0)));
        Assert.True(double.IsNaN(SF.LogAddExp(double.PositiveInfinity, double.NaN)));
        SF.LogAddExpTangent(double.NegativeInfinity, double.NegativeInfinity, 2.0, 4.0, out var dBoth);
        Assert.Equal(3.0, dBoth); // weights ½, ½
        SF.LogAddExpTangent(double.NegativeInfinity, 0.0, 2.0, 4.0, out var dOne);
        Assert.Equal(4.0, dOne);
        SF.LogAddExpTangent(double.PositiveInfinity, 0.0, 2.0, 4.0, out var dTop);
        Assert.Equal(2.0, dTop);
        SF.LogAddExpTangent(double.NaN, 0.0, 0.0, 1.0, out var dNaNPair);
        Assert.True(double.IsNaN(dNaNPair));
        SF.LogAddExpTangent(-1e4, 1e4, 1.0, 0.0, out var dFar);
        Assert.Equal(0.0, dFar); // e^{−2e4} underflows: the weight is 0, not NaN
    }

    [Fact]
    public void LogSumExp_EdgeValues()
    {
        Assert.Equal(double.NegativeInfinity, SF.LogSumExp(ReadOnlySpan<double>.Empty));
        Assert.Equal(double.NegativeInfinity, SF.LogSumExp(new[] { double.NegativeInfinity, double.NegativeInfinity }));
        Assert.Equal(double.PositiveInfinity, SF.LogSumExp(new[] { 1.0, double.PositiveInfinity, double.NegativeInfinity }));
        Assert.True(double.IsNaN(SF.LogSumExp(new[] { 1.0, double.NaN, double.PositiveInfinity })));
        Assert.Equal(2.0, SF.LogSumExp(new[] { 2.0, double.NegativeInfinity }));
        Assert.Equal(1e4 + Math.Log(3), SF.LogSumExp(new[] { 1e4, 1e4, 1e4 }), 1e-11);
        Assert.Equal(-1e4 + Math.Log(2), SF.LogSumExp(new[] { -1e4, -1e4 }), 1e-11);

        SF.LogSumExpTangent(new[] { double.NegativeInfinity, double.NegativeInfinity }, new[] { 1.0, 3.0 }, out var dAll);
        Assert.Equal(2.0, dAll); // all −∞: weights 1/n
        SF.LogSumExpTangent(new[] { double.PositiveInfinity, 0.0, double.PositiveInfinity }, new[] { 1.0, 100.0, 5.0 }, out var dInf);
        Assert.Equal(3.0, dInf); // equal weights on the +∞ entries
        SF.LogSumExpTangent(new[] { 1.0, double.NaN }, new[] { 1.0, 1.0 }, out var dNaN);
        Assert.True(double.IsNaN(dNaN));
        SF.LogSumExpTangent(new[] { 1.0, 2.0 }, ReadOnlySpan<double>.Empty, out var dEmpty);
        Assert.Equal(0.0, dEmpty); // empty tangent: zero
        Assert.Equal("dX", Assert.Throws<ArgumentException>(() => SF.LogSumExpTangent(new[] { 1.0, 2.0 }, new[] { 1.0 }, out _)).ParamName);
    }
}
