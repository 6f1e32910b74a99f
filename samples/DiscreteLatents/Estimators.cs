using System;
using ReparamGen;

namespace DiscreteLatents;

/// <summary>The kinds of gradient estimator compared.</summary>
public enum EstimatorKind
{
    /// <summary>Score function: f(z) ∇θ log π(z) (Williams 1992).</summary>
    Reinforce,

    /// <summary>Score function with the leave-one-out baseline (Kool, van Hoof and Welling 2019, "Buy 4 REINFORCE samples, get a baseline for free!").</summary>
    ReinforceLeaveOneOut,

    /// <summary>Gumbel-Softmax: the pathwise gradient of f(softmax((logits + γ)/τ)) (Jang et al. 2017; Maddison et al. 2017).</summary>
    GumbelSoftmax,

    /// <summary>Straight-through Gumbel-Softmax: one-hot forward, the relaxed Jacobian backward (Jang et al. 2017, §2.2).</summary>
    StraightThrough,
}

/// <summary>
/// One gradient estimator of ∇θ E_{z~π_θ}[f(z)]: an average over <c>draws</c> independent draws, so every
/// estimator spends the same number of samples per estimate.
/// </summary>
/// <param name="Kind">Which estimator.</param>
/// <param name="Temperature">τ of the relaxation (Gumbel-Softmax and straight-through only; NaN otherwise).</param>
public sealed record Estimator(EstimatorKind Kind, double Temperature)
{
    /// <summary>Short name for tables and legends.</summary>
    public string Name => Kind switch
    {
        EstimatorKind.Reinforce => "REINFORCE",
        EstimatorKind.ReinforceLeaveOneOut => "REINFORCE+baseline",
        EstimatorKind.GumbelSoftmax => FormattableString.Invariant($"Gumbel-Softmax τ={Temperature:0.###}"),
        _ => FormattableString.Invariant($"Straight-through τ={Temperature:0.###}"),
    };

    /// <summary>Estimates ∇θ E[f(z)] at θ from <paramref name="draws"/> draws (at least 2 for the leave-one-out baseline).</summary>
    public Theta Estimate(Theta theta, int draws, Random rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, Kind == EstimatorKind.ReinforceLeaveOneOut ? 2 : 1);
        return Kind switch
        {
            EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut => ScoreFunction(theta, draws, rng, Kind == EstimatorKind.ReinforceLeaveOneOut),
            _ => Pathwise(theta, draws, rng, Kind == EstimatorKind.StraightThrough),
        };
    }

    // Score function: ∇θ log π(z) = ∇θ logits_z − Σᵢ πᵢ ∇θ logitsᵢ; z drawn exactly by the generated Gumbel-Max.
    private static Theta ScoreFunction(Theta theta, int draws, Random rng, bool leaveOneOut)
    {
        Span<double> p = stackalloc double[Model.K];
        Span<double> dSlope = stackalloc double[Model.K];
        Span<double> dCurvature = stackalloc double[Model.K];
        Span<double> gumbel = stackalloc double[Model.K];
        Span<double> costs = stackalloc double[draws];
        Span<double> scoresSlope = stackalloc double[draws];
        Span<double> scoresCurvature = stackalloc double[draws];
        Exact.Probabilities(theta, p);
        Model.LogitJacobian(theta, dSlope, dCurvature);
        double avgSlope = 0, avgCurvature = 0;
        for (var i = 0; i < Model.K; i++)
        {
            avgSlope += p[i] * dSlope[i];
            avgCurvature += p[i] * dCurvature[i];
        }

        var total = 0.0;
        for (var j = 0; j < draws; j++)
        {
            GumbelNoise.FillGumbel(rng, gumbel);
            var z = Model.LogitsGumbelMax(theta.Slope, theta.Curvature, gumbel);
            costs[j] = Model.CostOf(z);
            scoresSlope[j] = dSlope[z] - avgSlope;
            scoresCurvature[j] = dCurvature[z] - avgCurvature;
            total += costs[j];
        }

        double gSlope = 0, gCurvature = 0;
        for (var j = 0; j < draws; j++)
        {
            // The leave-one-out mean of the other draws' costs is independent of draw j: the estimate stays unbiased.
            var baseline = leaveOneOut ? (total - costs[j]) / (draws - 1) : 0.0;
            gSlope += (costs[j] - baseline) * scoresSlope[j];
            gCurvature += (costs[j] - baseline) * scoresCurvature[j];
        }

        return new Theta(gSlope / draws, gCurvature / draws);
    }

    // Pathwise through the relaxation: upstream ∂f/∂y at the relaxed sample (Gumbel-Softmax) or at the one-hot
    // sample (straight-through), pulled back by the generated LogitsRelaxedBackward.
    private Theta Pathwise(Theta theta, int draws, Random rng, bool straightThrough)
    {
        Span<double> gumbel = stackalloc double[Model.K];
        Span<double> y = stackalloc double[Model.K];
        Span<double> upstream = stackalloc double[Model.K];
        double gSlope = 0, gCurvature = 0, gTemperature = 0;
        for (var j = 0; j < draws; j++)
        {
            GumbelNoise.FillGumbel(rng, gumbel);
            if (straightThrough)
            {
                Model.LogitsStraightThrough(theta.Slope, theta.Curvature, Temperature, gumbel, y);
            }
            else
            {
                Model.LogitsRelaxed(theta.Slope, theta.Curvature, Temperature, gumbel, y);
            }

            Model.CostGradient(y, upstream);
            Model.LogitsRelaxedBackward(theta.Slope, theta.Curvature, Temperature, gumbel, upstream, ref gSlope, ref gCurvature, ref gTemperature);
        }

        return new Theta(gSlope / draws, gCurvature / draws);
    }
}
