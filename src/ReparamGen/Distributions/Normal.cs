using System;

namespace ReparamGen.Distributions;

/// <summary>The normal distribution N(mean, stdDev²), reparameterized as <c>z = mean + stdDev·ε</c>, <c>ε ~ N(0, 1)</c>.</summary>
public static partial class Normal
{
    /// <summary>The sample <c>mean + stdDev·eps</c> for standard-normal noise <paramref name="eps"/>.</summary>
    /// <param name="mean">Location.</param>
    /// <param name="stdDev">Scale, positive.</param>
    /// <param name="eps">Standard-normal noise.</param>
    [Reparameterizable]
    public static double Transform(double mean, double stdDev, [Noise] double eps)
    {
        if (!(stdDev > 0))
        {
            Guard.ThrowNotPositive(nameof(stdDev), stdDev);
        }

        return mean + stdDev * eps;
    }
}
