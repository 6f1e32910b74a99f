using System;
using ReparamGen.Distributions;

namespace ReparamGen.Tests.Relaxations;

/// <summary>User code that calls the structured relaxations from differentiated methods (through their [TangentOf] rules).</summary>
public static partial class StructuredRelaxationUsers
{
    /// <summary>A cost Σ cᵢ khotᵢ of a relaxed 2-of-4 subset with costs 1…4.</summary>
    [Reparameterizable]
    public static double TopKCost(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel)
    {
        Span<double> khot = stackalloc double[4];
        Relaxation.RelaxedTopK(logits, gumbel, 2, temperature, khot);
        return khot[0] + 2.0 * khot[1] + 3.0 * khot[2] + 4.0 * khot[3];
    }

    /// <summary>The trace-like weight P₀₁ + 2·P₁₀ of a relaxed 2×2 permutation.</summary>
    [Reparameterizable]
    public static double SinkhornCost(ReadOnlySpan<double> scores, double temperature, [Noise] ReadOnlySpan<double> gumbel)
    {
        Span<double> p = stackalloc double[4];
        Relaxation.GumbelSinkhorn(scores, gumbel, 2, temperature, 10, p);
        return p[1] + 2.0 * p[2];
    }

    /// <summary>A scaled Plackett–Luce log-probability of a fixed ranking.</summary>
    [Differentiable]
    public static double RankingScore(ReadOnlySpan<double> logits, ReadOnlySpan<int> ranking)
        => 2.0 * PlackettLuce.LogProbability(logits, ranking);
}
