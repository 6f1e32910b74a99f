using System;
using ReparamGen;

namespace GettingStarted;

/// <summary>
/// Your sampler, written as ordinary C#. The attribute asks the build to generate its gradient beside it:
/// <c>LogNormalTangent</c>, <c>LogNormalWithGradient</c>, <c>LogNormalBackward</c> and a batch overload.
/// The class must be <c>partial</c> so the generated members can join it.
/// </summary>
public static partial class MySamplers
{
    /// <summary>z = exp(mu + sigma·eps) with eps ~ Normal(0, 1): a LogNormal(mu, sigma) draw.</summary>
    [Reparameterizable]
    public static double LogNormal(double mu, double sigma, [Noise] double eps)
    {
        var y = mu + (sigma * eps);
        return Math.Exp(y);
    }
}
