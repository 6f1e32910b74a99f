using System;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

public class GumbelSoftmaxTests
{
    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(10, 0.1)]
    [InlineData(10, 7.0)]
    public void RelaxedSampleMatchesAnIndependentSoftmax(int k, double temperature)
    {
        var rng = new Random(11 + k);
        for (var trial = 0; trial < 50; trial++)
        {
            var logits = Uniform(rng, k, -4, 4);
            var gumbel = Gumbel(rng, k);
            var sample = new double[k];
            Relaxation.GumbelSoftmax(logits, temperature, gumbel, sample);
            var expected = PlainSoftmax(logits, temperature, gumbel);
            for (var i = 0; i < k; i++)
            {
                // Both forms round each of K exponentials and a K-term sum: relative error a few K·ε;
                // the exponent (xⱼ − xᵢ)/τ ≤ 80/0.1 carries its own rounding 800ε into exp. 1e-12 bounds both.
                Assert.True(Math.Abs(sample[i] - expected[i]) <= 1e-12 * expected[i] + 1e-300, $"y[{i}] = {sample[i]}, expected {expected[i]}");
            }

            Assert.Equal(1.0, sample.Sum(), 12);
        }
    }

    [Fact]
    public void RelaxedSampleApproachesTheOneHotGumbelMaxSampleAsTheTemperatureFalls()
    {
        var rng = new Random(5);
        var temperatures = new[] { 3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 1e-3 };
        var meanDistance = new double[temperatures.Length];
        const int K = 6;
        for (var trial = 0; trial < 200; trial++)
        {
            var logits = Uniform(rng, K, -2, 2);
            var gumbel = Gumbel(rng, K);
            var hard = Relaxation.GumbelMax(logits, gumbel);
            var x = logits.Select((l, i) => l + gumbel[i]).ToArray();
            var gap = x[hard] - x.Where((_, i) => i != hard).Max();
            for (var t = 0; t < temperatures.Length; t++)
            {
                var sample = new double[K];
                Relaxation.GumbelSoftmax(logits, temperatures[t], gumbel, sample);
                var distance = 1.0 - sample[hard];
                meanDistance[t] += distance / 200;

                // Exact bound: 1 − y_hard = Σ_{j≠hard} yⱼ ≤ Σ_{j≠hard} exp((xⱼ − x_hard)/τ) ≤ (K − 1)·exp(−gap/τ).
                Assert.True(distance <= (K - 1) * Math.Exp(-gap / temperatures[t]) + 4e-16, $"τ = {temperatures[t]}: 1 − y = {distance}, gap {gap}");
            }
        }

        for (var t = 1; t < temperatures.Length; t++)
        {
            Assert.True(meanDistance[t] < meanDistance[t - 1], $"mean distance to one-hot did not fall from τ = {temperatures[t - 1]} to {temperatures[t]}");
        }

        // At τ = 1e-3 only draws whose top two sums are within ~0.03 are not one-hot to 1e-13.
        Assert.True(meanDistance[^1] < 0.01, $"mean 1 − y_max at τ = 1e-3 is {meanDistance[^1]}");
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(10, 0.3)]
    [InlineData(10, 4.0)]
    public void TangentMatchesHighOrderFiniteDifferences(int k, double temperature)
    {
        var rng = new Random(100 + k);
        for (var trial = 0; trial < 10; trial++)
        {
            var logits = Uniform(rng, k, -3, 3);
            var gumbel = Gumbel(rng, k);
            var dLogits = Uniform(rng, k, -1, 1);
            var dTemperature = rng.NextDouble() - 0.5;
            var sample = new double[k];
            var dSample = new double[k];
            Relaxation.GumbelSoftmaxTangent(logits, temperature, gumbel, sample, dLogits, dTemperature, dSample);

            for (var i = 0; i < k; i++)
            {
                var index = i;
                double Along(double t)
                {
                    var l = logits.Select((v, j) => v + t * dLogits[j]).ToArray();
                    var y = new double[k];
                    Relaxation.GumbelSoftmax(l, temperature + t * dTemperature, gumbel, y);
                    return y[index];
                }

                // 6th-order stencil with h = 1e-3·τ: truncation ≈ h⁶·|f⁽⁷⁾|/140 with |f⁽⁷⁾| ≲ 7!·(4/τ)⁷ for these
                // directions, ≈ 6e-12; rounding ≈ 1.8ε/h ≤ 1.4e-12 at τ = 0.3. Tolerance 1e-9 is 100× both.
                var expected = Derivative(Along, 0.0, 1e-3 * temperature);
                Assert.True(Math.Abs(dSample[i] - expected) <= 1e-9, $"dy[{i}] = {dSample[i]}, finite difference {expected}");
            }
        }
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(10, 0.3)]
    [InlineData(10, 4.0)]
    public void BackwardMatchesHighOrderFiniteDifferencesForLogitsAndTemperature(int k, double temperature)
    {
        var rng = new Random(200 + k);
        for (var trial = 0; trial < 10; trial++)
        {
            var logits = Uniform(rng, k, -3, 3);
            var gumbel = Gumbel(rng, k);
            var upstream = Uniform(rng, k, -2, 2);
            var sample = new double[k];
            Relaxation.GumbelSoftmax(logits, temperature, gumbel, sample);
            var gradLogits = new double[k];
            var gradTemperature = 0.0;
            Relaxation.GumbelSoftmaxBackward(logits, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);

            // L = Σ uᵢ yᵢ, a scalar whose gradient the VJP is.
            double Loss(double[] l, double tau)
            {
                var y = new double[k];
                Relaxation.GumbelSoftmax(l, tau, gumbel, y);
                return y.Select((v, i) => v * upstream[i]).Sum();
            }

            for (var i = 0; i < k; i++)
            {
                var index = i;
                var expected = Derivative(t => Loss(logits.Select((v, j) => j == index ? v + t : v).ToArray(), temperature), 0.0, 1e-3 * temperature);

                // Same stencil and step as the tangent test; |L| ≤ 2 scales the rounding term by 2.
                Assert.True(Math.Abs(gradLogits[i] - expected) <= 2e-9, $"∂L/∂logit[{i}] = {gradLogits[i]}, finite difference {expected}");
            }

            var expectedTemperature = Derivative(t => Loss(logits, temperature + t), 0.0, 1e-3 * temperature);
            Assert.True(Math.Abs(gradTemperature - expectedTemperature) <= 2e-9 * Math.Max(1, Math.Abs(expectedTemperature)), $"∂L/∂τ = {gradTemperature}, finite difference {expectedTemperature}");
        }
    }

    [Fact]
    public void BackwardAccumulatesAndAgreesWithTheTangent()
    {
        // The VJP with upstream u dotted with a direction v equals u dotted with the JVP along v.
        var rng = new Random(3);
        const int K = 7;
        var logits = Uniform(rng, K, -2, 2);
        var gumbel = Gumbel(rng, K);
        var upstream = Uniform(rng, K, -1, 1);
        var dLogits = Uniform(rng, K, -1, 1);
        const double Temperature = 0.7, DTemperature = 0.3;
        var sample = new double[K];
        var dSample = new double[K];
        Relaxation.GumbelSoftmaxTangent(logits, Temperature, gumbel, sample, dLogits, DTemperature, dSample);
        var gradLogits = Enumerable.Repeat(10.0, K).ToArray();
        var gradTemperature = 10.0;
        Relaxation.GumbelSoftmaxBackward(logits, Temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);
        var vjp = gradLogits.Select((g, i) => (g - 10.0) * dLogits[i]).Sum() + (gradTemperature - 10.0) * DTemperature;
        var jvp = upstream.Select((u, i) => u * dSample[i]).Sum();

        // Two orders of summing the same O(1) terms; the 10.0 offset costs 10ε per entry.
        Assert.Equal(jvp, vjp, 12);
    }

    [Fact]
    public void MaskedCategoriesGetZeroWeightAndZeroGradient()
    {
        var logits = new[] { 0.5, double.NegativeInfinity, -0.25, double.NegativeInfinity };
        var gumbel = new[] { 0.1, 0.2, -0.3, 0.4 };
        var sample = new double[4];
        var dSample = new double[4];
        Relaxation.GumbelSoftmaxTangent(logits, 0.5, gumbel, sample, new[] { 1.0, 1.0, -1.0, 1.0 }, 1.0, dSample);
        Assert.Equal(0.0, sample[1]);
        Assert.Equal(0.0, sample[3]);
        Assert.Equal(0.0, dSample[1]);
        Assert.All(dSample, v => Assert.True(double.IsFinite(v)));
        var gradLogits = new double[4];
        var gradTemperature = 0.0;
        Relaxation.GumbelSoftmaxBackward(logits, 0.5, gumbel, sample, new[] { 1.0, 2.0, 3.0, 4.0 }, gradLogits, ref gradTemperature);
        Assert.Equal(0.0, gradLogits[1]);
        Assert.Equal(0.0, gradLogits[3]);
        Assert.True(double.IsFinite(gradTemperature));
    }

    [Fact]
    public void NaNLogitsPropagateToEveryOutput()
    {
        var sample = new double[3];
        Relaxation.GumbelSoftmax(new[] { 0.0, double.NaN, 1.0 }, 1.0, new[] { 0.0, 0.0, 0.0 }, sample);
        Assert.All(sample, v => Assert.True(double.IsNaN(v)));
        var gradLogits = new double[3];
        var gradTemperature = 0.0;
        Relaxation.GumbelSoftmaxBackward(new[] { 0.0, double.NaN, 1.0 }, 1.0, new[] { 0.0, 0.0, 0.0 }, sample, new[] { 1.0, 1.0, 1.0 }, gradLogits, ref gradTemperature);
        Assert.All(gradLogits, v => Assert.True(double.IsNaN(v)));
        Assert.True(double.IsNaN(gradTemperature));
    }

    [Fact]
    public void FloatFormsAgreeWithDoubleForms()
    {
        var rng = new Random(8);
        const int K = 10;
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = Uniform(rng, K, -3, 3).Select(v => (double)(float)v).ToArray();
            var gumbel = Gumbel(rng, K).Select(v => (double)(float)v).ToArray();
            var upstream = Uniform(rng, K, -1, 1).Select(v => (double)(float)v).ToArray();
            var dLogits = Uniform(rng, K, -1, 1).Select(v => (double)(float)v).ToArray();
            const float Temperature = 0.5f, DTemperature = 0.25f;

            var y = new double[K];
            var dy = new double[K];
            var g = new double[K];
            var gt = 0.0;
            Relaxation.GumbelSoftmaxTangent(logits, Temperature, gumbel, y, dLogits, DTemperature, dy);
            Relaxation.GumbelSoftmaxBackward(logits, Temperature, gumbel, y, upstream, g, ref gt);

            var yf = new float[K];
            var dyf = new float[K];
            var gf = new float[K];
            var gtf = 0f;
            var lf = logits.Select(v => (float)v).ToArray();
            var gumf = gumbel.Select(v => (float)v).ToArray();
            Relaxation.GumbelSoftmaxTangent(lf, Temperature, gumf, yf, dLogits.Select(v => (float)v).ToArray(), DTemperature, dyf);
            Relaxation.GumbelSoftmaxBackward(lf, Temperature, gumf, yf, upstream.Select(v => (float)v).ToArray(), gf, ref gtf);

            // Same inputs, float arithmetic: each result is a short chain of O(K) float operations on
            // exponents |s| ≤ 24, so the error is a few hundred float ulps (6e-8) at most: 1e-5 absolute.
            for (var i = 0; i < K; i++)
            {
                Assert.True(Math.Abs(yf[i] - y[i]) <= 1e-5, $"y {yf[i]} vs {y[i]}");
                Assert.True(Math.Abs(dyf[i] - dy[i]) <= 1e-5 * Math.Max(1, Math.Abs(dy[i])), $"dy {dyf[i]} vs {dy[i]}");
                Assert.True(Math.Abs(gf[i] - g[i]) <= 1e-5 * Math.Max(1, Math.Abs(g[i])), $"grad {gf[i]} vs {g[i]}");
            }

            Assert.True(Math.Abs(gtf - gt) <= 1e-5 * Math.Max(1, Math.Abs(gt)), $"gradτ {gtf} vs {gt}");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public void BatchFormsEqualTheRowByRowForms(int k)
    {
        var rng = new Random(k);
        const int N = 17;
        var logits = Uniform(rng, N * k, -3, 3);
        var gumbel = Gumbel(rng, N * k);
        var upstream = Uniform(rng, N * k, -1, 1);
        var sample = new double[N * k];
        var grad = new double[N * k];
        var gradTemperature = 0.0;
        Relaxation.GumbelSoftmaxBatch(logits, k, 0.8, gumbel, sample);
        Relaxation.GumbelSoftmaxBackwardBatch(logits, k, 0.8, gumbel, sample, upstream, grad, ref gradTemperature);

        var expectedTemperature = 0.0;
        for (var r = 0; r < N; r++)
        {
            var rows = new Range(r * k, (r + 1) * k);
            var y = new double[k];
            var g = new double[k];
            Relaxation.GumbelSoftmax(logits.AsSpan(rows), 0.8, gumbel.AsSpan(rows), y);
            Relaxation.GumbelSoftmaxBackward(logits.AsSpan(rows), 0.8, gumbel.AsSpan(rows), y, upstream.AsSpan(rows), g, ref expectedTemperature);
            Assert.Equal(y, sample[rows]);
            Assert.Equal(g, grad[rows]);
        }

        Assert.Equal(expectedTemperature, gradTemperature);

        var sampleF = new float[N * k];
        var gradF = new float[N * k];
        var gradTemperatureF = 0f;
        var logitsF = logits.Select(v => (float)v).ToArray();
        var gumbelF = gumbel.Select(v => (float)v).ToArray();
        Relaxation.GumbelSoftmaxBatch(logitsF, k, 0.8f, gumbelF, sampleF);
        Relaxation.GumbelSoftmaxBackwardBatch(logitsF, k, 0.8f, gumbelF, sampleF, upstream.Select(v => (float)v).ToArray(), gradF, ref gradTemperatureF);

        // Float against double on the same rows: see FloatFormsAgreeWithDoubleForms.
        for (var i = 0; i < N * k; i++)
        {
            Assert.True(Math.Abs(sampleF[i] - sample[i]) <= 1e-5);
            Assert.True(Math.Abs(gradF[i] - grad[i]) <= 1e-5 * Math.Max(1, Math.Abs(grad[i])));
        }
    }

    [Fact]
    public void BatchRejectsBadShapes()
    {
        var a = new double[10];
        Assert.Throws<ArgumentOutOfRangeException>("categories", () => Relaxation.GumbelSoftmaxBatch(a, 0, 1.0, a, a));
        Assert.Throws<ArgumentException>("logits", () => Relaxation.GumbelSoftmaxBatch(a, 3, 1.0, a, a));
        Assert.Throws<ArgumentException>("sample", () => Relaxation.GumbelSoftmaxBatch(a, 5, 1.0, a, new double[5]));
        Assert.Throws<ArgumentException>("gumbel", () => Relaxation.GumbelSoftmax(new double[3], 1.0, new double[2], new double[3]));
    }

    [Fact]
    public void LogSoftmaxFormIsTheLogarithmOfTheSampleAndStaysFiniteWhereItUnderflows()
    {
        var rng = new Random(21);
        const int K = 5;
        var logits = Uniform(rng, K, -3, 3);
        var gumbel = Gumbel(rng, K);
        var sample = new double[K];
        var logSample = new double[K];
        Relaxation.GumbelSoftmax(logits, 0.9, gumbel, sample);
        Relaxation.GumbelLogSoftmax(logits, 0.9, gumbel, logSample);
        for (var i = 0; i < K; i++)
        {
            // log of a value with relative error a few ε: absolute error a few ε.
            Assert.Equal(Math.Log(sample[i]), logSample[i], 13);
        }

        Relaxation.GumbelSoftmax(logits, 1e-3, gumbel, sample);
        Relaxation.GumbelLogSoftmax(logits, 1e-3, gumbel, logSample);
        Assert.Contains(0.0, sample);
        Assert.All(logSample, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void LogSoftmaxTangentAndBackwardMatchFiniteDifferences()
    {
        var rng = new Random(22);
        const int K = 6;
        const double Temperature = 0.6;
        var logits = Uniform(rng, K, -3, 3);
        var gumbel = Gumbel(rng, K);
        var dLogits = Uniform(rng, K, -1, 1);
        const double DTemperature = -0.4;
        var upstream = Uniform(rng, K, -1, 1);
        var logSample = new double[K];
        var dLogSample = new double[K];
        Relaxation.GumbelLogSoftmaxTangent(logits, Temperature, gumbel, logSample, dLogits, DTemperature, dLogSample);
        var gradLogits = new double[K];
        var gradTemperature = 0.0;
        Relaxation.GumbelLogSoftmaxBackward(logits, Temperature, gumbel, logSample, upstream, gradLogits, ref gradTemperature);

        double[] At(double[] l, double tau)
        {
            var z = new double[K];
            Relaxation.GumbelLogSoftmax(l, tau, gumbel, z);
            return z;
        }

        // 6th-order stencil, h = 1e-3·τ; log-softmax is as smooth as softmax (see TangentMatchesHighOrderFiniteDifferences)
        // but its values reach |log y| ≈ 20, scaling the rounding term: tolerance 1e-8.
        for (var i = 0; i < K; i++)
        {
            var index = i;
            var fd = Derivative(t => At(logits.Select((v, j) => v + t * dLogits[j]).ToArray(), Temperature + t * DTemperature)[index], 0, 1e-3 * Temperature);
            Assert.True(Math.Abs(dLogSample[i] - fd) <= 1e-8, $"d log y[{i}] = {dLogSample[i]}, finite difference {fd}");
            var fdGrad = Derivative(t => At(logits.Select((v, j) => j == index ? v + t : v).ToArray(), Temperature).Select((v, j) => v * upstream[j]).Sum(), 0, 1e-3 * Temperature);
            Assert.True(Math.Abs(gradLogits[i] - fdGrad) <= 1e-8, $"∂L/∂logit[{i}] = {gradLogits[i]}, finite difference {fdGrad}");
        }

        var fdTemperature = Derivative(t => At(logits, Temperature + t).Select((v, j) => v * upstream[j]).Sum(), 0, 1e-3 * Temperature);
        Assert.True(Math.Abs(gradTemperature - fdTemperature) <= 1e-8 * Math.Max(1, Math.Abs(fdTemperature)), $"∂L/∂τ = {gradTemperature}, finite difference {fdTemperature}");
    }
}
