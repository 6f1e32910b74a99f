using System;

namespace DiscreteLatents;

/// <summary>
/// Stochastic gradient descent on L(θ) = E[f(z)] − βH(π_θ) with one estimator for ∇θ E[f(z)] (the entropy
/// gradient is exact) and Polyak–Ruppert averaging of the second half of the iterates (Polyak and Juditsky 1992,
/// "Acceleration of stochastic approximation by averaging"): steps ηₜ = η₀(1 + t/t₀)^−0.6, slower than 1/t as
/// their theorem requires, so the average reaches the optimal rate without the O(η) offset of a constant step.
/// </summary>
public static class Training
{
    /// <summary>Initial step size η₀.</summary>
    public const double StepSize = 0.05;

    private const double DecaySteps = 300;
    private const double DecayExponent = 0.6;

    /// <summary>Result of one run.</summary>
    /// <param name="Estimator">The estimator that supplied ∇θ E[f(z)].</param>
    /// <param name="AveragedExcessLoss">L(θ̄ₜ) − L* after each step t = 1…steps, θ̄ₜ the mean of the iterates t/2 &lt; s ≤ t (exact, by enumeration); index 0 is the start.</param>
    /// <param name="Averaged">θ̄, the average of the iterates of the second half of the run.</param>
    /// <param name="AveragedExcess">L(θ̄) − L*.</param>
    public sealed record Run(Estimator Estimator, double[] AveragedExcessLoss, Theta Averaged, double AveragedExcess);

    /// <summary>Runs SGD from <paramref name="start"/>.</summary>
    public static Run Optimize(Estimator estimator, Theta start, int steps, int draws, Random rng)
    {
        var optimal = Exact.OptimalLoss();
        var prefix = new Theta[steps + 1]; // prefix[t] = θ₁ + … + θₜ
        var theta = start;
        for (var t = 1; t <= steps; t++)
        {
            var gradient = estimator.Estimate(theta, draws, rng) + Exact.Gradients(theta).Entropy;
            theta -= StepSize * Math.Pow(1.0 + t / DecaySteps, -DecayExponent) * gradient;
            prefix[t] = prefix[t - 1] + theta;
        }

        var excess = new double[steps + 1];
        excess[0] = Exact.Loss(start) - optimal;
        for (var t = 1; t <= steps; t++)
        {
            excess[t] = Exact.Loss(TailAverage(prefix, t)) - optimal;
        }

        var averaged = TailAverage(prefix, steps);
        return new Run(estimator, excess, averaged, excess[steps]);
    }

    private static Theta TailAverage(Theta[] prefix, int t) => (1.0 / (t - t / 2)) * (prefix[t] - prefix[t / 2]);

    /// <summary>
    /// Expected excess loss of the averaged iterate for an unbiased estimator, tr(H⁻¹Σ)/(2n): averaged SGD's
    /// error is asymptotically N(0, H⁻¹ΣH⁻¹/n) (Polyak and Juditsky 1992, Thm. 2), and the excess loss is
    /// ½ δᵀHδ. Σ is the covariance of one step's gradient at θ*, H the Hessian at θ*, n the number of averaged iterates.
    /// </summary>
    public static double NoiseFloor(EstimatorStats atOptimum, int averagedSteps)
    {
        var (hss, hsc, hcc) = Exact.HessianAtOptimum();
        var det = hss * hcc - hsc * hsc;
        // H⁻¹ = [[hcc, −hsc], [−hsc, hss]] / det; tr(H⁻¹Σ) = Σᵢⱼ (H⁻¹)ᵢⱼ Σⱼᵢ.
        var trace = (hcc * atOptimum.Variance.Slope - 2 * hsc * atOptimum.Covariance + hss * atOptimum.Variance.Curvature) / det;
        return trace / (2.0 * averagedSteps);
    }
}
