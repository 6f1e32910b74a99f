using System;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

public class RelaxedDistributionTests
{
    [Fact]
    public void RelaxedBernoulliSampleIsTheTransformOfOneLogisticDraw()
    {
        var a = new Random(5);
        var b = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var sample = RelaxedBernoulli.Sample(0.4, 0.7, a);
            var logistic = GumbelNoise.NextLogistic(b);
            Assert.Equal(1 / (1 + Math.Exp(-(0.4 + logistic) / 0.7)), sample, 15);
            Assert.Equal(RelaxedBernoulli.Transform(0.4, 0.7, logistic), sample);
        }
    }

    [Fact]
    public void RelaxedBernoulliGeneratedGradientsMatchFiniteDifferences()
    {
        var rng = new Random(6);
        for (var i = 0; i < 30; i++)
        {
            var logit = rng.NextDouble() * 6 - 3;
            var temperature = 0.2 + 2 * rng.NextDouble();
            var seed = rng.Next();
            var g = RelaxedBernoulli.SampleWithGradient(logit, temperature, new Random(seed));
            Assert.Equal(RelaxedBernoulli.Sample(logit, temperature, new Random(seed)), g.Value);

            // Same noise for every evaluation: a fresh Random with the same seed.
            var dA = Derivative(t => RelaxedBernoulli.Sample(logit + t, temperature, new Random(seed)), 0, 1e-3);
            var dT = Derivative(t => RelaxedBernoulli.Sample(logit, temperature + t, new Random(seed)), 0, 1e-3 * temperature);

            // 6th-order stencil, h = 1e-3·scale; sigmoid's derivatives at these points are O(τ⁻⁷) ≤ 8e4:
            // truncation ≤ 1e-18·8e4·7!/140 ≈ 3e-12; rounding ≈ 2e-13/τ. Tolerance 1e-9.
            Assert.True(Math.Abs(g.DLogit - dA) <= 1e-9, $"{g.DLogit} vs {dA}");
            Assert.True(Math.Abs(g.DTemperature - dT) <= 1e-9, $"{g.DTemperature} vs {dT}");

            var gradLogit = 1.0;
            var gradTemperature = 2.0;
            var value = RelaxedBernoulli.SampleBackward(logit, temperature, new Random(seed), 3.0, ref gradLogit, ref gradTemperature);
            Assert.Equal(g.Value, value);
            Assert.Equal(1.0 + 3.0 * g.DLogit, gradLogit, 14);
            Assert.Equal(2.0 + 3.0 * g.DTemperature, gradTemperature, 14);
        }
    }

    [Fact]
    public void RelaxedBernoulliStraightThroughIsHardWithTheRelaxedGradient()
    {
        var g = RelaxedBernoulli.SampleStraightThroughWithGradient(0.3, 0.5, new Random(8));
        var relaxed = RelaxedBernoulli.SampleWithGradient(0.3, 0.5, new Random(8));
        Assert.Equal(relaxed.Value > 0.5 ? 1.0 : 0.0, g.Value);
        Assert.Equal(relaxed.DLogit, g.DLogit);
        Assert.Equal(relaxed.DTemperature, g.DTemperature);
    }

    [Fact]
    public void RelaxedBernoulliLogDensityIntegratesToOneAndMatchesItsLogitForm()
    {
        // ∫₀¹ p(y) dy by the substitution y = sigmoid(x), dy = y(1 − y) dx, and the trapezoid rule on x ∈ [−100, 100]:
        // the integrand decays like e^{−λ|x| + |a|}, so the cut tails hold < e^{−27}/0.3 ≈ 6e-12, and the rule
        // converges geometrically for this analytic integrand; 1e-8 is far above both errors at step 0.005.
        foreach (var (logit, temperature) in new[] { (0.5, 0.7), (-2.0, 1.5), (3.0, 0.3) })
        {
            var sum = 0.0;
            const double H = 0.005;
            for (var n = -20_000; n <= 20_000; n++)
            {
                var x = n * H;
                var y = 1 / (1 + Math.Exp(-x));
                var e = Math.Exp(-Math.Abs(x));
                var logDensity = RelaxedBernoulli.LogDensityFromLogit(logit, temperature, x);
                sum += Math.Exp(logDensity) * e / ((1 + e) * (1 + e)) * H;
                if (Math.Abs(x) < 10)
                {
                    // y = sigmoid(x) carries one rounding (relative ε); |∂ log p/∂ log y| ≤ 1 + λ(1 + e^{|x|})... ≲ 1e5
                    // for |x| < 10, so the two forms may differ by ~1e5·ε ≈ 2e-11: tolerance 1e-10.
                    Assert.True(Close(RelaxedBernoulli.LogDensity(logit, temperature, y), logDensity, 1e-10), $"x = {x}");
                }
            }

            Assert.Equal(1.0, sum, 8);
        }

        Assert.Equal(1 / (1 + Math.Exp(-0.8)), RelaxedBernoulli.Probability(0.8), 15);
        Assert.Equal(0.0, RelaxedBernoulli.Probability(-1e4));
        Assert.Equal(1.0, RelaxedBernoulli.Probability(1e4));
    }

    [Fact]
    public void RelaxedBernoulliGeneratedLogDensityGradientMatchesTheReferenceRows()
    {
        foreach (var r in ReadCsv("binary_concrete_density.csv").Where(r => r[0] == "linear").Take(12))
        {
            var g = RelaxedBernoulli.LogDensityWithGradient(Number(r[1]), Number(r[2]), Number(r[3]));
            Assert.True(Close(g.Value, Number(r[4]), 1e-12));
            Assert.True(Close(g.DLogit, Number(r[5]), 1e-12));
            Assert.True(Close(g.DTemperature, Number(r[6]), 1e-12));
            Assert.True(Close(g.DSample, Number(r[7]), 1e-12));
        }
    }

    [Fact]
    public void RelaxedOneHotCategoricalSampleUsesKGumbelDrawsAndNoScratch()
    {
        var logits = new[] { 0.2, -1.0, 1.5, 0.0 };
        var a = new Random(9);
        var b = new Random(9);
        var sample = new double[4];
        var expected = new double[4];
        for (var i = 0; i < 50; i++)
        {
            RelaxedOneHotCategorical.Sample(logits, 0.6, a, sample);
            RelaxedOneHotCategorical.Transform(logits, 0.6, Gumbel(b, 4), expected);
            Assert.Equal(expected, sample);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RelaxedOneHotCategorical.Sample(logits, 0.6, a, sample);
        }

        Assert.Equal(allocated, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void RelaxedOneHotCategoricalTangentsMatchFiniteDifferences()
    {
        var rng = new Random(10);
        const int K = 5;
        var logits = Uniform(rng, K, -2, 2);
        var dLogits = Uniform(rng, K, -1, 1);
        const double Temperature = 0.8, DTemperature = 0.3;
        var sample = new double[K];
        var dSample = new double[K];
        RelaxedOneHotCategorical.SampleTangent(logits, Temperature, new Random(77), sample, dLogits, DTemperature, dSample);
        var plain = new double[K];
        RelaxedOneHotCategorical.Sample(logits, Temperature, new Random(77), plain);
        Assert.Equal(plain, sample);

        var gumbel = Gumbel(new Random(77), K);
        var dGenerated = new double[K];
        RelaxedOneHotCategorical.TransformTangent(logits, Temperature, gumbel, new double[K], dLogits, DTemperature, dGenerated);
        for (var i = 0; i < K; i++)
        {
            var index = i;
            var fd = Derivative(
                t =>
                {
                    var y = new double[K];
                    RelaxedOneHotCategorical.Sample(logits.Select((l, j) => l + t * dLogits[j]).ToArray(), Temperature + t * DTemperature, new Random(77), y);
                    return y[index];
                },
                0,
                1e-3);

            // Stencil and step as in GumbelSoftmaxTests.TangentMatchesHighOrderFiniteDifferences.
            Assert.True(Math.Abs(dSample[i] - fd) <= 1e-9, $"{dSample[i]} vs {fd}");
            Assert.Equal(dSample[i], dGenerated[i]);
        }

        // The generated log-density tangent goes through the Concrete density rule.
        var logDensity = RelaxedOneHotCategorical.LogDensityTangent(logits, Temperature, sample, dLogits, DTemperature, dSample, out var dLogDensity);
        var fdDensity = Derivative(
            t =>
            {
                var l = logits.Select((v, j) => v + t * dLogits[j]).ToArray();
                var y = new double[K];
                RelaxedOneHotCategorical.Sample(l, Temperature + t * DTemperature, new Random(77), y);
                return RelaxedOneHotCategorical.LogDensity(l, Temperature + t * DTemperature, y);
            },
            0,
            1e-3);
        Assert.Equal(RelaxedOneHotCategorical.LogDensity(logits, Temperature, sample), logDensity);

        // log q at its own sample: derivatives up to ~1/min(y) ≈ 1e2 here, so 1e-9 relative.
        Assert.True(Math.Abs(dLogDensity - fdDensity) <= 1e-9 * Math.Max(1, Math.Abs(fdDensity)), $"{dLogDensity} vs {fdDensity}");
    }

    [Fact]
    public void RelaxedOneHotCategoricalBackwardMembersMatchTheirTangents()
    {
        var rng = new Random(11);
        const int K = 4;
        var logits = Uniform(rng, K, -2, 2);
        var gumbel = Gumbel(rng, K);
        var upstream = Uniform(rng, K, -1, 1);
        var direction = Uniform(rng, K, -1, 1);
        const double Temperature = 0.9, DTemperature = -0.2;

        var sample = new double[K];
        var dSample = new double[K];
        RelaxedOneHotCategorical.TransformTangent(logits, Temperature, gumbel, sample, direction, DTemperature, dSample);
        var grad = new double[K];
        var gradTemperature = 0.0;
        RelaxedOneHotCategorical.TransformBackward(logits, Temperature, gumbel, sample, upstream, grad, ref gradTemperature);
        Assert.Equal(upstream.Select((u, i) => u * dSample[i]).Sum(), grad.Select((g, i) => g * direction[i]).Sum() + gradTemperature * DTemperature, 13);

        var logSample = new double[K];
        var dLogSample = new double[K];
        RelaxedOneHotCategorical.TransformLogTangent(logits, Temperature, gumbel, logSample, direction, DTemperature, dLogSample);
        Array.Clear(grad);
        gradTemperature = 0.0;
        RelaxedOneHotCategorical.TransformLogBackward(logits, Temperature, gumbel, logSample, upstream, grad, ref gradTemperature);
        Assert.Equal(upstream.Select((u, i) => u * dLogSample[i]).Sum(), grad.Select((g, i) => g * direction[i]).Sum() + gradTemperature * DTemperature, 13);

        var densityValue = RelaxedOneHotCategorical.LogDensityFromLogTangent(logits, Temperature, logSample, direction, DTemperature, dLogSample, out var jvp);
        Array.Clear(grad);
        gradTemperature = 0.0;
        var gradLogSample = new double[K];
        Assert.Equal(densityValue, RelaxedOneHotCategorical.LogDensityFromLogBackward(logits, Temperature, logSample, 1.0, grad, ref gradTemperature, gradLogSample));
        Assert.Equal(jvp, grad.Select((g, i) => g * direction[i] + gradLogSample[i] * dLogSample[i]).Sum() + gradTemperature * DTemperature, 12);

        var probabilities = new double[K];
        RelaxedOneHotCategorical.Probabilities(logits, probabilities);
        var e = logits.Select(Math.Exp).ToArray();
        for (var i = 0; i < K; i++)
        {
            Assert.Equal(e[i] / e.Sum(), probabilities[i], 15);
        }
    }
}
