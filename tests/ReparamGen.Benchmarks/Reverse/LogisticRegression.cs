using System;
using ReparamGen;

namespace ReparamGen.Benchmarks.Reverse;

/// <summary>
/// Bayesian logistic regression, written as a user would: a standard normal prior on the weights w (length d) and a
/// Bernoulli-logit likelihood for n observations (row-major design matrix x, n × d; labels y ∈ {0, 1}). The generator
/// makes <c>LogJointBackward</c> (reverse mode) and <c>LogJointTangent</c> (forward mode).
/// </summary>
public static partial class LogisticRegression
{
    /// <summary>log p(w) + Σᵢ log p(yᵢ | xᵢ, w), up to the constant −(d/2)·log 2π.</summary>
    [Differentiable]
    public static double LogJoint(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y, int n, int d)
    {
        double lp = 0;
        for (int j = 0; j < d; j++)
        {
            lp -= 0.5 * w[j] * w[j];
        }

        for (int i = 0; i < n; i++)
        {
            double eta = 0;
            for (int j = 0; j < d; j++)
            {
                eta += x[i * d + j] * w[j];
            }

            // log p(yᵢ | ηᵢ) = yᵢ·ηᵢ − log(1 + e^ηᵢ), with the overflow-free softplus of the runtime.
            lp += y[i] * eta - SpecialFunctions.Log1pExp(eta);
        }

        return lp;
    }

    /// <summary>
    /// The backpropagation a careful engineer writes by hand: one pass per observation computing ηᵢ, the residual
    /// yᵢ − σ(ηᵢ) and adding it times the row into the gradient; the prior's −w added once. Adds seed·∇ into grad.
    /// </summary>
    public static double LogJointGradientByHand(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, int d, double seed, Span<double> grad)
    {
        if (grad.Length != w.Length)
        {
            throw new ArgumentException("Length of 'grad' must equal the length of 'w'.", nameof(grad));
        }

        double lp = 0;
        for (int j = 0; j < d; j++)
        {
            lp -= 0.5 * w[j] * w[j];
            grad[j] -= seed * w[j];
        }

        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * d, d);
            double eta = 0;
            for (int j = 0; j < d; j++)
            {
                eta += row[j] * w[j];
            }

            lp += y[i] * eta - SpecialFunctions.Log1pExp(eta);
            var r = seed * (y[i] - SpecialFunctions.Sigmoid(eta));
            for (int j = 0; j < d; j++)
            {
                grad[j] += r * row[j];
            }
        }

        return lp;
    }
}
