using System;
using ReparamGen.Distributions;
using ReparamGen.Tests.SpecialFunctionsTests;
using Xunit;
using Xunit.Abstractions;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.Implicit;

/// <summary>
/// <see cref="Dirichlet.SampleGradientAt"/>: the implicit gradient of a Dirichlet sample as a function of the sample,
/// <c>∂zᵢ/∂αⱼ = (δᵢⱼ − zᵢ)·Dⱼ/(1 − zⱼ)</c> with Dⱼ the marginal Beta's implicit gradient. Checked against finite
/// differences of the marginal Beta CDF (the standardization of each coordinate), against Monte Carlo derivatives of
/// the mean, and against the Gamma-path gradient it conditions (same mean, no larger variance).
/// </summary>
public sealed class DirichletGradientAtTests
{
    private readonly ITestOutputHelper _output;

    public DirichletGradientAtTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ColumnScale_IsTheConditionalExpectationOfTheGammaPathFactor()
    {
        // dirichlet_conditional.csv (tools/reference-data/primitives.py): c = E[(∂gⱼ/∂αⱼ)/S | z] computed by quadrature over
        // S ~ Gamma(α₀), independent of z, with gⱼ = zⱼS — the definition of the quantity, not the marginal-Beta formula
        // used here. Row 1 of the Jacobian is −z₁·c₀, so c₀ = −J₁₀/z₁ (two roundings). Bar: the implicit-derivative bar
        // Bars.Implicit (1e-10); the Beta routine underneath is measured at ≤ 1.4e-12 on its own grid.
        var csv = ReferenceCsv.Load("dirichlet_conditional.csv");
        var stats = new ErrorStats("Dirichlet column scale c = E[(∂g/∂α)/S | z]");
        var jacobian = new double[9];
        foreach (var r in csv.Rows)
        {
            double a = r[csv.Column("a")], o1 = r[csv.Column("other1")], o2 = r[csv.Column("other2")], zj = r[csv.Column("z")];
            var rest = 1 - zj;
            var z = new[] { zj, rest * o1 / (o1 + o2), rest * o2 / (o1 + o2) }; // only z₀ matters for c₀
            Dirichlet.SampleGradientAt(z, new[] { a, o1, o2 }, jacobian);
            stats.Add(-jacobian[3] / z[1], r[csv.Column("c")], $"a={a:R}, others=({o1:R}, {o2:R}), z={zj:R}");
        }

        _output.WriteLine(stats.ToString());
        GammaFunctionTests.AssertWithin(stats, Bars.Implicit);
    }

    [Theory]
    [InlineData(new[] { 0.7, 1.5, 3.0 }, new[] { 0.2, 0.3, 0.5 })]
    [InlineData(new[] { 50.0, 0.5, 2.0 }, new[] { 0.9, 0.02, 0.08 })]
    [InlineData(new[] { 0.05, 0.1, 4.0, 1.0 }, new[] { 1e-6, 0.003, 0.7, 0.296999 })]
    public void Diagonal_IsTheMarginalBetaGradient_ByFiniteDifferencesOfItsCdf(double[] alpha, double[] z)
    {
        var k = alpha.Length;
        var jacobian = new double[k * k];
        Dirichlet.SampleGradientAt(z, alpha, jacobian);
        var total = 0.0;
        foreach (var a in alpha)
        {
            total += a;
        }

        for (var j = 0; j < k; j++)
        {
            // ∂zⱼ/∂αⱼ = −∂ₐI_z(a, b)/∂ₓI_z(a, b), a = αⱼ, b = α₀ − αⱼ held fixed: fourth-order central differences with
            // relative steps 1e-3 (truncation ≈ h⁴·|I⁽⁵⁾|, rounding ≈ ε·I/h). Bar 1e-6 relative: both are far below it at
            // these points, and a wrong formula (e.g. a missing (1 − z) factor) is off by ≥ 2 %.
            double a = alpha[j], b = total - alpha[j], x = z[j];
            var dA = Difference(t => SF.RegularizedBeta(t, b, x), a);
            var dX = Difference(t => SF.RegularizedBeta(a, b, t), x);
            var expected = -dA / dX;
            Assert.True(Math.Abs(jacobian[j * k + j] / expected - 1) <= 1e-6, $"∂z{j}/∂α{j} = {jacobian[j * k + j]:R}, finite differences {expected:R}");

            // Off the diagonal: ∂zᵢ/∂αⱼ = −zᵢ·(∂zⱼ/∂αⱼ)/(1 − zⱼ); each column sums to 0 (the sample stays on the simplex).
            var column = 0.0;
            for (var i = 0; i < k; i++)
            {
                column += jacobian[i * k + j];
                if (i != j)
                {
                    Assert.Equal(-z[i] * jacobian[j * k + j] / (1 - z[j]), jacobian[i * k + j], 1e-15 * Math.Abs(jacobian[j * k + j]) / (1 - z[j]));
                }
            }

            Assert.True(Math.Abs(column) <= 1e-15 * Math.Abs(jacobian[j * k + j]) / (1 - z[j]) * k, $"column {j} sums to {column:R}");
        }
    }

    // Fourth-order central difference with a relative step: (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h.
    private static double Difference(Func<double, double> f, double at)
    {
        var h = 1e-3 * at;
        return (f(at - 2 * h) - 8 * f(at - h) + 8 * f(at + h) - f(at + 2 * h)) / (12 * h);
    }

    [Theory]
    [InlineData(31, new[] { 0.7, 1.5, 3.0 })]
    [InlineData(32, new[] { 0.1, 0.4, 2.0, 6.0 })]
    public void MeanOfTheJacobian_IsTheDerivativeOfTheMean_AndItsVarianceIsNoLargerThanTheGammaPaths(int seed, double[] alpha)
    {
        // E[zᵢ] = αᵢ/α₀, so ∂E[zᵢ]/∂αⱼ = (δᵢⱼα₀ − αᵢ)/α₀². Both the sampled Jacobian at the draw and the Gamma-path tangent
        // (Dirichlet.SampleTangent) must average to it within 4 standard errors (false alarm 6e-5 per entry); the former is
        // the conditional expectation of the latter given z, so its variance is at most the latter's (checked with 10 %
        // slack for the sampling error of two variance estimates of 50,000 draws each, ≈ 1 % here).
        const int n = 50_000;
        var k = alpha.Length;
        var total = 0.0;
        foreach (var a in alpha)
        {
            total += a;
        }

        var rng = new Random(seed);
        var z = new double[k];
        var jacobian = new double[k * k];
        var atSample = new Moments[k * k];
        for (var s = 0; s < n; s++)
        {
            Dirichlet.Sample(alpha, rng, z);
            Dirichlet.SampleGradientAt(z, alpha, jacobian);
            for (var e = 0; e < k * k; e++)
            {
                atSample[e].Add(jacobian[e]);
            }
        }

        var gammaPath = new Moments[k * k];
        var direction = new double[k];
        var tangent = new double[k];
        for (var j = 0; j < k; j++)
        {
            Array.Clear(direction);
            direction[j] = 1;
            for (var s = 0; s < n; s++)
            {
                Dirichlet.SampleTangent(alpha, rng, z, direction, tangent);
                for (var i = 0; i < k; i++)
                {
                    gammaPath[i * k + j].Add(tangent[i]);
                }
            }
        }

        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var expected = ((i == j ? total : 0) - alpha[i]) / (total * total);
                atSample[i * k + j].AssertMean(expected, $"at-sample ∂z{i}/∂α{j}");
                gammaPath[i * k + j].AssertMean(expected, $"Gamma-path ∂z{i}/∂α{j}");
                Assert.True(atSample[i * k + j].Variance <= 1.1 * gammaPath[i * k + j].Variance,
                    $"∂z{i}/∂α{j}: variance {atSample[i * k + j].Variance:E3} at the sample vs {gammaPath[i * k + j].Variance:E3} on the Gamma path");
            }
        }
    }

    [Fact]
    public void A_biased_gradient_is_rejected()
    {
        // Control for the test above: scaling the at-sample Jacobian by 1.02 fails the 4-standard-error test for ∂z₀/∂α₀.
        double[] alpha = { 0.7, 1.5, 3.0 };
        var rng = new Random(33);
        var z = new double[3];
        var jacobian = new double[9];
        Moments m = default;
        for (var s = 0; s < 200_000; s++)
        {
            Dirichlet.Sample(alpha, rng, z);
            Dirichlet.SampleGradientAt(z, alpha, jacobian);
            m.Add(1.02 * jacobian[0]);
        }

        Assert.False(m.Within((5.2 - 0.7) / (5.2 * 5.2)), "a 2 % bias must not pass");
    }

    [Theory]
    [InlineData(0.3, 2.0, 5.0)]
    [InlineData(1e-6, 0.01, 3.0)]
    [InlineData(0.9999, 100.0, 0.5)]
    public void TwoCategories_AreTheBetaGradient(double x, double a, double b)
    {
        // K = 2: z = (x, 1 − x) with x ~ Beta(a, b), so row 0 is Beta's (∂x/∂a, ∂x/∂b) and row 1 its negative. Bar: the
        // same Beta routine enters both (1e-12 covers the extra division by 1 − z₁ and multiplication by z₀).
        var jacobian = new double[4];
        Dirichlet.SampleGradientAt(new[] { x, 1 - x }, new[] { a, b }, jacobian);
        ImplicitDerivatives.Beta(x, a, b, out var dA, out var dB);
        Assert.True(Math.Abs(jacobian[0] / dA - 1) <= 1e-12, $"∂x/∂a {jacobian[0]:R} vs {dA:R}");
        Assert.True(Math.Abs(jacobian[1] / dB - 1) <= 1e-12, $"∂x/∂b {jacobian[1]:R} vs {dB:R}");
        // Row 1 is −row 0 up to the rounding of the input: z₁ = 1 − x is rounded, so 1 − z₁ differs from x by
        // |(1 − z₁) − x|/x relative (1e-10 at x = 1e-6); plus a few roundings.
        var inputGap = Math.Abs((1 - (1 - x)) - x) / x;
        Assert.True(Math.Abs(jacobian[2] + jacobian[0]) <= (4e-16 + inputGap) * Math.Abs(jacobian[0]), $"{jacobian[2]:R} vs −{jacobian[0]:R}");
        Assert.True(Math.Abs(jacobian[3] + jacobian[1]) <= (4e-16 + inputGap) * Math.Abs(jacobian[1]), $"{jacobian[3]:R} vs −{jacobian[1]:R}");
    }

    [Fact]
    public void TangentAndBackward_AreTheJacobianProducts()
    {
        double[] alpha = { 0.3, 2.0, 7.5, 1.0 };
        double[] z = { 0.01, 0.2, 0.6, 0.19 };
        double[] v = { 1.0, -2.0, 0.5, 3.0 };
        double[] u = { 0.25, 1.0, -1.0, 2.0 };
        var jacobian = new double[16];
        Dirichlet.SampleGradientAt(z, alpha, jacobian);

        var dZ = new double[4];
        Dirichlet.SampleTangentAt(z, alpha, v, dZ);
        var grad = new double[] { 10, 20, 30, 40 }; // Backward accumulates
        Dirichlet.SampleBackwardAt(z, alpha, u, grad);
        for (var i = 0; i < 4; i++)
        {
            double jv = 0, uj = 0, scale = 0;
            for (var j = 0; j < 4; j++)
            {
                jv += jacobian[i * 4 + j] * v[j];
                uj += u[j] * jacobian[j * 4 + i];
                scale += Math.Abs(jacobian[i * 4 + j]) + Math.Abs(jacobian[j * 4 + i]);
            }

            // Same terms summed in another order: a few roundings of the largest term.
            Assert.Equal(jv, dZ[i], 1e-14 * scale * 4);
            Assert.Equal(10 * (i + 1) + uj, grad[i], 1e-14 * (scale * 4 + 40));
        }
    }

    [Fact]
    public void Edges_AndDomainErrors()
    {
        // One category: z = 1 whatever α, so the gradient is 0. A vertex sample cannot move either.
        var one = new double[1];
        Dirichlet.SampleGradientAt(new[] { 1.0 }, new[] { 2.0 }, one);
        Assert.Equal(0.0, one[0]);
        var vertex = new double[4];
        Dirichlet.SampleGradientAt(new[] { 1.0, 0.0 }, new[] { 2.0, 3.0 }, vertex);
        Assert.All(vertex, v => Assert.Equal(0.0, v));

        // NaN propagates.
        var nan = new double[4];
        Dirichlet.SampleGradientAt(new[] { 0.5, 0.5 }, new[] { double.NaN, 3.0 }, nan);
        Assert.True(double.IsNaN(nan[0]));

        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => Dirichlet.SampleGradientAt(new[] { 0.5, 0.5 }, new[] { 0.0, 1.0 }, new double[4])).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => Dirichlet.SampleGradientAt(new[] { 1.5, -0.5 }, new[] { 1.0, 1.0 }, new double[4])).ParamName);
        Assert.Equal("jacobian", Assert.Throws<ArgumentException>(() => Dirichlet.SampleGradientAt(new[] { 0.5, 0.5 }, new[] { 1.0, 1.0 }, new double[2])).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentException>(() => Dirichlet.SampleGradientAt(new[] { 0.5, 0.5, 0 }, new[] { 1.0, 1.0 }, new double[4])).ParamName);
        Assert.Equal("dZ", Assert.Throws<ArgumentException>(() => Dirichlet.SampleTangentAt(new[] { 0.5, 0.5 }, new[] { 1.0, 1.0 }, new[] { 1.0, 0 }, new double[3])).ParamName);
        Assert.Equal("upstream", Assert.Throws<ArgumentException>(() => Dirichlet.SampleBackwardAt(new[] { 0.5, 0.5 }, new[] { 1.0, 1.0 }, new[] { 1.0 }, new double[2])).ParamName);
    }

    private struct Moments
    {
        private double sum;
        private double sumSquares;
        private int count;

        public void Add(double x)
        {
            sum += x;
            sumSquares += x * x;
            count++;
        }

        public readonly double Variance => (sumSquares / count) - ((sum / count) * (sum / count));

        public readonly bool Within(double expected)
            => Math.Abs((sum / count) - expected) <= 4 * Math.Sqrt(Variance / count);

        public readonly void AssertMean(double expected, string what)
        {
            var mean = sum / count;
            var standardError = Math.Sqrt(Variance / count);
            Assert.True(Math.Abs(mean - expected) <= 4 * standardError, $"{what}: mean {mean:R} ± {standardError:E2}, expected {expected:R}");
        }
    }
}
