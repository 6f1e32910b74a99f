using System;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>
/// The primitives called from user [Reparameterizable] methods: the generated tangents, which go through the
/// primitives' [TangentOf] rules, against finite differences of the primal methods.
/// </summary>
public class DifferentiatedThroughTests
{
    // 6th-order central differences with h = 1e-3·scale: for these smooth functions with O(1) derivatives at
    // the tested points, truncation ≈ h⁶·|f⁽⁷⁾|/140 < 1e-12 and rounding ≈ 1.8ε|f|/h < 1e-12; tolerance 1e-9.
    private const double Tolerance = 1e-9;

    [Fact]
    public void GeneratedTangentThroughGumbelSoftmaxMatchesFiniteDifferences()
    {
        var rng = new Random(41);
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = Uniform(rng, 3, -2, 2);
            var gumbel = Gumbel(rng, 3);
            var dLogits = Uniform(rng, 3, -1, 1);
            var temperature = 0.3 + rng.NextDouble();
            var dTemperature = rng.NextDouble() - 0.5;
            var value = RelaxationUsers.RelaxedCostTangent(logits, temperature, gumbel, dLogits, dTemperature, out var d);
            Assert.Equal(RelaxationUsers.RelaxedCost(logits, temperature, gumbel), value);
            var fd = Derivative(t => RelaxationUsers.RelaxedCost(logits.Select((l, i) => l + t * dLogits[i]).ToArray(), temperature + t * dTemperature, gumbel), 0, 1e-3 * temperature);
            Assert.True(Math.Abs(d - fd) <= Tolerance, $"{d} vs {fd}");
        }
    }

    [Fact]
    public void GeneratedGradientThroughBinaryConcreteMatchesFiniteDifferences()
    {
        var rng = new Random(42);
        for (var trial = 0; trial < 20; trial++)
        {
            var w = rng.NextDouble() * 4 - 2;
            var temperature = 0.2 + rng.NextDouble();
            var noise = GumbelNoise.NextLogistic(rng);
            var g = RelaxationUsers.BinaryUserWithGradient(w, temperature, noise);
            Assert.Equal(RelaxationUsers.BinaryUser(w, temperature, noise), g.Value);
            var dW = Derivative(t => RelaxationUsers.BinaryUser(w + t, temperature, noise), 0, 1e-3);
            var dT = Derivative(t => RelaxationUsers.BinaryUser(w, temperature + t, noise), 0, 1e-3 * temperature);
            Assert.True(Math.Abs(g.DW - dW) <= Tolerance, $"∂/∂w {g.DW} vs {dW}");
            Assert.True(Math.Abs(g.DTemperature - dT) <= Tolerance * Math.Max(1, Math.Abs(dT)), $"∂/∂τ {g.DTemperature} vs {dT}");
        }
    }

    [Fact]
    public void GeneratedGradientOfALogDensityAtItsOwnSampleMatchesFiniteDifferences()
    {
        var rng = new Random(43);
        for (var trial = 0; trial < 20; trial++)
        {
            var logit = rng.NextDouble() * 4 - 2;
            var temperature = 0.2 + rng.NextDouble();
            var noise = GumbelNoise.NextLogistic(rng);
            var g = RelaxationUsers.SelfLogDensityWithGradient(logit, temperature, noise);
            var dA = Derivative(t => RelaxationUsers.SelfLogDensity(logit + t, temperature, noise), 0, 1e-3);
            var dT = Derivative(t => RelaxationUsers.SelfLogDensity(logit, temperature + t, noise), 0, 1e-3 * temperature);
            Assert.True(Math.Abs(g.DLogit - dA) <= Tolerance * Math.Max(1, Math.Abs(dA)), $"∂/∂a {g.DLogit} vs {dA}");
            Assert.True(Math.Abs(g.DTemperature - dT) <= Tolerance * Math.Max(1, Math.Abs(dT)), $"∂/∂τ {g.DTemperature} vs {dT}");
        }
    }
}
