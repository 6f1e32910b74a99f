using System;
using System.Linq;
using System.Runtime.Intrinsics;
using ReparamGen.Distributions;
using Xunit;
using static ReparamGen.Tests.Simd.PropagatedDifference;

namespace ReparamGen.Tests.Simd;

/// <summary>
/// The generated batch overloads that run in SIMD lanes (LogNormal, Weibull and Kumaraswamy <c>FromNoise</c>) against
/// the scalar <c>FromNoiseWithGradient</c> element by element, within the difference their elementary functions allow
/// (<see cref="PropagatedDifference"/>); against the closed-form derivatives; and their guard clauses and NaN
/// behaviour, which must be the scalar code's exactly.
/// </summary>
public class SimdBatchTests
{
    private const int Samples = 100_003; // not a multiple of 8: the scalar remainder is exercised too

    // Second-order terms left out of the first-order bound (see PropagatedDifference).
    private const double Margin = 2.0;

    public SimdBatchTests()
    {
        // Without vectors the batch is the scalar loop and these tests would compare it with itself.
        Assert.True(Vector256.IsHardwareAccelerated, "these tests need a machine with SIMD");
    }

    [Fact]
    public void LogNormal_batch_agrees_with_the_scalar_gradient_within_the_propagated_ulp_bounds()
    {
        var rng = new Random(11);
        var (mu, sigma, eps) = Inputs(rng, r => -5 + 10 * r.NextDouble(), r => LogUniform(r, 0.01, 3), r => -6 + 12 * r.NextDouble());
        var (value, dMu, dSigma) = Outputs();
        LogNormal.FromNoiseWithGradient(mu, sigma, eps, value, dMu, dSigma);
        for (var i = 0; i < Samples; i++)
        {
            var g = LogNormal.FromNoiseWithGradient(mu[i], sigma[i], eps[i]);
            var r = Exp((PropagatedDifference)mu[i] + (PropagatedDifference)sigma[i] * eps[i]);
            AssertClose(g.Value, value[i], r, i);
            AssertClose(g.DMu, dMu[i], r, i);
            AssertClose(g.DSigma, dSigma[i], r * eps[i], i);
        }
    }

    [Fact]
    public void Weibull_batch_agrees_with_the_scalar_gradient_within_the_propagated_ulp_bounds()
    {
        var rng = new Random(12);
        var (shape, scale, eps) = Inputs(rng, r => LogUniform(r, 0.1, 10), r => LogUniform(r, 0.1, 10), Uniform01);
        var (value, dShape, dScale) = Outputs();
        Weibull.FromNoiseWithGradient(shape, scale, eps, value, dShape, dScale);
        for (var i = 0; i < Samples; i++)
        {
            var g = Weibull.FromNoiseWithGradient(shape[i], scale[i], eps[i]);

            // The generated body's operations, in its order.
            var logE = Log(-Log1p(-(PropagatedDifference)eps[i]));
            var t0 = logE / shape[i];
            var t1 = Exp(t0);
            AssertClose(g.Value, value[i], scale[i] * t1, i);
            AssertClose(g.DShape, dShape[i], scale[i] * (t1 * (-t0 / shape[i])), i);
            AssertClose(g.DScale, dScale[i], t1, i);
        }
    }

    [Fact]
    public void Kumaraswamy_batch_agrees_with_the_scalar_gradient_within_the_propagated_ulp_bounds()
    {
        var rng = new Random(13);
        var (a, b, eps) = Inputs(rng, r => LogUniform(r, 0.1, 10), r => LogUniform(r, 0.1, 10), Uniform01);
        var (value, dA, dB) = Outputs();
        Kumaraswamy.FromNoiseWithGradient(a, b, eps, value, dA, dB);
        for (var i = 0; i < Samples; i++)
        {
            var g = Kumaraswamy.FromNoiseWithGradient(a[i], b[i], eps[i]);
            var t0 = Log1p(-(PropagatedDifference)eps[i]) / b[i];
            var dt1 = Exp(t0) * (-t0 / b[i]);
            var w = -Expm1(t0);
            var t3 = Log(w) / a[i];
            var r = Exp(t3);
            AssertClose(g.Value, value[i], r, i);
            AssertClose(g.DA, dA[i], r * (-t3 / a[i]), i);
            AssertClose(g.DB, dB[i], r * (-dt1 / w / a[i]), i);
        }
    }

    [Fact]
    public void Batch_derivatives_match_the_closed_forms()
    {
        // The closed forms order their operations differently from the generated code; on these ranges both are
        // within about 1e−13 relative of the exact derivative (PropagatedDifference bounds stay below that there), so
        // 1e−11 relative fails on any wrong formula and on none of the roundings.
        const double Tolerance = 1e-11;
        var rng = new Random(14);
        var (p, q, u) = Inputs(rng, r => LogUniform(r, 0.3, 4), r => LogUniform(r, 0.3, 4), r => 0.01 + 0.98 * r.NextDouble());
        var (value, d1, d2) = Outputs();

        Weibull.FromNoiseWithGradient(p, q, u, value, d1, d2);
        for (var i = 0; i < Samples; i++)
        {
            var e = -Math.Log(1 - u[i]);
            var z = q[i] * Math.Pow(e, 1 / p[i]);
            AssertRelative(z, value[i], Tolerance);
            AssertRelative(-z * Math.Log(e) / (p[i] * p[i]), d1[i], Tolerance, scale: z);
            AssertRelative(z / q[i], d2[i], Tolerance);
        }

        Kumaraswamy.FromNoiseWithGradient(p, q, u, value, d1, d2);
        for (var i = 0; i < Samples; i++)
        {
            var complementPower = Math.Pow(1 - u[i], 1 / q[i]); // (1 − u)^(1/b)
            var w = 1 - complementPower;
            var z = Math.Pow(w, 1 / p[i]);
            AssertRelative(z, value[i], Tolerance);
            AssertRelative(-z * Math.Log(w) / (p[i] * p[i]), d1[i], Tolerance, scale: z);
            AssertRelative(z / (p[i] * w) * complementPower * Math.Log(1 - u[i]) / (q[i] * q[i]), d2[i], Tolerance, scale: z);
        }

        LogNormal.FromNoiseWithGradient(p, q, u, value, d1, d2);
        for (var i = 0; i < Samples; i++)
        {
            var z = Math.Exp(p[i] + q[i] * u[i]);
            AssertRelative(z, value[i], Tolerance);
            AssertRelative(z, d1[i], Tolerance);
            AssertRelative(z * u[i], d2[i], Tolerance);
        }
    }

    [Theory]
    [InlineData(13, 0.0)]
    [InlineData(5, -1.0)]
    [InlineData(31, -0.0)]
    public void A_failing_guard_throws_the_scalar_exception_for_the_first_failing_element_after_the_same_elements(int failing, double badSigma)
    {
        var rng = new Random(15);
        var (mu, sigma, eps) = Inputs(rng, r => r.NextDouble(), r => 0.5 + r.NextDouble(), r => r.NextDouble(), 64);
        sigma[failing] = badSigma;
        sigma[failing + 9] = -5.0; // a later failure in another chunk must not be the one reported

        var (value, dMu, dSigma) = Outputs(64, double.NaN);
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => LogNormal.FromNoiseWithGradient(mu, sigma, eps, value, dMu, dSigma));

        // The scalar loop, element by element, as the batch would be without vectors.
        var scalarValue = Enumerable.Repeat(double.NaN, 64).ToArray();
        var scalar = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            for (var i = 0; i < 64; i++)
            {
                scalarValue[i] = LogNormal.FromNoiseWithGradient(mu[i], sigma[i], eps[i]).Value;
            }
        });

        Assert.Equal("sigma", batch.ParamName);
        Assert.Equal(scalar.Message, batch.Message);
        Assert.Equal(scalar.ActualValue, batch.ActualValue);
        for (var i = 0; i < 64; i++)
        {
            // Written exactly where the scalar loop wrote (values equal within the ulp bounds, checked elsewhere).
            Assert.True(double.IsNaN(scalarValue[i]) == double.IsNaN(value[i]), $"element {i}: written {!double.IsNaN(value[i])}, scalar wrote {!double.IsNaN(scalarValue[i])}");
        }
    }

    [Fact]
    public void A_noise_value_outside_its_range_throws_naming_eps()
    {
        var rng = new Random(16);
        var (shape, scale, eps) = Inputs(rng, r => 1 + r.NextDouble(), r => 1 + r.NextDouble(), Uniform01, 40);
        eps[20] = 1.5;
        var (value, d1, d2) = Outputs(40);
        var weibull = Assert.Throws<ArgumentOutOfRangeException>(() => Weibull.FromNoiseWithGradient(shape, scale, eps, value, d1, d2));
        Assert.Equal("eps", weibull.ParamName);
        var kumaraswamy = Assert.Throws<ArgumentOutOfRangeException>(() => Kumaraswamy.FromNoiseWithGradient(shape, scale, eps, value, d1, d2));
        Assert.Equal("eps", kumaraswamy.ParamName);
        Assert.Equal(Assert.Throws<ArgumentOutOfRangeException>(() => Kumaraswamy.FromNoiseWithGradient(shape[20], scale[20], eps[20])).Message, kumaraswamy.Message);
    }

    [Fact]
    public void NaN_and_infinite_inputs_give_what_the_scalar_code_gives()
    {
        var specials = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, 1e-310, 1e300, -1e300, 0.5 };
        var n = specials.Length * specials.Length * specials.Length;
        var x = new double[n];
        var y = new double[n];
        var z = new double[n];
        var k = 0;
        foreach (var s in specials)
        {
            foreach (var t in specials)
            {
                foreach (var e in specials)
                {
                    (x[k], y[k], z[k]) = (s, t, e);
                    k++;
                }
            }
        }

        // Only positive parameters and noise in [0, 1] pass the guards of Weibull and Kumaraswamy; NaN passes them all.
        var positive = (double[])y.Clone();
        for (var i = 0; i < n; i++)
        {
            positive[i] = y[i] > 0 || double.IsNaN(y[i]) ? y[i] : 2.0;
        }

        var (v, d1, d2) = Outputs(n);
        LogNormal.FromNoiseWithGradient(x, positive, z, v, d1, d2);
        for (var i = 0; i < n; i++)
        {
            var g = LogNormal.FromNoiseWithGradient(x[i], positive[i], z[i]);
            AssertSameSpecial(g.Value, v[i], i);
            AssertSameSpecial(g.DMu, d1[i], i);
            AssertSameSpecial(g.DSigma, d2[i], i);
        }

        var shape = x.Select(s => s > 0 || double.IsNaN(s) ? s : 0.7).ToArray();
        var noise = z.Select(e => e is >= 0 and <= 1 || double.IsNaN(e) ? e : 0.3).ToArray();
        Weibull.FromNoiseWithGradient(shape, positive, noise, v, d1, d2);
        for (var i = 0; i < n; i++)
        {
            var g = Weibull.FromNoiseWithGradient(shape[i], positive[i], noise[i]);
            AssertSameSpecial(g.Value, v[i], i);
            AssertSameSpecial(g.DShape, d1[i], i);
            AssertSameSpecial(g.DScale, d2[i], i);
        }

        Kumaraswamy.FromNoiseWithGradient(shape, positive, noise, v, d1, d2);
        for (var i = 0; i < n; i++)
        {
            var g = Kumaraswamy.FromNoiseWithGradient(shape[i], positive[i], noise[i]);
            AssertSameSpecial(g.Value, v[i], i);
            AssertSameSpecial(g.DA, d1[i], i);
            AssertSameSpecial(g.DB, d2[i], i);
        }
    }

    // NaN exactly where the scalar code gives NaN, infinities equal, finite values within a few ulp (special inputs:
    // the functions' results at their edges are exact or within their 2 + 1 ulp; the products after them add one).
    private static void AssertSameSpecial(double scalar, double batch, int i)
    {
        if (double.IsNaN(scalar) || double.IsInfinity(scalar) || scalar == 0 || double.IsNaN(batch) || double.IsInfinity(batch))
        {
            Assert.True(scalar.Equals(batch), $"element {i}: batch {batch:R}, scalar {scalar:R}");
            return;
        }

        Assert.True(Math.Abs(batch - scalar) <= 8 * Ulp(scalar), $"element {i}: batch {batch:R}, scalar {scalar:R}");
    }

    private static void AssertClose(double scalar, double batch, PropagatedDifference model, int i)
    {
        if (scalar.Equals(batch))
        {
            return; // also the infinities and NaN, where the model's bound is not a number
        }

        var bound = Margin * model.Bound;
        Assert.True(Math.Abs(batch - scalar) <= bound, $"element {i}: batch {batch:R}, scalar {scalar:R}, difference {Math.Abs(batch - scalar):G3} > bound {bound:G3}");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, double scale = 0)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), Math.Abs(scale)), $"expected {expected:R}, got {actual:R}");

    private static (double[], double[], double[]) Inputs(Random rng, Func<Random, double> first, Func<Random, double> second, Func<Random, double> third, int count = Samples)
        => (Draw(rng, first, count), Draw(rng, second, count), Draw(rng, third, count));

    private static double[] Draw(Random rng, Func<Random, double> draw, int count) => Enumerable.Range(0, count).Select(_ => draw(rng)).ToArray();

    private static (double[], double[], double[]) Outputs(int count = Samples, double fill = 0.0)
        => (Enumerable.Repeat(fill, count).ToArray(), Enumerable.Repeat(fill, count).ToArray(), Enumerable.Repeat(fill, count).ToArray());

    private static double LogUniform(Random rng, double low, double high) => low * Math.Pow(high / low, rng.NextDouble());

    // Uniform noise with its tails: one draw in eight within 1e−12 of 0 or of 1.
    private static double Uniform01(Random rng) => rng.Next(8) switch
    {
        0 => 1e-12 * rng.NextDouble(),
        1 => 1 - 1e-12 * rng.NextDouble(),
        _ => rng.NextDouble(),
    };
}
