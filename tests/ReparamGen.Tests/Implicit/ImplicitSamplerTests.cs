using System;
using System.Linq;
using ReparamGen.Distributions;
using ReparamGen.Tests.Distributions;
using Xunit;

namespace ReparamGen.Tests.Implicit;

/// <summary>
/// The implicit samplers' draws follow their laws (Kolmogorov–Smirnov at α = 0.001), their parameters
/// are checked, and NaN propagates.
/// </summary>
public sealed class ImplicitSamplerTests
{
    private const int N = 50_000;

    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(1.0, 0.5)]
    [InlineData(4.5, 3.0)]
    [InlineData(250.0, 1.0)]
    public void Gamma_draws_follow_the_gamma_law(double shape, double rate)
    {
        var rng = new Random(11);
        var draws = Enumerable.Range(0, N).Select(_ => Gamma.Sample(shape, rate, rng)).ToArray();
        Assert.True(KolmogorovSmirnov.Statistic(draws, x => Gamma.Cdf(x, shape, rate)) < KolmogorovSmirnov.CriticalValue(N));
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(3.0, 3.0)]
    [InlineData(0.05, 0.2)]
    public void Beta_draws_follow_the_beta_law(double a, double b)
    {
        var rng = new Random(12);
        var draws = Enumerable.Range(0, N).Select(_ => Beta.Sample(a, b, rng)).ToArray();
        Assert.True(KolmogorovSmirnov.Statistic(draws, x => Beta.Cdf(x, a, b)) < KolmogorovSmirnov.CriticalValue(N));
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(-1.0, 4.0)]
    [InlineData(2.0, 50.0)]
    public void VonMises_draws_follow_the_von_mises_law(double mean, double concentration)
    {
        var rng = new Random(13);
        var draws = Enumerable.Range(0, N).Select(_ => VonMises.Sample(mean, concentration, rng)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, mean - Math.PI, mean + Math.PI));
        Assert.True(KolmogorovSmirnov.Statistic(draws, x => VonMises.Cdf(x, mean, concentration)) < KolmogorovSmirnov.CriticalValue(N));
    }

    [Fact]
    public void Gamma_draws_reject_a_wrong_law()
    {
        // The control: the same test rejects Gamma(1.05·shape) samples, so the KS tests above can fail.
        var rng = new Random(14);
        var draws = Enumerable.Range(0, N).Select(_ => Gamma.Sample(4.5 * 1.05, 3.0, rng)).ToArray();
        Assert.True(KolmogorovSmirnov.Statistic(draws, x => Gamma.Cdf(x, 4.5, 3.0)) > KolmogorovSmirnov.CriticalValue(N));
    }

    [Fact]
    public void Non_positive_parameters_throw_naming_the_parameter()
    {
        var rng = new Random(1);
        Assert.Equal("shape", Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.Sample(0, 1, rng)).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.Sample(1, -1, rng)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.SampleWithGradient(-2, 1, rng)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => Beta.Cdf(0.5, 0, 1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => Beta.Sample(1, 0, rng)).ParamName);
        Assert.Equal("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => VonMises.Sample(0, 0, rng)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => InverseGamma.Sample(1, 0, rng)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Sample(3, 0, -1, rng)).ParamName);
    }

    [Fact]
    public void NaN_propagates_through_samples_and_gradients()
    {
        var rng = new Random(2);
        Assert.True(double.IsNaN(Gamma.Sample(double.NaN, 1, rng)));
        Assert.True(double.IsNaN(Gamma.SampleWithGradient(2, double.NaN, rng).Value));
        Assert.True(double.IsNaN(Gamma.StandardSampleGradientAt(double.NaN, 2).DShape));
        Assert.True(double.IsNaN(Beta.SampleGradientAt(0.3, double.NaN, 2).DA));
        Assert.True(double.IsNaN(VonMises.Sample(0, double.NaN, rng)));
    }

    [Fact]
    public void Dirichlet_draws_lie_on_the_simplex_with_the_right_means()
    {
        var rng = new Random(3);
        double[] alpha = { 0.5, 2.0, 3.5 };
        var mean = new double[3];
        var sample = new double[3];
        const int n = 40_000;
        for (var i = 0; i < n; i++)
        {
            Dirichlet.Sample(alpha, rng, sample);
            Assert.Equal(1.0, sample.Sum(), 12);
            for (var k = 0; k < 3; k++)
            {
                mean[k] += sample[k] / n;
            }
        }

        for (var k = 0; k < 3; k++)
        {
            // E[x_k] = α_k/α₀, Var = α_k(α₀ − α_k)/(α₀²(α₀ + 1)): 4 standard errors of the mean.
            var a0 = alpha.Sum();
            var se = Math.Sqrt(alpha[k] * (a0 - alpha[k]) / (a0 * a0 * (a0 + 1)) / n);
            Assert.InRange(mean[k], (alpha[k] / a0) - (4 * se), (alpha[k] / a0) + (4 * se));
        }
    }
}
