using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using D = ReparamGen.Distributions;

namespace ReparamGen.Tests.Distributions;

/// <summary>The generated batch overloads: the same numbers as the scalar members (up to the SIMD functions' last bits where they run in lanes), and length checks naming the span.</summary>
public class BatchTests
{
    private delegate void NoiseBatch(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, ReadOnlySpan<double> eps, Span<double> value, Span<double> d1, Span<double> d2);

    private delegate void SampleBatch(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, Random rng, Span<double> value, Span<double> d1, Span<double> d2);

    private delegate void PointBatch(ReadOnlySpan<double> x, ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, Span<double> value, Span<double> dx, Span<double> d1, Span<double> d2);

    private sealed record Batches(NoiseBatch FromNoise, SampleBatch Sample, PointBatch LogDensity, PointBatch Cdf);

    // Exponential has one parameter: its p2 and d2 spans are ignored (d2 is filled with zeros to match Law's view).
    private static readonly Dictionary<string, Batches> ByName = new()
    {
        ["Normal"] = new(D.Normal.FromNoiseWithGradient, D.Normal.SampleWithGradient, D.Normal.LogDensityWithGradient, D.Normal.CdfWithGradient),
        ["LogNormal"] = new(D.LogNormal.FromNoiseWithGradient, D.LogNormal.SampleWithGradient, D.LogNormal.LogDensityWithGradient, D.LogNormal.CdfWithGradient),
        ["Uniform"] = new(D.Uniform.FromNoiseWithGradient, D.Uniform.SampleWithGradient, D.Uniform.LogDensityWithGradient, D.Uniform.CdfWithGradient),
        ["Exponential"] = new(
            (p1, _, eps, v, d1, d2) => { D.Exponential.FromNoiseWithGradient(p1, eps, v, d1); d2.Clear(); },
            (p1, _, rng, v, d1, d2) => { D.Exponential.SampleWithGradient(p1, rng, v, d1); d2.Clear(); },
            (x, p1, _, v, dx, d1, d2) => { D.Exponential.LogDensityWithGradient(x, p1, v, dx, d1); d2.Clear(); },
            (x, p1, _, v, dx, d1, d2) => { D.Exponential.CdfWithGradient(x, p1, v, dx, d1); d2.Clear(); }),
        ["Laplace"] = new(D.Laplace.FromNoiseWithGradient, D.Laplace.SampleWithGradient, D.Laplace.LogDensityWithGradient, D.Laplace.CdfWithGradient),
        ["Logistic"] = new(D.Logistic.FromNoiseWithGradient, D.Logistic.SampleWithGradient, D.Logistic.LogDensityWithGradient, D.Logistic.CdfWithGradient),
        ["Cauchy"] = new(D.Cauchy.FromNoiseWithGradient, D.Cauchy.SampleWithGradient, D.Cauchy.LogDensityWithGradient, D.Cauchy.CdfWithGradient),
        ["Gumbel"] = new(D.Gumbel.FromNoiseWithGradient, D.Gumbel.SampleWithGradient, D.Gumbel.LogDensityWithGradient, D.Gumbel.CdfWithGradient),
        ["Weibull"] = new(D.Weibull.FromNoiseWithGradient, D.Weibull.SampleWithGradient, D.Weibull.LogDensityWithGradient, D.Weibull.CdfWithGradient),
        ["Kumaraswamy"] = new(D.Kumaraswamy.FromNoiseWithGradient, D.Kumaraswamy.SampleWithGradient, D.Kumaraswamy.LogDensityWithGradient, D.Kumaraswamy.CdfWithGradient),
    };

    private const int N = 64;

    public static TheoryData<string> Names() => new(Law.All.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void BatchesEqualTheScalarMembers(string name)
    {
        var law = Law.ByName(name);
        var batches = ByName[name];
        var rng = new Random(5);
        // Per-element parameters, each inside its domain; x spread over the support.
        var p1 = Enumerable.Range(0, N).Select(_ => name == "Uniform" ? -1 - rng.NextDouble() : 0.5 + 2 * rng.NextDouble()).ToArray();
        var p2 = Enumerable.Range(0, N).Select(_ => 0.5 + 2 * rng.NextDouble()).ToArray();
        var eps = Enumerable.Range(0, N).Select(_ => law.Noise(rng)).ToArray();
        var x = Enumerable.Range(0, N).Select(_ => name == "Kumaraswamy" ? rng.NextDouble() : 4 * rng.NextDouble() - 0.5).ToArray();
        double[] value = new double[N], dx = new double[N], d1 = new double[N], d2 = new double[N];

        batches.FromNoise(p1, p2, eps, value, d1, d2);
        for (var i = 0; i < N; i++)
        {
            AssertLaneClose(law.FromNoiseWithGradient(p1[i], p2[i], eps[i]), new Grad(value[i], d1[i], d2[i]));
        }

        // One rng drawn in element order gives the scalar Sample sequence of the same seed.
        batches.Sample(p1, p2, new Random(77), value, d1, d2);
        var scalarRng = new Random(77);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(law.SampleWithGradient(p1[i], p2[i], scalarRng), new Grad(value[i], d1[i], d2[i]));
        }

        batches.LogDensity(x, p1, p2, value, dx, d1, d2);
        for (var i = 0; i < N; i++)
        {
            AssertLaneClose(law.LogDensityWithGradient(x[i], p1[i], p2[i]), new XGrad(value[i], dx[i], d1[i], d2[i]));
        }

        batches.Cdf(x, p1, p2, value, dx, d1, d2);
        for (var i = 0; i < N; i++)
        {
            AssertLaneClose(law.CdfWithGradient(x[i], p1[i], p2[i]), new XGrad(value[i], dx[i], d1[i], d2[i]));
        }
    }

    // Batches of straight-line bodies run in SIMD lanes, whose exp/log/log1p/expm1 are within 2 ulp of the exact value
    // where the scalar code's are within 1–3 (docs/generated-members.md): the same numbers up to those last bits.
    // These bodies call at most three such functions, and on these inputs (parameters in [0.5, 2.5], x in
    // [−0.5, 3.5]) a function's difference of ≤ 5 ulp reaches the outputs amplified at most by an exp of an argument
    // ≤ 8 in magnitude: about 3·5·9 ≈ 140 ulp of quantities of order one. 1e−12 (4,500 ulp at 1) covers that and is
    // far below any wrong formula; arithmetic-only bodies (Normal.FromNoise) still give the same bits.
    private const double LaneTolerance = 1e-12;

    private static void AssertLaneClose(Grad expected, Grad actual)
    {
        if (!expected.Equals(actual))
        {
            AssertClose(expected.Value, actual.Value);
            AssertClose(expected.D1, actual.D1);
            AssertClose(expected.D2, actual.D2);
        }
    }

    private static void AssertLaneClose(XGrad expected, XGrad actual)
    {
        if (!expected.Equals(actual))
        {
            AssertClose(expected.Value, actual.Value);
            AssertClose(expected.DX, actual.DX);
            AssertClose(expected.D1, actual.D1);
            AssertClose(expected.D2, actual.D2);
        }
    }

    private static void AssertClose(double expected, double actual)
        => Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= LaneTolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, batch gave {actual:R}");

    // Each span shorter than `value` in turn: ArgumentException whose ParamName is that span's name.
    [Theory]
    [MemberData(nameof(Names))]
    public void LengthMismatchNamesTheSpan(string name)
    {
        var law = Law.ByName(name);
        var batches = ByName[name];
        var derivativeNames = law.ParameterNames.Select(p => "d" + char.ToUpperInvariant(p[0]) + p[1..]).ToArray();
        var two = law.ParameterCount == 2;

        // FromNoise(p1, p2, eps, value, d1, d2)
        var noiseInputs = law.ParameterNames.Append("eps").ToArray();
        var noiseSlots = two ? new[] { 0, 1, 2, 4, 5 } : new[] { 0, 2, 4 };
        var noiseNames = noiseInputs.Concat(derivativeNames).ToArray();
        for (var k = 0; k < noiseSlots.Length; k++)
        {
            var spans = Spans(6, noiseSlots[k]);
            var e = Assert.Throws<ArgumentException>(() => batches.FromNoise(spans[0], spans[1], spans[2], spans[3], spans[4], spans[5]));
            Assert.Equal(noiseNames[k], e.ParamName);
        }

        // Sample(p1, p2, rng, value, d1, d2): rng is not a span
        var sampleSlots = two ? new[] { 0, 1, 4, 5 } : new[] { 0, 4 };
        var sampleNames = law.ParameterNames.Concat(derivativeNames).ToArray();
        for (var k = 0; k < sampleSlots.Length; k++)
        {
            var spans = Spans(6, sampleSlots[k]);
            var e = Assert.Throws<ArgumentException>(() => batches.Sample(spans[0], spans[1], new Random(1), spans[3], spans[4], spans[5]));
            Assert.Equal(sampleNames[k], e.ParamName);
        }

        // LogDensity / Cdf(x, p1, p2, value, dX, d1, d2)
        var pointSlots = two ? new[] { 0, 1, 2, 4, 5, 6 } : new[] { 0, 1, 4, 5 };
        var pointNames = new[] { "x" }.Concat(law.ParameterNames).Append("dX").Concat(derivativeNames).ToArray();
        foreach (var batch in new[] { batches.LogDensity, batches.Cdf })
        {
            for (var k = 0; k < pointSlots.Length; k++)
            {
                var spans = Spans(7, pointSlots[k]);
                var e = Assert.Throws<ArgumentException>(() => batch(spans[0], spans[1], spans[2], spans[3], spans[4], spans[5], spans[6]));
                Assert.Equal(pointNames[k], e.ParamName);
            }
        }
    }

    // `count` arrays of length 4 (filled with a valid parameter value), the one at `shortSlot` of length 3.
    private static double[][] Spans(int count, int shortSlot)
        => Enumerable.Range(0, count).Select(i => Enumerable.Repeat(0.5, i == shortSlot ? 3 : 4).ToArray()).ToArray();
}
