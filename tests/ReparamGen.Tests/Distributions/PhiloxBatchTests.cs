using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// The Philox batches <c>D.SampleWithGradient(parameters…, Philox rng, value, dParameters…)</c> of the samplers
/// written as <c>FromNoise</c>: element i equals the scalar generated <c>FromNoiseWithGradient</c> at element i's noise
/// (Philox block Position + i, rebuilt here with one plain fill), across chunk boundaries, with broadcast parameters,
/// and the argument checks name the span; warm calls allocate nothing. The scalar gradients themselves are checked
/// against closed forms in SampleGradientTests.
/// </summary>
public class PhiloxBatchTests
{
    private const int Length = 1300; // three chunks of the runner (512), the last one partial
    private const ulong Seed = 77;

    // The batch runs the generated batch overload, which may evaluate straight-line bodies in SIMD lanes whose exp/log/
    // log1p/expm1 are within 2 ulp of the scalar functions; these samplers chain at most about six such functions with
    // O(1)-conditioned maps on the parameter ranges below, so 1e-12 relative (about 4,500 ulp) bounds the difference
    // with a wide margin while catching any wrong element, noise or order.
    private const double Tolerance = 1e-12;

    public delegate void TwoParameterBatch(ReadOnlySpan<double> p, ReadOnlySpan<double> q, Philox rng, Span<double> value, Span<double> dP, Span<double> dQ);

    public delegate (double Value, double DP, double DQ) TwoParameterScalar(double p, double q, double noise);

    private static readonly Dictionary<string, (TwoParameterBatch Batch, TwoParameterScalar Scalar, bool NormalNoise, double PLow, double PHigh, double QLow, double QHigh)> Samplers = new()
    {
        ["LogNormal"] = (LogNormal.SampleWithGradient, (p, q, e) => { var g = LogNormal.FromNoiseWithGradient(p, q, e); return (g.Value, g.DMu, g.DSigma); }, true, -1, 1, 0.2, 2),
        ["Laplace"] = (Laplace.SampleWithGradient, (p, q, e) => { var g = Laplace.FromNoiseWithGradient(p, q, e); return (g.Value, g.DLocation, g.DScale); }, false, -3, 3, 0.2, 4),
        ["Logistic"] = (Logistic.SampleWithGradient, (p, q, e) => { var g = Logistic.FromNoiseWithGradient(p, q, e); return (g.Value, g.DLocation, g.DScale); }, false, -3, 3, 0.2, 4),
        ["Gumbel"] = (Gumbel.SampleWithGradient, (p, q, e) => { var g = Gumbel.FromNoiseWithGradient(p, q, e); return (g.Value, g.DLocation, g.DScale); }, false, -3, 3, 0.2, 4),
        ["Cauchy"] = (Cauchy.SampleWithGradient, (p, q, e) => { var g = Cauchy.FromNoiseWithGradient(p, q, e); return (g.Value, g.DLocation, g.DScale); }, false, -3, 3, 0.2, 4),
        ["Uniform"] = (Uniform.SampleWithGradient, (p, q, e) => { var g = Uniform.FromNoiseWithGradient(p, q, e); return (g.Value, g.DLower, g.DUpper); }, false, -3, -1, 0, 3),
        ["Weibull"] = (Weibull.SampleWithGradient, (p, q, e) => { var g = Weibull.FromNoiseWithGradient(p, q, e); return (g.Value, g.DShape, g.DScale); }, false, 0.5, 5, 0.2, 4),
        ["Kumaraswamy"] = (Kumaraswamy.SampleWithGradient, (p, q, e) => { var g = Kumaraswamy.FromNoiseWithGradient(p, q, e); return (g.Value, g.DA, g.DB); }, false, 0.5, 5, 0.5, 5),
    };

    public static TheoryData<string> Names => new(Samplers.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_element_is_the_scalar_gradient_at_its_own_Philox_noise(string name)
    {
        var (batch, scalar, normalNoise, pLow, pHigh, qLow, qHigh) = Samplers[name];
        var random = new Random(5);
        var p = Enumerable.Range(0, Length).Select(_ => pLow + ((pHigh - pLow) * random.NextDouble())).ToArray();
        var q = Enumerable.Range(0, Length).Select(_ => qLow + ((qHigh - qLow) * random.NextDouble())).ToArray();
        var (value, dP, dQ) = (new double[Length], new double[Length], new double[Length]);
        var rng = new Philox(Seed, stream: 3);
        batch(p, q, rng, value, dP, dQ);
        Assert.Equal((ulong)Length, rng.Position);

        var noise = new double[Length];
        var reference = new Philox(Seed, stream: 3);
        if (normalNoise)
        {
            reference.FillNormal(noise);
        }
        else
        {
            reference.FillUniform(noise);
        }

        for (var i = 0; i < Length; i++)
        {
            var expected = scalar(p[i], q[i], noise[i]);
            AssertClose(expected.Value, value[i], name, "value", i);
            AssertClose(expected.DP, dP[i], name, "dP", i);
            AssertClose(expected.DQ, dQ[i], name, "dQ", i);
        }

        // Broadcast: a parameter of length 1 is the same as that value repeated (same noise, same code path).
        var (bValue, bDP, bDQ) = (new double[Length], new double[Length], new double[Length]);
        var repeated = Enumerable.Repeat(p[0], Length).ToArray();
        batch(new[] { p[0] }, q, new Philox(Seed, stream: 3), bValue, bDP, bDQ);
        var (rValue, rDP, rDQ) = (new double[Length], new double[Length], new double[Length]);
        batch(repeated, q, new Philox(Seed, stream: 3), rValue, rDP, rDQ);
        Assert.Equal(rValue, bValue);
        Assert.Equal(rDP, bDP);
        Assert.Equal(rDQ, bDQ);
    }

    [Fact]
    public void Exponential_batch_is_the_scalar_gradient_at_its_own_Philox_noise()
    {
        var rate = Enumerable.Range(0, Length).Select(i => 0.1 + (0.01 * i)).ToArray();
        var (value, dRate) = (new double[Length], new double[Length]);
        Exponential.SampleWithGradient(rate, new Philox(Seed), value, dRate);
        var noise = new double[Length];
        new Philox(Seed).FillUniform(noise);
        for (var i = 0; i < Length; i++)
        {
            var expected = Exponential.FromNoiseWithGradient(rate[i], noise[i]);
            AssertClose(expected.Value, value[i], "Exponential", "value", i);
            AssertClose(expected.DRate, dRate[i], "Exponential", "dRate", i);
        }
    }

    [Fact]
    public void Splitting_a_batch_into_calls_draws_the_same_noise()
    {
        // Uniform's sample is lower + (upper − lower)·u: with lower 0 and upper 1 it is the noise itself, exactly.
        var (whole, dLower, dUpper) = (new double[Length], new double[Length], new double[Length]);
        Uniform.SampleWithGradient(new[] { 0.0 }, new[] { 1.0 }, new Philox(Seed), whole, dLower, dUpper);
        var split = new double[Length];
        var rng = new Philox(Seed);
        Uniform.SampleWithGradient(new[] { 0.0 }, new[] { 1.0 }, rng, split.AsSpan(0, 700), dLower.AsSpan(0, 700), dUpper.AsSpan(0, 700));
        Uniform.SampleWithGradient(new[] { 0.0 }, new[] { 1.0 }, rng, split.AsSpan(700), dLower.AsSpan(700), dUpper.AsSpan(700));
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Bad_arguments_name_the_span_or_the_parameter()
    {
        var rng = new Philox(Seed);
        var error = Assert.Throws<ArgumentException>(() => LogNormal.SampleWithGradient(new double[3], new double[2], rng, new double[3], new double[3], new double[3]));
        Assert.Equal("sigma", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Weibull.SampleWithGradient(new[] { 1.0 }, new[] { 1.0 }, rng, new double[3], new double[2], new double[3]));
        Assert.Equal("dShape", error.ParamName);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => Gumbel.SampleWithGradient(new[] { 0.0 }, new[] { 1.0, -2.0 }, rng, new double[2], new double[2], new double[2]));
        Assert.Equal("scale", outOfRange.ParamName);
        Assert.Throws<ArgumentNullException>(() => Cauchy.SampleWithGradient(new[] { 0.0 }, new[] { 1.0 }, null!, new double[2], new double[2], new double[2]));
    }

    [Fact]
    public void A_warm_batch_allocates_nothing()
    {
        var (mu, sigma) = (new double[Length], Enumerable.Repeat(0.5, Length).ToArray());
        var (value, dMu, dSigma) = (new double[Length], new double[Length], new double[Length]);
        var rng = new Philox(Seed);
        LogNormal.SampleWithGradient(mu, sigma, rng, value, dMu, dSigma);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 10; k++)
        {
            LogNormal.SampleWithGradient(mu, sigma, rng, value, dMu, dSigma);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertClose(double expected, double actual, string name, string what, int i)
        => Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{name} {what}[{i}]: {actual:R}, scalar {expected:R}");
}
