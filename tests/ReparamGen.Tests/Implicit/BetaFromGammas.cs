using System;
using ReparamGen.Distributions;

namespace ReparamGen.Tests.Implicit;

/// <summary>Beta as G₁/(G₁ + G₂), written as a user would: an explicit sampler calling implicit ones.</summary>
public static partial class BetaFromGammas
{
    [Reparameterizable]
    public static double Sample(double a, double b, Random rng)
    {
        var g1 = Gamma.StandardSample(a, rng);
        var g2 = Gamma.StandardSample(b, rng);
        return g1 / (g1 + g2);
    }
}
