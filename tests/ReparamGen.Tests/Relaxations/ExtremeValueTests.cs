using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>The relaxations' extreme-value promise: no NaN or Inf for τ from 1e-3 to 1e3 and logits up to ±1e4, in float and double; τ ≤ 0 or NaN throws.</summary>
public class ExtremeValueTests
{
    private static readonly double[] Temperatures = { 1e-3, 3e-3, 1e-2, 0.1, 1, 10, 100, 1e3 };

    public static IEnumerable<object[]> LogitPatterns()
    {
        yield return new object[] { "all +1e4", new[] { 1e4, 1e4, 1e4, 1e4, 1e4 } };
        yield return new object[] { "all -1e4", new[] { -1e4, -1e4, -1e4 } };
        yield return new object[] { "±1e4 alternating", Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 1e4 : -1e4).ToArray() };
        yield return new object[] { "spread ±1e4", Enumerable.Range(0, 100).Select(i => -1e4 + 2e4 * i / 99.0).ToArray() };
        yield return new object[] { "two categories", new[] { -1e4, 1e4 } };
        yield return new object[] { "one category", new[] { 1e4 } };
    }

    [Theory]
    [MemberData(nameof(LogitPatterns))]
    public void DoubleRelaxationsStayFinite(string pattern, double[] logits)
    {
        var k = logits.Length;
        var rng = new Random(pattern.Length);
        foreach (var temperature in Temperatures)
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var gumbel = Gumbel(rng, k);
                var direction = Uniform(rng, k, -1, 1);
                var upstream = Uniform(rng, k, -1, 1);
                var y = new double[k];
                var dy = new double[k];
                var z = new double[k];
                var dz = new double[k];
                var grad = new double[k];
                var gradTemperature = 0.0;
                Relaxation.GumbelSoftmaxTangent(logits, temperature, gumbel, y, direction, 1.0, dy);
                Relaxation.GumbelSoftmaxBackward(logits, temperature, gumbel, y, upstream, grad, ref gradTemperature);
                Relaxation.GumbelLogSoftmaxTangent(logits, temperature, gumbel, z, direction, 1.0, dz);
                Relaxation.GumbelLogSoftmaxBackward(logits, temperature, gumbel, z, upstream, grad, ref gradTemperature);
                Relaxation.StraightThroughBackward(logits, temperature, gumbel, upstream, grad, ref gradTemperature);
                var where = $"{pattern}, τ = {temperature}";
                AssertFinite(y, where);
                AssertFinite(dy, where);
                AssertFinite(z, where);
                AssertFinite(dz, where);
                AssertFinite(grad, where);
                Assert.True(double.IsFinite(gradTemperature), where);
                Assert.Equal(1.0, y.Sum(), 12);
                Assert.True(double.IsFinite(Relaxation.ConcreteLogDensityFromLog(logits, temperature, z)), where);

                for (var i = 0; i < k; i++)
                {
                    var b = Relaxation.BinaryConcreteTangent(logits[i], temperature, GumbelNoise.NextLogistic(rng), 1.0, 1.0, out var db);
                    var gl = 0.0;
                    var gt = 0.0;
                    Relaxation.BinaryConcreteBackward(logits[i], temperature, 0.25, upstream[i], ref gl, ref gt);
                    Assert.True(double.IsFinite(b) && double.IsFinite(db) && double.IsFinite(gl) && double.IsFinite(gt), where);
                    Assert.True(double.IsFinite(Relaxation.BinaryConcreteLogDensityFromLogit(logits[i], temperature, (logits[i] + 0.25) / temperature)), where);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(LogitPatterns))]
    public void FloatRelaxationsStayFinite(string pattern, double[] logitsDouble)
    {
        var logits = logitsDouble.Select(v => (float)v).ToArray();
        var k = logits.Length;
        var rng = new Random(pattern.Length + 1);
        foreach (var temperature in Temperatures.Select(t => (float)t))
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var gumbel = new float[k];
                GumbelNoise.FillGumbel(rng, gumbel);
                var direction = Uniform(rng, k, -1, 1).Select(v => (float)v).ToArray();
                var upstream = Uniform(rng, k, -1, 1).Select(v => (float)v).ToArray();
                var y = new float[k];
                var dy = new float[k];
                var grad = new float[k];
                var gradTemperature = 0f;
                Relaxation.GumbelSoftmaxTangent(logits, temperature, gumbel, y, direction, 1f, dy);
                Relaxation.GumbelSoftmaxBackward(logits, temperature, gumbel, y, upstream, grad, ref gradTemperature);
                Relaxation.StraightThroughBackward(logits, temperature, gumbel, upstream, grad, ref gradTemperature);
                Relaxation.GumbelSoftmaxBatch(logits, k, temperature, gumbel, y);
                Relaxation.GumbelSoftmaxBackwardBatch(logits, k, temperature, gumbel, y, upstream, grad, ref gradTemperature);
                var where = $"{pattern}, τ = {temperature}";
                Assert.All(y.Concat(dy).Concat(grad), v => Assert.True(float.IsFinite(v), where));
                Assert.True(float.IsFinite(gradTemperature), where);
                Assert.Equal(1.0, y.Sum(), 5);

                for (var i = 0; i < k; i++)
                {
                    var noise = (float)GumbelNoise.NextLogistic(rng);
                    var b = Relaxation.BinaryConcreteTangent(logits[i], temperature, noise, 1f, 1f, out var db);
                    var gl = 0f;
                    var gt = 0f;
                    Relaxation.BinaryConcreteBackward(logits[i], temperature, noise, upstream[i], ref gl, ref gt);
                    Assert.True(float.IsFinite(b) && float.IsFinite(db) && float.IsFinite(gl) && float.IsFinite(gt), where);
                }
            }
        }
    }

    [Fact]
    public void NoiseIsAlwaysFiniteEvenAtTheExtremesOfTheUniform()
    {
        // A Random whose integers sit at both ends of the range: u = 2⁻⁵³ and 1 − 2⁻⁵³, never 0 or 1.
        foreach (var extreme in new[] { 0L, long.MaxValue - 1 })
        {
            var rng = new ConstantRandom(extreme);
            var u = GumbelNoise.NextOpenUniform(rng);
            Assert.True(u > 0 && u < 1);
            Assert.True(double.IsFinite(GumbelNoise.NextGumbel(rng)));
            Assert.True(double.IsFinite(GumbelNoise.NextLogistic(rng)));
            var f = new float[2];
            GumbelNoise.FillGumbel(rng, f);
            Assert.All(f, v => Assert.True(float.IsFinite(v)));
            GumbelNoise.FillLogistic(rng, f);
            Assert.All(f, v => Assert.True(float.IsFinite(v)));
        }

        Assert.Equal(Math.Pow(2, -53), GumbelNoise.NextOpenUniform(new ConstantRandom(0)));
        Assert.Equal(1 - Math.Pow(2, -53), GumbelNoise.NextOpenUniform(new ConstantRandom(long.MaxValue - 1)));

        // Logistic noise is antisymmetric at the two ends (u and 1 − u are both exact).
        Assert.Equal(-GumbelNoise.NextLogistic(new ConstantRandom(0)), GumbelNoise.NextLogistic(new ConstantRandom(long.MaxValue - 1)));
    }

    [Fact]
    public void NoiseHasTheGumbelAndLogisticMoments()
    {
        // Gumbel: mean γ_Euler = 0.5772, variance π²/6; logistic: mean 0, variance π²/3. With n = 4e5 the
        // standard error of the mean is sd/√n ≈ 2e-3 (Gumbel) and 2.9e-3 (logistic); 5 standard errors allowed.
        var rng = new Random(1);
        var g = new double[400_000];
        GumbelNoise.FillGumbel(rng, g);
        Assert.True(Math.Abs(g.Average() - 0.5772156649) < 5 * Math.Sqrt(Math.PI * Math.PI / 6 / g.Length));
        Assert.True(Math.Abs(g.Select(v => (v - 0.5772156649) * (v - 0.5772156649)).Average() / (Math.PI * Math.PI / 6) - 1) < 0.02);
        var l = new double[400_000];
        GumbelNoise.FillLogistic(rng, l);
        Assert.True(Math.Abs(l.Average()) < 5 * Math.Sqrt(Math.PI * Math.PI / 3 / l.Length));
        Assert.True(Math.Abs(l.Select(v => v * v).Average() / (Math.PI * Math.PI / 3) - 1) < 0.02);

        // Single precision (its own uniform and log): the same moments, same allowances.
        var gf = new float[400_001];
        GumbelNoise.FillGumbel(rng, gf);
        Assert.True(Math.Abs(gf.Average(v => (double)v) - 0.5772156649) < 5 * Math.Sqrt(Math.PI * Math.PI / 6 / gf.Length));
        Assert.True(Math.Abs(gf.Select(v => (v - 0.5772156649) * (v - 0.5772156649)).Average() / (Math.PI * Math.PI / 6) - 1) < 0.02);
        Assert.True(gf.Min() > -2.9f && gf.Max() < 16.7f);
        var lf = new float[400_001];
        GumbelNoise.FillLogistic(rng, lf);
        Assert.True(Math.Abs(lf.Average(v => (double)v)) < 5 * Math.Sqrt(Math.PI * Math.PI / 3 / lf.Length));
        Assert.True(Math.Abs(lf.Select(v => (double)v * v).Average() / (Math.PI * Math.PI / 3) - 1) < 0.02);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(-1e-300)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void NonPositiveOrNaNTemperatureThrowsNamingTheParameter(double temperature)
    {
        var a = new[] { 0.5, -0.5, 0.0 };
        var s = new double[3];
        var t = (float)temperature;
        var af = new[] { 0.5f, -0.5f, 0f };
        var sf = new float[3];
        var rng = new Random(1);
        var actions = new Action[]
        {
            () => Relaxation.GumbelSoftmax(a, temperature, a, s),
            () => Relaxation.GumbelSoftmax(af, t, af, sf),
            () => Relaxation.GumbelSoftmaxTangent(a, temperature, a, s, a, 1.0, s),
            () => Relaxation.GumbelSoftmaxTangent(af, t, af, sf, af, 1f, sf),
            () => { var g = 0.0; Relaxation.GumbelSoftmaxBackward(a, temperature, a, a, a, s, ref g); },
            () => { var g = 0f; Relaxation.GumbelSoftmaxBackward(af, t, af, af, af, sf, ref g); },
            () => Relaxation.GumbelSoftmaxBatch(a, 3, temperature, a, s),
            () => Relaxation.GumbelSoftmaxBatch(af, 3, t, af, sf),
            () => { var g = 0.0; Relaxation.GumbelSoftmaxBackwardBatch(a, 3, temperature, a, a, a, s, ref g); },
            () => { var g = 0f; Relaxation.GumbelSoftmaxBackwardBatch(af, 3, t, af, af, af, sf, ref g); },
            () => Relaxation.GumbelLogSoftmax(a, temperature, a, s),
            () => Relaxation.GumbelLogSoftmaxTangent(a, temperature, a, s, a, 1.0, s),
            () => { var g = 0.0; Relaxation.GumbelLogSoftmaxBackward(a, temperature, a, a, a, s, ref g); },
            () => Relaxation.StraightThrough(a, temperature, a, s),
            () => Relaxation.StraightThrough(af, t, af, sf),
            () => Relaxation.StraightThroughTangent(a, temperature, a, s, a, 1.0, s),
            () => { var g = 0.0; Relaxation.StraightThroughBackward(a, temperature, a, a, s, ref g); },
            () => Relaxation.BinaryConcrete(0.5, temperature, 0.1),
            () => Relaxation.BinaryConcrete(0.5f, t, 0.1f),
            () => Relaxation.BinaryConcreteTangent(0.5, temperature, 0.1, 1, 1, out _),
            () => { var g = 0.0; var h = 0.0; Relaxation.BinaryConcreteBackward(0.5, temperature, 0.1, 1, ref g, ref h); },
            () => Relaxation.BinaryStraightThrough(0.5, temperature, 0.1),
            () => Relaxation.BinaryStraightThroughTangent(0.5, temperature, 0.1, 1, 1, out _),
            () => Relaxation.ConcreteLogDensity(a, temperature, new[] { 0.2, 0.3, 0.5 }),
            () => Relaxation.ConcreteLogDensityFromLog(a, temperature, a),
            () => Relaxation.BinaryConcreteLogDensity(0.5, temperature, 0.3),
            () => Relaxation.BinaryConcreteLogDensityFromLogit(0.5, temperature, 0.3),
            () => global::ReparamGen.Distributions.RelaxedBernoulli.Sample(0.5, temperature, rng),
            () => global::ReparamGen.Distributions.RelaxedBernoulli.SampleWithGradient(0.5, temperature, rng),
            () => global::ReparamGen.Distributions.RelaxedBernoulli.LogDensity(0.5, temperature, 0.3),
            () => global::ReparamGen.Distributions.RelaxedOneHotCategorical.Sample(a, temperature, rng, s),
            () => global::ReparamGen.Distributions.RelaxedOneHotCategorical.SampleTangent(a, temperature, rng, s, a, 1.0, new double[3]),
            () => global::ReparamGen.Distributions.RelaxedOneHotCategorical.LogDensity(a, temperature, new[] { 0.2, 0.3, 0.5 }),
        };
        foreach (var action in actions)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(action);
            Assert.Equal("temperature", e.ParamName);
        }
    }

    private static void AssertFinite(double[] values, string where)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(double.IsFinite(values[i]), $"{where}: [{i}] = {values[i]}");
        }
    }

    /// <summary>A Random that always returns the same 63-bit integer (to reach the uniform's end points).</summary>
    private sealed class ConstantRandom : Random
    {
        private readonly long value;

        public ConstantRandom(long value) => this.value = value;

        public override long NextInt64() => value;
    }
}
