using System;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Implicit;

/// <summary>
/// Unbiasedness of the implicit gradients (issue 4 point 7): Monte Carlo means of sampled
/// gradients match closed-form derivatives of expectations within 4 standard errors (a false alarm for a
/// correct gradient has probability 6e-5 per check; a biased gradient is rejected once n is large).
/// Constants from mpmath at 30 digits.
/// </summary>
public sealed class ImplicitUnbiasednessTests
{
    private const int N = 200_000;

    [Fact]
    public void Gamma_moment_derivatives()
    {
        const double shape = 2.5, rate = 1.5;
        var rng = new Random(21);
        Moments mean = default, logMean = default, secondMoment = default, rateMean = default;
        for (var i = 0; i < N; i++)
        {
            var g = Gamma.SampleWithGradient(shape, rate, rng);
            mean.Add(g.DShape);                       // ∂E[z]/∂α = 1/β
            logMean.Add(g.DShape / g.Value);          // ∂E[log z]/∂α = ψ′(α)
            secondMoment.Add(2 * g.Value * g.DShape); // ∂E[z²]/∂α = (2α + 1)/β², so ∂Var/∂α = 1/β²
            rateMean.Add(g.DRate);                    // ∂E[z]/∂β = −α/β²
        }

        mean.AssertMean(1 / rate, "∂E[z]/∂shape");
        logMean.AssertMean(0.490357756100234864972801055494, "∂E[log z]/∂shape = trigamma(2.5)");
        secondMoment.AssertMean(((2 * shape) + 1) / (rate * rate), "∂E[z²]/∂shape (∂Var[z]/∂shape = 1/rate²)");
        rateMean.AssertMean(-shape / (rate * rate), "∂E[z]/∂rate");
    }

    [Fact]
    public void Beta_mean_derivatives_direct_and_through_gammas()
    {
        const double a = 2.0, b = 3.0;
        var rng = new Random(22);
        Moments da = default, db = default, daGammas = default, dbGammas = default;
        for (var i = 0; i < N; i++)
        {
            var g = Beta.SampleWithGradient(a, b, rng);
            da.Add(g.DA);
            db.Add(g.DB);
            var viaGammas = BetaFromGammas.SampleWithGradient(a, b, rng);
            daGammas.Add(viaGammas.DA);
            dbGammas.Add(viaGammas.DB);
        }

        // E[z] = a/(a + b): ∂a = b/(a + b)², ∂b = −a/(a + b)².
        da.AssertMean(b / ((a + b) * (a + b)), "Beta ∂E[z]/∂a (direct implicit)");
        db.AssertMean(-a / ((a + b) * (a + b)), "Beta ∂E[z]/∂b (direct implicit)");
        daGammas.AssertMean(b / ((a + b) * (a + b)), "Beta ∂E[z]/∂a (G1/(G1+G2), explicit through implicit Gammas)");
        dbGammas.AssertMean(-a / ((a + b) * (a + b)), "Beta ∂E[z]/∂b (G1/(G1+G2))");
    }

    [Fact]
    public void Dirichlet_mean_derivatives_through_normalized_gammas()
    {
        double[] alpha = { 0.7, 1.5, 3.0 };
        var a0 = 0.7 + 1.5 + 3.0;
        var rng = new Random(23);
        var sample = new double[3];
        var tangent = new double[3];
        var direction = new double[] { 0, 1, 0 }; // ∂/∂α₁
        var moments = new Moments[3];
        for (var i = 0; i < N / 4; i++)
        {
            Dirichlet.SampleTangent(alpha, rng, sample, direction, tangent);
            for (var k = 0; k < 3; k++)
            {
                moments[k].Add(tangent[k]);
            }
        }

        // E[x_k] = α_k/α₀: ∂/∂α₁ = (δ_k1·α₀ − α_k)/α₀².
        for (var k = 0; k < 3; k++)
        {
            moments[k].AssertMean(((k == 1 ? a0 : 0) - alpha[k]) / (a0 * a0), $"Dirichlet ∂E[x_{k}]/∂α₁");
        }
    }

    [Fact]
    public void VonMises_mean_cosine_derivative()
    {
        const double kappa = 2.0;
        var rng = new Random(24);
        Moments m = default;
        for (var i = 0; i < N; i++)
        {
            var g = VonMises.SampleWithGradient(0.0, kappa, rng);
            m.Add(-Math.Sin(g.Value) * g.DConcentration);
        }

        // E[cos z] = A(κ) = I₁(κ)/I₀(κ); A′(κ) = 1 − A/κ − A², = 0.164223197721207681 at κ = 2.
        m.AssertMean(0.164223197721207681087192359574, "VonMises ∂E[cos z]/∂κ");
    }

    [Fact]
    public void A_biased_gradient_is_rejected()
    {
        // Control: a 2 % error in ∂E[z]/∂shape is caught by the same 4-standard-error test.
        var rng = new Random(25);
        Moments mean = default;
        for (var i = 0; i < N; i++)
        {
            mean.Add(1.02 * Gamma.SampleWithGradient(2.5, 1.5, rng).DShape);
        }

        Assert.False(mean.Within(1 / 1.5), "a 2 % bias must not pass");
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

        public readonly bool Within(double expected)
        {
            var mean = sum / count;
            var standardError = Math.Sqrt(((sumSquares / count) - (mean * mean)) / count);
            return Math.Abs(mean - expected) <= 4 * standardError;
        }

        public readonly void AssertMean(double expected, string what)
        {
            var mean = sum / count;
            var standardError = Math.Sqrt(((sumSquares / count) - (mean * mean)) / count);
            Assert.True(Math.Abs(mean - expected) <= 4 * standardError, $"{what}: mean {mean:R} ± {standardError:E2}, expected {expected:R}");
        }
    }
}
