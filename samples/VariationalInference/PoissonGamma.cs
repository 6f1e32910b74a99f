using System;
using System.IO;
using System.Linq;
using ReparamGen;
using ReparamGen.Distributions;

namespace VariationalInference;

/// <summary>
/// Counts xᵢ ~ Poisson(λ) with prior λ ~ Gamma(a₀, b₀). We fit q(λ) = Gamma(shape, rate) by maximizing the
/// ELBO E_q[log p(x, λ) − log q(λ)] with reparameterized gradients: λ is drawn by <see cref="Gamma.SampleWithGradient(double, double, Random)"/>,
/// whose shape derivative is the implicit one (Figurnov et al. 2018), and log q is differentiated by the generated
/// <see cref="Gamma.LogDensityWithGradient(double, double, double)"/>. The exact posterior is Gamma(a₀ + Σx, b₀ + n).
/// </summary>
internal static class PoissonGamma
{
    // Twelve hourly counts (say, support tickets per hour), and a vague prior with mean a₀/b₀ = 4.
    private static readonly int[] Counts = { 4, 2, 6, 3, 5, 3, 1, 4, 7, 3, 2, 4 };
    private const double PriorShape = 2.0;
    private const double PriorRate = 0.5;

    public static bool Run(bool quick, string outDir, int seed)
    {
        // The model: log p(x, λ) = Σ (xᵢ log λ − λ − log xᵢ!) + a₀ log b₀ − log Γ(a₀) + (a₀ − 1) log λ − b₀ λ
        //                        = (a₀ + Σx − 1) log λ − (b₀ + n) λ + constant, and its slope in λ.
        double sumX = Counts.Sum(), n = Counts.Length;
        var constant = (PriorShape * Math.Log(PriorRate)) - SpecialFunctions.LogGamma(PriorShape)
            - Counts.Sum(x => SpecialFunctions.LogGamma(x + 1.0));
        double LogJoint(double lambda) => ((PriorShape + sumX - 1) * Math.Log(lambda)) - ((PriorRate + n) * lambda) + constant;
        double LogJointSlope(double lambda) => ((PriorShape + sumX - 1) / lambda) - (PriorRate + n);

        // The answers to check against: the conjugate posterior, and the evidence log p(x) = log ∫ p(x, λ) dλ,
        // which is the ELBO's ceiling, reached when q is the posterior.
        var exactShape = PriorShape + sumX;
        var exactRate = PriorRate + n;
        var logEvidence = constant + SpecialFunctions.LogGamma(exactShape) - (exactShape * Math.Log(exactRate));

        Console.WriteLine("Poisson–Gamma: counts " + string.Join(" ", Counts) + $", prior Gamma({PriorShape}, {PriorRate})");
        Console.WriteLine("  fit q(λ) = Gamma(shape = exp(u), rate = exp(v)) by Adam on the ELBO, implicit reparameterization gradients");

        var steps = quick ? 3000 : 20000;
        var draws = quick ? 32 : 64;
        var rng = new Random(seed);
        Span<double> parameters = stackalloc double[] { 0.0, 0.0 };   // u = log shape, v = log rate: q starts as Gamma(1, 1)
        Span<double> gradient = stackalloc double[2];
        var adam = new Adam(2, rate: 0.1, decaySteps: 3000);
        var elbo = new double[steps];

        // The answer is the average of the iterates over the second half (Polyak and Juditsky 1992): it cancels
        // most of the step-to-step Monte Carlo jitter that a single final iterate keeps.
        var averageOver = steps / 2;
        double meanU = 0, meanV = 0;

        for (var t = 0; t < steps; t++)
        {
            var shape = Math.Exp(parameters[0]);
            var rate = Math.Exp(parameters[1]);
            double gradShape = 0, gradRate = 0, elboSum = 0;
            for (var s = 0; s < draws; s++)
            {
                // λ and ∂λ/∂shape (implicit), ∂λ/∂rate (explicit, λ = y/rate), all generated.
                var z = Gamma.SampleWithGradient(shape, rate, rng);
                var lambda = z.Value;
                var logQ = Gamma.LogDensityWithGradient(lambda, shape, rate);

                // d/dθ [log p(x, λ(θ)) − log q(λ(θ); θ)] = (∂λ log p − ∂λ log q)·∂θλ − ∂θ log q.
                var pathSlope = LogJointSlope(lambda) - logQ.DX;
                gradShape += (pathSlope * z.DShape) - logQ.DShape;
                gradRate += (pathSlope * z.DRate) - logQ.DRate;
                elboSum += LogJoint(lambda) - logQ.Value;
            }

            // Chain rule to the unconstrained parameters: ∂/∂u = shape·∂/∂shape, ∂/∂v = rate·∂/∂rate.
            gradient[0] = shape * gradShape / draws;
            gradient[1] = rate * gradRate / draws;
            adam.Ascend(parameters, gradient);
            elbo[t] = elboSum / draws;
            if (t >= steps - averageOver)
            {
                meanU += parameters[0] / averageOver;
                meanV += parameters[1] / averageOver;
            }

            if ((t + 1) % (steps / 8) == 0)
            {
                Console.WriteLine($"  step {t + 1,5}/{steps}   ELBO ≈ {Mean(elbo, t + 1 - (steps / 8), t + 1),9:F4}   shape {Math.Exp(parameters[0]),8:F3}   rate {Math.Exp(parameters[1]),8:F3}");
            }
        }

        var fitShape = Math.Exp(meanU);
        var fitRate = Math.Exp(meanV);

        // At the fitted q, estimate the ELBO with many draws: it approaches log p(x) as q approaches the posterior.
        var finalDraws = quick ? 2000 : 20000;
        var finalElbo = 0.0;
        for (var s = 0; s < finalDraws; s++)
        {
            var lambda = Gamma.Sample(fitShape, fitRate, rng);
            finalElbo += (LogJoint(lambda) - Gamma.LogDensity(lambda, fitShape, fitRate)) / finalDraws;
        }

        Console.WriteLine($"  fitted  q = Gamma({fitShape:F3}, {fitRate:F3}), mean {fitShape / fitRate:F4}   (average of the second half's iterates)");
        Console.WriteLine($"  exact   p(λ|x) = Gamma({exactShape:F3}, {exactRate:F3}), mean {exactShape / exactRate:F4}   (a₀ + Σx, b₀ + n)");
        Console.WriteLine($"  ELBO at the fitted q = {finalElbo:F5} ({finalDraws} draws); log evidence log p(x) = {logEvidence:F5}; KL(q ‖ exact) = {GammaKl(fitShape, fitRate, exactShape, exactRate):0.0e+00}");

        var elboPng = Path.Combine(outDir, "poisson-gamma-elbo.png");
        Plots.Elbo(elbo, logEvidence, "Poisson–Gamma: ELBO while fitting q(λ) = Gamma(shape, rate)", elboPng);
        var densityPng = Path.Combine(outDir, "poisson-gamma-posterior.png");
        var xs = Enumerable.Range(0, 301).Select(i => 1.5 + (i * 4.5 / 300)).ToArray();
        Plots.Densities(
            xs,
            xs.Select(x => Math.Exp(Gamma.LogDensity(x, exactShape, exactRate))).ToArray(),
            xs.Select(x => Math.Exp(Gamma.LogDensity(x, fitShape, fitRate))).ToArray(),
            "Poisson–Gamma: posterior of the rate λ",
            "λ",
            densityPng);
        Console.WriteLine($"  wrote {elboPng} and {densityPng}");

        // Tolerance from the Monte Carlo noise: over 20 seeds the fitted shape and rate scattered around the exact
        // values with relative standard deviation 0.22% (default settings) and 0.58% (--quick), mean error at most
        // 0.04% and 0.15% (largest single errors 0.54% and 1.4%). Tolerance = mean error + 5 standard deviations.
        var tolerance = quick ? 0.031 : 0.012;
        var shapeError = Math.Abs(fitShape / exactShape - 1);
        var rateError = Math.Abs(fitRate / exactRate - 1);
        var ok = shapeError < tolerance && rateError < tolerance;
        Console.WriteLine(ok
            ? $"  CHECK PASSED: shape and rate within {tolerance:P1} of the exact posterior (errors {shapeError:P2}, {rateError:P2})"
            : $"  CHECK FAILED: shape error {shapeError:P2}, rate error {rateError:P2} (tolerance {tolerance:P1})");
        return CheckImplicitGradient(fitShape, fitRate, rng, quick ? 20000 : 200000) && ok;
    }

    /// <summary>
    /// A direct check of the implicit gradient the fit relied on. The fit confirms the answer but not the gradient's
    /// precision (the exact posterior is a fixed point of the expected update even for a distorted gradient).
    /// Pathwise derivatives are unbiased, so E[∂λ/∂shape] = ∂E[λ]/∂shape = 1/rate: the Monte Carlo mean must land
    /// within five standard errors.
    /// </summary>
    private static bool CheckImplicitGradient(double shape, double rate, Random rng, int n)
    {
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var d = Gamma.SampleWithGradient(shape, rate, rng).DShape;
            sum += d;
            sumSquares += d * d;
        }

        var mean = sum / n;
        var standardError = Math.Sqrt(((sumSquares / n) - (mean * mean)) / (n - 1));
        var ok = Math.Abs(mean - (1 / rate)) < 5 * standardError;
        Console.WriteLine($"  {(ok ? "CHECK PASSED" : "CHECK FAILED")}: mean ∂λ/∂shape over {n} draws = {mean:F6} ± {standardError:F6}, exact E = 1/rate = {1 / rate:F6}");
        return ok;
    }

    /// <summary>KL(Gamma(a, b) ‖ Gamma(c, d)) in closed form (shape–rate parameterization).</summary>
    private static double GammaKl(double a, double b, double c, double d) =>
        ((a - c) * SpecialFunctions.Digamma(a)) - SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(c)
        + (c * (Math.Log(b) - Math.Log(d))) + (a * (d - b) / b);

    private static double Mean(double[] values, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++)
        {
            sum += values[i];
        }

        return sum / (to - from);
    }
}
