using System;

namespace DiscreteLatents;

/// <summary>Mean and spread of one estimator at fixed θ, over many independent estimates, against the exact gradient.</summary>
/// <param name="Estimator">The estimator.</param>
/// <param name="Average">Average of the estimates.</param>
/// <param name="Variance">Variance of one estimate, per component.</param>
/// <param name="Covariance">Covariance of the two components of one estimate.</param>
/// <param name="ExactGradient">Exact ∇θ E[f(z)] by enumeration.</param>
/// <param name="Replications">Number of independent estimates averaged.</param>
public sealed record EstimatorStats(Estimator Estimator, Theta Average, Theta Variance, double Covariance, Theta ExactGradient, int Replications)
{
    /// <summary>Bias estimate, per component: average estimate minus the exact gradient.</summary>
    public Theta Bias => Average - ExactGradient;

    /// <summary>Standard error of the average estimate, per component.</summary>
    public Theta StandardError => new(Math.Sqrt(Variance.Slope / Replications), Math.Sqrt(Variance.Curvature / Replications));

    /// <summary>Total variance of one estimate: the trace of its covariance, E‖ĝ − Eĝ‖².</summary>
    public double TotalVariance => Variance.Slope + Variance.Curvature;

    /// <summary>Bias norm relative to the exact gradient's norm.</summary>
    public double RelativeBias => Bias.Norm / ExactGradient.Norm;

    /// <summary>Typical relative size of the Monte Carlo error of the average, sqrt(trace Σ / R)/‖∇‖: smaller biases are not resolved.</summary>
    public double RelativeNoiseFloor => Math.Sqrt(TotalVariance / Replications) / ExactGradient.Norm;

    /// <summary>Largest |bias| in standard errors over the two components.</summary>
    public double BiasInStandardErrors => Math.Max(Math.Abs(Bias.Slope) / StandardError.Slope, Math.Abs(Bias.Curvature) / StandardError.Curvature);

    /// <summary>Measures <paramref name="estimator"/> at θ from <paramref name="replications"/> independent estimates of <paramref name="draws"/> draws each.</summary>
    public static EstimatorStats Measure(Estimator estimator, Theta theta, int draws, int replications, Random rng)
    {
        // Welford's running mean and variance (Knuth, TAOCP vol. 2, §4.2.2): no cancellation for large R.
        double m1 = 0, m2 = 0, s11 = 0, s22 = 0, s12 = 0;
        for (var r = 1; r <= replications; r++)
        {
            var g = estimator.Estimate(theta, draws, rng);
            var d1 = g.Slope - m1;
            var d2 = g.Curvature - m2;
            m1 += d1 / r;
            m2 += d2 / r;
            s11 += d1 * (g.Slope - m1);
            s22 += d2 * (g.Curvature - m2);
            s12 += d1 * (g.Curvature - m2);
        }

        var exact = Exact.Gradients(theta).Cost;
        var n = replications - 1.0;
        return new EstimatorStats(estimator, new Theta(m1, m2), new Theta(s11 / n, s22 / n), s12 / n, exact, replications);
    }
}
