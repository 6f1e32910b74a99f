using System;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// The span members of Gamma (and of Normal and Beta, which share their conventions): accuracy over the mpmath
/// grid, agreement with the scalar members element by element, broadcasting, bad input, NaN and the index-pure noise.
/// </summary>
public sealed class GammaBatchTests
{
    // The product's accuracy promise for implicit gradients (docs/accuracy.md): 1e-10 relative over the reference grid.
    private const double Bar = 1e-10;

    [Fact]
    public void Gamma_span_gradient_is_within_the_bar_over_the_mpmath_grid()
    {
        var csv = SpecialFunctionsTests.ReferenceCsv.Load("gamma_implicit.csv");
        int cShape = csv.Column("shape"), cZ = csv.Column("z"), cExact = csv.Column("dz_dshape");
        var z = csv.Rows.Select(r => r[cZ]).ToArray();
        var shape = csv.Rows.Select(r => r[cShape]).ToArray();
        var dShape = new double[z.Length];
        var dRate = new double[z.Length];
        Gamma.SampleGradientAt(z, shape, new[] { 1.0 }, dShape, dRate);
        for (var i = 0; i < z.Length; i++)
        {
            var exact = csv.Rows[i][cExact];
            // Subnormal results are spaced 2⁻¹⁰⁷⁴ apart: two such units absolute (as ImplicitGradientAccuracyTests).
            var error = Math.Abs(dShape[i] - exact) <= 2 * double.Epsilon ? 0 : Math.Abs(dShape[i] - exact) / Math.Abs(exact);
            Assert.True(error <= Bar, $"α={shape[i]:R} z={z[i]:R}: {dShape[i]:R} vs {exact:R} (rel {error:E2})");
            Assert.Equal(-z[i], dRate[i]);
        }
    }

    [Fact]
    public void Gamma_span_gradient_equals_the_scalar_member_bit_for_bit()
    {
        var rng = new Random(7);
        const int n = 2000;
        var shape = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 16 - 7)).ToArray(); // 1e-3 … 1e4
        var rate = Enumerable.Range(0, n).Select(_ => 0.1 + 10 * rng.NextDouble()).ToArray();
        var z = shape.Select((a, i) => Gamma.Sample(a, rate[i], rng)).ToArray();
        var dShape = new double[n];
        var dRate = new double[n];
        Gamma.SampleGradientAt(z, shape, rate, dShape, dRate);
        for (var i = 0; i < n; i++)
        {
            var g = Gamma.SampleGradientAt(z[i], shape[i], rate[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DShape), BitConverter.DoubleToInt64Bits(dShape[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DRate), BitConverter.DoubleToInt64Bits(dRate[i]));
        }
    }

    [Fact]
    public void Gamma_scalar_gradient_agrees_with_the_generated_one_over_the_grid()
    {
        // Two independent routes to the same derivative (the fast kernel; forward mode through log P and log q):
        // each is within 1e-10 of mpmath on this grid, so they are within 2e-10 of each other.
        var csv = SpecialFunctionsTests.ReferenceCsv.Load("gamma_implicit.csv");
        int cShape = csv.Column("shape"), cZ = csv.Column("z");
        foreach (var r in csv.Rows)
        {
            var fast = Gamma.SampleGradientAt(r[cZ], r[cShape], 1.0).DShape;
            var generated = Gamma.StandardSampleGradientAt(r[cZ], r[cShape]).DShape;
            Assert.True(Math.Abs(fast - generated) <= 2 * Bar * Math.Abs(generated) + 4 * double.Epsilon, $"α={r[cShape]:R} z={r[cZ]:R}: {fast:R} vs {generated:R}");
        }
    }

    [Fact]
    public void Length_one_parameters_broadcast()
    {
        var z = new[] { 0.3, 1.7, 4.2, 9.0 };
        var full = new double[4];
        var fullRate = new double[4];
        var broadcast = new double[4];
        var broadcastRate = new double[4];
        Gamma.SampleGradientAt(z, new[] { 2.5, 2.5, 2.5, 2.5 }, new[] { 0.7, 0.7, 0.7, 0.7 }, full, fullRate);
        Gamma.SampleGradientAt(z, new[] { 2.5 }, new[] { 0.7 }, broadcast, broadcastRate);
        Assert.Equal(full, broadcast);
        Assert.Equal(fullRate, broadcastRate);

        var betaZ = new[] { 0.1, 0.5, 0.9 };
        double[] da = new double[3], db = new double[3], da1 = new double[3], db1 = new double[3];
        Beta.SampleGradientAtBatch(betaZ, new[] { 2.0, 2.0, 2.0 }, new[] { 3.0, 3.0, 3.0 }, da, db);
        Beta.SampleGradientAtBatch(betaZ, new[] { 2.0 }, new[] { 3.0 }, da1, db1);
        Assert.Equal(da, da1);
        Assert.Equal(db, db1);

        double[] v = new double[5], dm = new double[5], ds = new double[5], v1 = new double[5], dm1 = new double[5], ds1 = new double[5];
        Normal.SampleWithGradient(new[] { 1.0, 1.0, 1.0, 1.0, 1.0 }, new[] { 2.0, 2.0, 2.0, 2.0, 2.0 }, new Philox(3), v, dm, ds);
        Normal.SampleWithGradient(new[] { 1.0 }, new[] { 2.0 }, new Philox(3), v1, dm1, ds1);
        Assert.Equal(v, v1);
        Assert.Equal(ds, ds1);

        Gamma.SampleWithGradient(new[] { 0.5, 0.5, 0.5, 0.5, 0.5 }, new[] { 2.0, 2.0, 2.0, 2.0, 2.0 }, new Philox(3), v, dm, ds);
        Gamma.SampleWithGradient(new[] { 0.5 }, new[] { 2.0 }, new Philox(3), v1, dm1, ds1);
        Assert.Equal(v, v1);
        Assert.Equal(dm, dm1);
        Assert.Equal(ds, ds1);
    }

    [Fact]
    public void Mismatched_lengths_throw_naming_the_span()
    {
        var o3 = new double[3];
        var o2 = new double[2];
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => Gamma.SampleGradientAt(new double[3], new double[2], new[] { 1.0 }, o3, new double[3])).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentException>(() => Gamma.SampleGradientAt(new double[3], new[] { 1.0 }, new double[2], o3, new double[3])).ParamName);
        Assert.Equal("dShape", Assert.Throws<ArgumentException>(() => Gamma.SampleGradientAt(new double[3], new[] { 1.0 }, new[] { 1.0 }, o2, new double[3])).ParamName);
        Assert.Equal("dRate", Assert.Throws<ArgumentException>(() => Gamma.SampleGradientAt(new double[3], new[] { 1.0 }, new[] { 1.0 }, o3, new double[2])).ParamName);
        Assert.Equal("dShape", Assert.Throws<ArgumentException>(() => Gamma.SampleWithGradient(new[] { 1.0 }, new[] { 1.0 }, new Philox(1), new double[3], new double[2], new double[3])).ParamName);
        Assert.Equal("stdDev", Assert.Throws<ArgumentException>(() => Normal.SampleWithGradient(new[] { 1.0 }, new double[2], new Philox(1), new double[3], new double[3], new double[3])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Beta.SampleGradientAtBatch(new double[3], new[] { 1.0 }, new double[2], new double[3], new double[3])).ParamName);
    }

    [Fact]
    public void Non_positive_parameters_throw_naming_the_parameter_and_the_index()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.SampleGradientAt(new[] { 1.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 1.0 }, new double[2], new double[2]));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains("shape[1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.SampleGradientAt(new[] { 1.0, 1.0 }, new[] { 1.0 }, new[] { 1.0, -2.0 }, new double[2], new double[2]));
        Assert.Equal("rate", e.ParamName);
        Assert.Contains("rate[1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.SampleGradientAt(new[] { 1.0, -1.0 }, new[] { 1.0 }, new[] { 1.0 }, new double[2], new double[2]));
        Assert.Equal("z", e.ParamName);
        Assert.Contains("z[1]", e.Message);

        var rng = new Philox(5);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.SampleWithGradient(new[] { 1.0, 2.0, -1.0 }, new[] { 1.0 }, rng, new double[3], new double[3], new double[3]));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains("shape[2]", e.Message);
        Assert.Equal(0UL, rng.Position); // nothing drawn
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Normal.SampleWithGradient(new[] { 1.0 }, new[] { 1.0, 0.0 }, rng, new double[2], new double[2], new double[2]));
        Assert.Equal("stdDev", e.ParamName);
        Assert.Contains("stdDev[1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Beta.SampleGradientAtBatch(new[] { 0.5 }, new[] { 0.0 }, new[] { 1.0 }, new double[1], new double[1]));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("a[0]", e.Message);
    }

    [Fact]
    public void NaN_propagates_to_its_own_element_only()
    {
        double[] dShape = new double[3], dRate = new double[3];
        Gamma.SampleGradientAt(new[] { 1.0, double.NaN, 1.0 }, new[] { 2.0, 2.0, double.NaN }, new[] { 1.0 }, dShape, dRate);
        Assert.True(double.IsFinite(dShape[0]) && double.IsFinite(dRate[0]));
        Assert.True(double.IsNaN(dShape[1]) && double.IsNaN(dRate[1]));
        Assert.True(double.IsNaN(dShape[2]));

        double[] v = new double[3], ds = new double[3], dr = new double[3];
        Gamma.SampleWithGradient(new[] { 2.0, double.NaN, 2.0 }, new[] { 1.0, 1.0, double.NaN }, new Philox(9), v, ds, dr);
        Assert.True(double.IsFinite(v[0]) && double.IsFinite(ds[0]));
        Assert.True(double.IsNaN(v[1]) && double.IsNaN(ds[1]));
        Assert.True(double.IsNaN(v[2]) && double.IsNaN(ds[2]) && double.IsNaN(dr[2]));

        Normal.SampleWithGradient(new[] { double.NaN, 0.0, 0.0 }, new[] { 1.0, double.NaN, 1.0 }, new Philox(9), v, ds, dr);
        Assert.True(double.IsNaN(v[0]) && double.IsNaN(v[1]) && double.IsFinite(v[2]));

        Beta.SampleGradientAtBatch(new[] { 0.5, 0.5 }, new[] { double.NaN, 2.0 }, new[] { 2.0 }, v.AsSpan(0, 2), ds.AsSpan(0, 2));
        Assert.True(double.IsNaN(v[0]) && double.IsFinite(v[1]));
    }

    [Fact]
    public void Beta_span_gradient_equals_the_scalar_member_bit_for_bit()
    {
        var rng = new Random(11);
        const int n = 500;
        var a = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 8 - 4)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 8 - 4)).ToArray();
        var z = a.Select((ai, i) => Beta.Sample(ai, b[i], rng)).ToArray();
        double[] da = new double[n], db = new double[n];
        Beta.SampleGradientAtBatch(z, a, b, da, db);
        for (var i = 0; i < n; i++)
        {
            var g = Beta.SampleGradientAt(z[i], a[i], b[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DA), BitConverter.DoubleToInt64Bits(da[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DB), BitConverter.DoubleToInt64Bits(db[i]));
        }
    }

    [Fact]
    public void Normal_philox_batch_is_FromNoise_of_the_fill_bit_for_bit()
    {
        const int n = 1000;
        var mean = Enumerable.Range(0, n).Select(i => i * 0.01 - 3).ToArray();
        var stdDev = Enumerable.Range(0, n).Select(i => 0.1 + i * 0.002).ToArray();
        double[] v = new double[n], dm = new double[n], ds = new double[n], eps = new double[n];
        var rng = new Philox(42, 3);
        rng.Position = 17;
        Normal.SampleWithGradient(mean, stdDev, rng, v, dm, ds);
        Assert.Equal(17UL + n, rng.Position);
        var reference = new Philox(42, 3) { Position = 17 };
        reference.FillNormal(eps);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(Normal.FromNoise(mean[i], stdDev[i], eps[i])), BitConverter.DoubleToInt64Bits(v[i]));
            Assert.Equal(1.0, dm[i]);
            Assert.Equal(eps[i], ds[i]);
        }
    }

    [Fact]
    public void Gamma_philox_batch_gradients_are_the_scalar_gradients_at_the_draws()
    {
        const int n = 3000;
        var shape = Enumerable.Range(0, n).Select(i => Math.Exp((i % 100) * 0.16 - 7)).ToArray(); // 1e-3 … 8e3
        var rate = Enumerable.Range(0, n).Select(i => 0.5 + (i % 7)).ToArray();
        double[] v = new double[n], ds = new double[n], dr = new double[n];
        Gamma.SampleWithGradient(shape, rate, new Philox(5), v, ds, dr);
        for (var i = 0; i < n; i++)
        {
            // ≥ 0, not > 0: for tiny shapes the standard draw may be the smallest subnormal, which a rate above 2 rounds to 0
            // (as for the scalar Sample).
            Assert.True(v[i] >= 0, $"{i}: {v[i]}");
            var g = Gamma.SampleGradientAt(v[i], shape[i], rate[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DShape), BitConverter.DoubleToInt64Bits(ds[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.DRate), BitConverter.DoubleToInt64Bits(dr[i]));
        }
    }

    [Fact]
    public void Gamma_philox_element_depends_only_on_seed_stream_and_index()
    {
        const int n = 700;
        var shape = Enumerable.Range(0, n).Select(i => 0.05 + (i % 13) * 0.4).ToArray(); // rejections occur for some
        double[] whole = new double[n], d1 = new double[n], d2 = new double[n];
        var rng = new Philox(8, 2);
        Gamma.SampleWithGradient(shape, new[] { 1.0 }, rng, whole, d1, d2);
        Assert.Equal((ulong)n, rng.Position);

        // In two calls, split unevenly: the same draws.
        double[] parts = new double[n], p1 = new double[n], p2 = new double[n];
        var split = new Philox(8, 2);
        Gamma.SampleWithGradient(shape.AsSpan(0, 301), new[] { 1.0 }, split, parts.AsSpan(0, 301), p1.AsSpan(0, 301), p2.AsSpan(0, 301));
        Gamma.SampleWithGradient(shape.AsSpan(301), new[] { 1.0 }, split, parts.AsSpan(301), p1.AsSpan(301), p2.AsSpan(301));
        Assert.Equal(whole, parts);

        // Other elements' shapes (so their rejections) do not move element i's draw.
        var other = shape.Select((a, i) => i % 2 == 0 ? a : a * 7 + 0.3).ToArray();
        double[] mixed = new double[n], m1 = new double[n], m2 = new double[n];
        Gamma.SampleWithGradient(other, new[] { 1.0 }, new Philox(8, 2), mixed, m1, m2);
        for (var i = 0; i < n; i += 2)
        {
            Assert.Equal(whole[i], mixed[i]);
        }

        // Another stream gives other draws.
        double[] streamed = new double[n], s1 = new double[n], s2 = new double[n];
        Gamma.SampleWithGradient(shape, new[] { 1.0 }, new Philox(8, 3), streamed, s1, s2);
        Assert.True(whole.Zip(streamed).Count(t => t.First == t.Second) < 5);
    }

    [Fact]
    public void Gamma_philox_draws_have_the_gamma_mean_and_variance()
    {
        // 2e5 draws per shape: the sample mean is within 5 standard errors √(α/n)/β of α/β (a 5σ bound for a
        // correct sampler fails with probability below 1e-6), and the sample variance within 5 of its standard errors.
        const int n = 200_000;
        foreach (var alpha in new[] { 0.3, 1.0, 4.5, 50.0 })
        {
            double[] v = new double[n], d1 = new double[n], d2 = new double[n];
            Gamma.SampleWithGradient(new[] { alpha }, new[] { 2.0 }, new Philox(21), v, d1, d2);
            var mean = v.Average();
            var variance = v.Select(x => (x - mean) * (x - mean)).Sum() / (n - 1);
            Assert.True(Math.Abs(mean - alpha / 2) <= 5 * Math.Sqrt(alpha / n) / 2, $"α={alpha}: mean {mean}");
            // Var of the sample variance ≈ (μ₄ − σ⁴)/n with μ₄ = 3α(α+2)/β⁴ for Gamma(α, β) (excess kurtosis 6/α).
            var sigma2 = alpha / 4;
            var mu4 = 3 * alpha * (alpha + 2) / 16;
            Assert.True(Math.Abs(variance - sigma2) <= 5 * Math.Sqrt((mu4 - sigma2 * sigma2) / n), $"α={alpha}: variance {variance}");
        }
    }

    [Fact]
    public void Span_members_allocate_nothing()
    {
        // Several chunks of the Gamma gradient's route lists (1024) and of the fused Normal pass (1024), and shapes from
        // 0.2 to 30: the series, Temme and continued-fraction routes all run.
        const int n = 3000;
        var shape = Enumerable.Range(0, n).Select(i => 0.2 + i * 0.01).ToArray();
        double[] v = new double[n], d1 = new double[n], d2 = new double[n];
        var rng = new Philox(1);
        Normal.SampleWithGradient(shape, shape, rng, v, d1, d2); // warm up (JIT)
        Gamma.SampleWithGradient(shape, new[] { 1.0 }, rng, v, d1, d2);
        Gamma.SampleGradientAt(v, shape, shape, d1, d2);
        var rate = new[] { 1.0 };
        var before = GC.GetAllocatedBytesForCurrentThread();
        Normal.SampleWithGradient(shape, shape, rng, v, d1, d2);
        Gamma.SampleWithGradient(shape, rate, rng, v, d1, d2);
        Gamma.SampleGradientAt(v, shape, shape, d1, d2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
