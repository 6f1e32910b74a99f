using System;

namespace DiscreteLatents;

/// <summary>
/// Exact quantities by enumerating the K choices: the reference every estimator is judged against.
/// </summary>
public static class Exact
{
    /// <summary>π_θ = softmax(logits), computed with the largest logit subtracted.</summary>
    public static void Probabilities(Theta theta, Span<double> p)
    {
        Model.Logits(theta.Slope, theta.Curvature, p);
        var max = double.NegativeInfinity;
        foreach (var l in p)
        {
            max = Math.Max(max, l);
        }

        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Math.Exp(p[i] - max);
            sum += p[i];
        }

        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }
    }

    /// <summary>The objective L(θ) = E[f(z)] − β H(π_θ).</summary>
    public static double Loss(Theta theta)
    {
        Span<double> p = stackalloc double[Model.K];
        Probabilities(theta, p);
        var loss = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            loss += p[i] * Model.CostOf(i);
            if (p[i] > 0)
            {
                loss += Model.EntropyWeight * p[i] * Math.Log(p[i]);
            }
        }

        return loss;
    }

    /// <summary>The known minimum L* = −β log Σᵢ exp(−fᵢ/β) (the free energy of the cost at temperature β).</summary>
    public static double OptimalLoss()
    {
        var sum = 0.0;
        for (var i = 0; i < Model.K; i++)
        {
            sum += Math.Exp(-Model.CostOf(i) / Model.EntropyWeight);
        }

        return -Model.EntropyWeight * Math.Log(sum);
    }

    /// <summary>
    /// Exact ∇θ E[f(z)] = Σᵢ πᵢ fᵢ ∇θ log πᵢ and exact ∇θ(−βH) = β Σᵢ πᵢ log πᵢ ∇θ log πᵢ,
    /// with ∇θ log πᵢ = ∇θ logitsᵢ − Σⱼ πⱼ ∇θ logitsⱼ.
    /// </summary>
    public static (Theta Cost, Theta Entropy) Gradients(Theta theta)
    {
        Span<double> p = stackalloc double[Model.K];
        Span<double> dSlope = stackalloc double[Model.K];
        Span<double> dCurvature = stackalloc double[Model.K];
        Probabilities(theta, p);
        Model.LogitJacobian(theta, dSlope, dCurvature);
        double avgSlope = 0, avgCurvature = 0;
        for (var i = 0; i < p.Length; i++)
        {
            avgSlope += p[i] * dSlope[i];
            avgCurvature += p[i] * dCurvature[i];
        }

        double costSlope = 0, costCurvature = 0, entSlope = 0, entCurvature = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var scoreSlope = dSlope[i] - avgSlope;
            var scoreCurvature = dCurvature[i] - avgCurvature;
            var f = Model.CostOf(i);
            costSlope += p[i] * f * scoreSlope;
            costCurvature += p[i] * f * scoreCurvature;
            if (p[i] > 0)
            {
                var w = Model.EntropyWeight * Math.Log(p[i]);
                entSlope += p[i] * w * scoreSlope;
                entCurvature += p[i] * w * scoreCurvature;
            }
        }

        return (new Theta(costSlope, costCurvature), new Theta(entSlope, entCurvature));
    }

    /// <summary>
    /// Hessian of L at the optimum, H = β·Cov_{π*}(∇θ logits): L(θ) = β·KL(π_θ ‖ π*) + L*, and the Hessian of a KL
    /// divergence between members of an exponential family at its minimum is the Fisher information (here linear
    /// logits, so the Fisher information is the covariance of the features uᵢ, uᵢ²).
    /// </summary>
    public static (double SS, double SC, double CC) HessianAtOptimum()
    {
        Span<double> p = stackalloc double[Model.K];
        Span<double> dSlope = stackalloc double[Model.K];
        Span<double> dCurvature = stackalloc double[Model.K];
        Probabilities(Model.Optimum, p);
        Model.LogitJacobian(Model.Optimum, dSlope, dCurvature);
        double a = 0, b = 0, aa = 0, ab = 0, bb = 0;
        for (var i = 0; i < p.Length; i++)
        {
            a += p[i] * dSlope[i];
            b += p[i] * dCurvature[i];
            aa += p[i] * dSlope[i] * dSlope[i];
            ab += p[i] * dSlope[i] * dCurvature[i];
            bb += p[i] * dCurvature[i] * dCurvature[i];
        }

        var beta = Model.EntropyWeight;
        return (beta * (aa - a * a), beta * (ab - a * b), beta * (bb - b * b));
    }
}
