using System;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

public class GumbelMaxTests
{
    private static readonly double[] Logits = { 0.3, -1.2, 2.0, 0.0, -0.5, 1.1 };

    // Upper 0.1% point of χ² with 5 degrees of freedom (K − 1 for K = 6), from tables
    // (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4): 20.515. With a fixed seed the test is deterministic; a
    // correct sampler passes with probability 0.999 over seeds, and the control below shows the test has power.
    private const double ChiSquareCritical5 = 20.515;

    [Fact]
    public void GumbelMaxFrequenciesMatchSoftmaxProbabilities()
    {
        var counts = Draw(new Random(2024), 200_000);
        var probabilities = Softmax(Logits);
        Assert.True(ChiSquare(counts, probabilities) < ChiSquareCritical5, $"χ² = {ChiSquare(counts, probabilities)}");
    }

    [Fact]
    public void ChiSquareTestDetectsAWrongDistribution()
    {
        // Control: the same draws against softmax(logits / 1.05), a 5% temperature error, must be rejected.
        var counts = Draw(new Random(2024), 200_000);
        var wrong = Softmax(Logits.Select(l => l / 1.05).ToArray());
        Assert.True(ChiSquare(counts, wrong) > ChiSquareCritical5, $"χ² = {ChiSquare(counts, wrong)}");
    }

    [Fact]
    public void FloatGumbelMaxFrequenciesMatchSoftmaxProbabilities()
    {
        var rng = new Random(77);
        var logits = Logits.Select(v => (float)v).ToArray();
        var gumbel = new float[Logits.Length];
        var counts = new long[Logits.Length];
        for (var n = 0; n < 200_000; n++)
        {
            GumbelNoise.FillGumbel(rng, gumbel);
            counts[Relaxation.GumbelMax(logits, gumbel)]++;
        }

        Assert.True(ChiSquare(counts, Softmax(Logits)) < ChiSquareCritical5, $"χ² = {ChiSquare(counts, Softmax(Logits))}");
    }

    [Fact]
    public void StraightThroughForwardIsExactlyOneHotAtTheGumbelMaxSample()
    {
        var rng = new Random(9);
        for (var trial = 0; trial < 500; trial++)
        {
            var k = 2 + trial % 9;
            var logits = Uniform(rng, k, -5, 5);
            var gumbel = Gumbel(rng, k);
            var sample = Enumerable.Repeat(0.5, k).ToArray();
            var index = Relaxation.StraightThrough(logits, 0.5, gumbel, sample);
            Assert.Equal(Relaxation.GumbelMax(logits, gumbel), index);
            for (var i = 0; i < k; i++)
            {
                Assert.Equal(i == index ? 1.0 : 0.0, sample[i]);
            }

            var sampleF = new float[k];
            Assert.Equal(index, Relaxation.StraightThrough(logits.Select(v => (float)v).ToArray(), 0.5f, gumbel.Select(v => (float)v).ToArray(), sampleF));
            Assert.Equal(1f, sampleF.Sum());
            Assert.Equal(1f, sampleF[index]);
        }
    }

    [Fact]
    public void StraightThroughDerivativesAreTheRelaxedOnes()
    {
        var rng = new Random(10);
        const int K = 5;
        const double Temperature = 0.4;
        var logits = Uniform(rng, K, -2, 2);
        var gumbel = Gumbel(rng, K);
        var dLogits = Uniform(rng, K, -1, 1);
        var upstream = Uniform(rng, K, -1, 1);

        var hard = new double[K];
        var dHard = new double[K];
        var index = Relaxation.StraightThroughTangent(logits, Temperature, gumbel, hard, dLogits, 0.2, dHard);
        var relaxed = new double[K];
        var dRelaxed = new double[K];
        Relaxation.GumbelSoftmaxTangent(logits, Temperature, gumbel, relaxed, dLogits, 0.2, dRelaxed);
        Assert.Equal(1.0, hard[index]);
        Assert.Equal(1.0, hard.Sum());
        Assert.Equal(dRelaxed, dHard);

        var grad = new double[K];
        var gradTemperature = 0.0;
        Relaxation.StraightThroughBackward(logits, Temperature, gumbel, upstream, grad, ref gradTemperature);
        var expected = new double[K];
        var expectedTemperature = 0.0;
        Relaxation.GumbelSoftmaxBackward(logits, Temperature, gumbel, relaxed, upstream, expected, ref expectedTemperature);
        for (var i = 0; i < K; i++)
        {
            // The straight-through backward recomputes the relaxed sample (a second exp per category): a few ε apart.
            Assert.Equal(expected[i], grad[i], 14);
        }

        Assert.Equal(expectedTemperature, gradTemperature, 13);
    }

    [Fact]
    public void BinaryStraightThroughFrequencyMatchesTheSigmoid()
    {
        // P(1) = sigmoid(0.8) = 0.68997; 1 degree of freedom, upper 0.1% point 10.828 (same tables).
        var rng = new Random(31);
        const int N = 200_000;
        var ones = 0L;
        for (var n = 0; n < N; n++)
        {
            var value = Relaxation.BinaryStraightThrough(0.8, 0.5, GumbelNoise.NextLogistic(rng));
            Assert.True(value is 0.0 or 1.0);
            ones += (long)value;
        }

        var p = 1 / (1 + Math.Exp(-0.8));
        var chi = ChiSquare(new[] { ones, N - ones }, new[] { p, 1 - p });
        Assert.True(chi < 10.828, $"χ² = {chi}");

        _ = Relaxation.BinaryStraightThroughTangent(0.8, 0.5, 0.3, 1.0, 0.5, out var dHard);
        _ = Relaxation.BinaryConcreteTangent(0.8, 0.5, 0.3, 1.0, 0.5, out var dRelaxed);
        Assert.Equal(dRelaxed, dHard);
    }

    private static long[] Draw(Random rng, int n)
    {
        var counts = new long[Logits.Length];
        var gumbel = new double[Logits.Length];
        for (var i = 0; i < n; i++)
        {
            GumbelNoise.FillGumbel(rng, gumbel);
            counts[Relaxation.GumbelMax(Logits, gumbel)]++;
        }

        return counts;
    }

    private static double[] Softmax(double[] logits)
    {
        var e = logits.Select(Math.Exp).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    private static double ChiSquare(long[] counts, double[] probabilities)
    {
        double n = counts.Sum();
        return counts.Select((c, i) => (c - n * probabilities[i]) * (c - n * probabilities[i]) / (n * probabilities[i])).Sum();
    }
}
