using System;
using System.Linq;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// Unbiasedness of the pathwise gradient: the Monte Carlo mean of the sampled ∂z/∂λ matches
/// ∂E[z]/∂λ, from closed-form means differentiated by mpmath (distributions_mean_jacobian.csv).
/// Every law with a finite mean (all but Cauchy).
/// </summary>
/// <remarks>
/// Bar: |mean − exact| ≤ 4 standard errors of the mean (sample standard deviation/√m), a two-sided
/// false-alarm rate of 6e-5 per comparison for a correct sampler, plus 1e-12·|exact| for rounding when
/// the gradient is constant (∂z/∂location = 1 has zero variance).
/// </remarks>
public class MomentJacobianTests
{
    private const int Draws = 200_000;

    public static TheoryData<string, double, double> Points()
    {
        var data = new TheoryData<string, double, double>();
        foreach (var row in ReferenceCsv.Read("distributions_mean_jacobian.csv"))
        {
            data.Add(row["distribution"], row.Number("p1"), row.Number("p2"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void MeanOfSampledGradientsIsTheGradientOfTheMean(string name, double p1, double p2)
    {
        var reference = ReferenceCsv.Read("distributions_mean_jacobian.csv")
            .Single(r => r["distribution"] == name && r.Number("p1") == p1 && r.Number("p2") == p2);
        var law = Law.ByName(name);
        var rng = new Random(31337);
        double sumZ = 0, sumZ2 = 0, sum1 = 0, sum1Sq = 0, sum2 = 0, sum2Sq = 0;
        for (var i = 0; i < Draws; i++)
        {
            var g = law.SampleWithGradient(p1, p2, rng);
            sumZ += g.Value;
            sumZ2 += g.Value * g.Value;
            sum1 += g.D1;
            sum1Sq += g.D1 * g.D1;
            sum2 += g.D2;
            sum2Sq += g.D2 * g.D2;
        }

        // The mean itself first: a sampler with the wrong law would make the Jacobian check meaningless.
        AssertWithinFourStandardErrors(sumZ, sumZ2, reference.Number("mean"), $"{name}({p1}, {p2}) E[z]");
        AssertWithinFourStandardErrors(sum1, sum1Sq, reference.Number("dmean_dp1"), $"{name}({p1}, {p2}) ∂E/∂{law.ParameterNames[0]}");
        if (law.ParameterCount == 2)
        {
            AssertWithinFourStandardErrors(sum2, sum2Sq, reference.Number("dmean_dp2"), $"{name}({p1}, {p2}) ∂E/∂{law.ParameterNames[1]}");
        }
    }

    // Negative control: the bar has the power to see a 2 % error in a gradient (here ∂z/∂rate of the
    // exponential scaled by 1.02; its standard error at this m is 0.22 %, so the error is ~9 SE).
    [Fact]
    public void RejectsAGradientTwoPercentOff()
    {
        var rng = new Random(31337);
        double sum = 0, sumSq = 0;
        for (var i = 0; i < Draws; i++)
        {
            var g = ReparamGen.Distributions.Exponential.SampleWithGradient(2.0, rng);
            var wrong = 1.02 * g.DRate;
            sum += wrong;
            sumSq += wrong * wrong;
        }

        Assert.False(WithinFourStandardErrors(sum, sumSq, -1.0 / 4.0, out _, out _)); // ∂(1/rate)/∂rate = −1/rate²
    }

    private static void AssertWithinFourStandardErrors(double sum, double sumOfSquares, double exact, string context)
    {
        var ok = WithinFourStandardErrors(sum, sumOfSquares, exact, out var mean, out var standardError);
        Assert.True(ok, $"{context}: Monte Carlo {mean:R} ± {standardError:R}, exact {exact:R}");
    }

    private static bool WithinFourStandardErrors(double sum, double sumOfSquares, double exact, out double mean, out double standardError)
    {
        mean = sum / Draws;
        var variance = Math.Max(0, (sumOfSquares - Draws * mean * mean) / (Draws - 1));
        standardError = Math.Sqrt(variance / Draws);
        return Math.Abs(mean - exact) <= 4 * standardError + 1e-12 * Math.Abs(exact);
    }
}
