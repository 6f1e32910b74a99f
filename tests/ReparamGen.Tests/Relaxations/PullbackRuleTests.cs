using System;
using Xunit;

namespace ReparamGen.Tests.Relaxations;

/// <summary>
/// The relaxations' reverse-mode rules for reversed callers (<c>…Pullback</c>): they write the primal output exactly as
/// the primal does, add (not overwrite) into the accumulators, and refuse noise that overlaps the output, which the
/// forward-only primals allow. Their derivatives are checked against finite differences through generated callers in
/// the generator tests (ReverseRuntimePrimitiveTests).
/// </summary>
public class PullbackRuleTests
{
    private static readonly double[] Logits = { 0.4, -0.9, 1.3, 0.1 };
    private static readonly double[] Gumbel = { 0.2, 1.1, -0.5, 0.7 };

    [Fact]
    public void GumbelSoftmaxPullbackWritesThePrimalSampleAndAddsIntoTheAccumulators()
    {
        var expected = new double[4];
        Relaxation.GumbelSoftmax(Logits, 0.5, Gumbel, expected);
        var sample = new double[4];
        var seed = new[] { 1.0, -2.0, 0.5, 3.0 };
        var once = new double[4];
        var onceTemperature = 0.0;
        Relaxation.GumbelSoftmaxPullback(Logits, 0.5, Gumbel, sample, seed, once, ref onceTemperature);
        Assert.Equal(expected, sample); // the same operations in the same order: bit for bit

        var twice = new double[4];
        var twiceTemperature = 0.0;
        Relaxation.GumbelSoftmaxPullback(Logits, 0.5, Gumbel, sample, seed, twice, ref twiceTemperature);
        Relaxation.GumbelSoftmaxPullback(Logits, 0.5, Gumbel, sample, seed, twice, ref twiceTemperature);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(2 * once[i], twice[i]); // doubling is exact in binary floating point
        }

        Assert.Equal(2 * onceTemperature, twiceTemperature);
        Assert.NotEqual(0.0, onceTemperature);
    }

    [Fact]
    public void PullbacksRefuseNoiseThatOverlapsTheOutput()
    {
        var buffer = (double[])Gumbel.Clone();
        var grad = new double[4];
        var gradTemperature = 0.0;
        var error = Assert.Throws<ArgumentException>(() => Relaxation.GumbelSoftmaxPullback(Logits, 0.5, buffer, buffer, new double[4], grad, ref gradTemperature));
        Assert.Equal("gumbel", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Relaxation.RelaxedTopKPullback(Logits, buffer, 2, 0.5, buffer.AsSpan(1, 2), new double[2], grad, ref gradTemperature));
        Assert.Equal("gumbel", error.ParamName);
        var single = new float[4];
        var singleTemperature = 0f;
        var singleError = Assert.Throws<ArgumentException>(() => Relaxation.StraightThroughPullback(new float[4], 1f, single, single, new float[4], new float[4], ref singleTemperature));
        Assert.Equal("gumbel", singleError.ParamName);
    }
}
