using System;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>Kolmogorov–Smirnov goodness of fit of <c>Sample</c> against each law's <c>Cdf</c> (itself checked against mpmath in <see cref="DensityTests"/>).</summary>
public class GoodnessOfFitTests
{
    private const int N = 100_000; // D's critical value 1.9495/√n = 0.0062 at α = 0.001

    public static TheoryData<string, double, double> Points => new()
    {
        { "Normal", 0, 1 }, { "Normal", -3, 0.25 },
        { "LogNormal", 0, 1 }, { "LogNormal", 1.5, 0.3 },
        { "Uniform", 0, 1 }, { "Uniform", -2, 5 },
        { "Exponential", 1, 0 }, { "Exponential", 25, 0 },
        { "Laplace", 0, 1 }, { "Laplace", 2, 0.5 },
        { "Logistic", 0, 1 }, { "Logistic", -10, 3 },
        { "Cauchy", 0, 1 }, { "Cauchy", 2, 0.5 },
        { "Gumbel", 0, 1 }, { "Gumbel", -10, 3 },
        { "Weibull", 0.5, 1 }, { "Weibull", 2.5, 0.7 },
        { "Kumaraswamy", 0.5, 0.5 }, { "Kumaraswamy", 2, 5 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void SamplesFollowTheLaw(string name, double p1, double p2)
    {
        var law = Law.ByName(name);
        var rng = new Random(20240611);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = law.Sample(p1, p2, rng);
        }

        var d = KolmogorovSmirnov.Statistic(samples, x => law.Cdf(x, p1, p2));
        Assert.True(d < KolmogorovSmirnov.CriticalValue(N), $"{name}({p1}, {p2}): D = {d} ≥ {KolmogorovSmirnov.CriticalValue(N)}");
    }

    // Negative controls: the test must be able to fail. A 5 % scale error moves the CDF by about
    // 0.05·max|t·f(t)| ≈ 0.012 for the normal (and 0.018 for the exponential), twice the critical value.
    [Fact]
    public void RejectsAWrongNormalScale()
    {
        var rng = new Random(7);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = Normal.Sample(0, 1.05, rng);
        }

        Assert.True(KolmogorovSmirnov.Statistic(samples, x => Normal.Cdf(x, 0, 1)) > KolmogorovSmirnov.CriticalValue(N));
    }

    [Fact]
    public void RejectsAWrongExponentialRate()
    {
        var rng = new Random(7);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = Exponential.Sample(1.05, rng);
        }

        Assert.True(KolmogorovSmirnov.Statistic(samples, x => Exponential.Cdf(x, 1)) > KolmogorovSmirnov.CriticalValue(N));
    }
}
