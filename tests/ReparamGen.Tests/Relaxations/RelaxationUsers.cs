using System;

namespace ReparamGen.Tests.Relaxations;

/// <summary>User code that calls the relaxation primitives from differentiated methods (through their [TangentOf] rules).</summary>
public static partial class RelaxationUsers
{
    /// <summary>Expected cost Σ cᵢ yᵢ of a relaxed three-way choice with costs 1, 2, 3.</summary>
    [Reparameterizable]
    public static double RelaxedCost(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel)
    {
        Span<double> y = stackalloc double[3];
        Relaxation.GumbelSoftmax(logits, temperature, gumbel, y);
        return y[0] + 2.0 * y[1] + 3.0 * y[2];
    }

    /// <summary>A relaxed Bernoulli whose logit is an affine function of a parameter, squared.</summary>
    [Reparameterizable]
    public static double BinaryUser(double w, double temperature, [Noise] double logistic)
    {
        var y = Relaxation.BinaryConcrete(2.0 * w - 1.0, temperature, logistic);
        return y * y + Math.Log(temperature);
    }

    /// <summary>log q(y) of a relaxed Bernoulli at its own reparameterized sample (an ELBO entropy term).</summary>
    [Reparameterizable]
    public static double SelfLogDensity(double logit, double temperature, [Noise] double logistic)
    {
        var x = (logit + logistic) / temperature;
        return Relaxation.BinaryConcreteLogDensityFromLogit(logit, temperature, x);
    }
}
