using System;
using ReparamGen.Distributions;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>The base noise: ranges (safe tails), goodness of fit, the normal's tails and moments, and the Sample ≡ FromNoise(noise) contract.</summary>
public class StandardNoiseTests
{
    private const int N = 1_000_000; // KS critical value 1.9495/√n = 0.00195 at α = 0.001

    [Fact]
    public void UniformIsInTheOpenUnitIntervalOnA53BitGrid()
    {
        var rng = new Random(1);
        for (var i = 0; i < N; i++)
        {
            var u = StandardNoise.Uniform(rng);
            Assert.True(u > 0 && u < 1);
            var k = u * 9007199254740992.0; // 2⁵³: an integer when u is on the grid
            Assert.Equal(Math.Floor(k), k);
            Assert.True(1 - u > 0 && (1 - u) * 9007199254740992.0 == Math.Floor((1 - u) * 9007199254740992.0), "1 − u is exact");
        }
    }

    [Fact]
    public void UniformFitsU01() => AssertFits(StandardNoise.Uniform, u => u);

    [Fact]
    public void NormalFitsThePhiCdf() => AssertFits(StandardNoise.Normal, t => Normal.Cdf(t, 0, 1)); // Φ is checked against mpmath in StandardNormalTests

    [Fact]
    public void ExponentialFitsItsCdf() => AssertFits(StandardNoise.Exponential, x => x <= 0 ? 0 : 1 - Math.Exp(-x));

    [Fact]
    public void LogisticFitsItsCdf() => AssertFits(StandardNoise.Logistic, x => 1 / (1 + Math.Exp(-x)));

    [Fact]
    public void GumbelFitsItsCdf() => AssertFits(StandardNoise.Gumbel, x => Math.Exp(-Math.Exp(-x)));

    // The ziggurat's base strip (|z| > R = 3.4426) is sampled by a separate tail algorithm, and the
    // wedges by rejection; count how often each region is hit against its exact probability.
    // Binomial counts must lie within 4 standard deviations (two-sided 6e-5 false-alarm rate).
    [Theory]
    [InlineData(1.0, 0.31731050786291410)]      // 2Φ(−1), mpmath
    [InlineData(3.4426198558966521, 5.7611e-4)] // 2Φ(−R) = 5.76109e-4 (mpmath; 4 digits suffice at this n)
    [InlineData(4.5, 6.7953e-6)]                // 2Φ(−4.5) = 6.79535e-6 (mpmath)
    public void NormalTailFrequenciesMatch(double threshold, double probability)
    {
        var rng = new Random(2);
        var count = 0;
        for (var i = 0; i < N; i++)
        {
            if (Math.Abs(StandardNoise.Normal(rng)) > threshold)
            {
                count++;
            }
        }

        var expected = N * probability;
        var sd = Math.Sqrt(N * probability * (1 - probability));
        Assert.True(Math.Abs(count - expected) <= 4 * sd, $"|z| > {threshold}: {count} draws, expected {expected} ± {sd}");
    }

    // Mean 0, variance 1, skewness 0, kurtosis 3; each sample moment within 4 standard errors, whose
    // variances for N(0,1) are 1/n, 2/n, 15/n (E z⁶) and 96/n (E z⁸ − (E z⁴)²).
    [Fact]
    public void NormalMomentsMatch()
    {
        var rng = new Random(3);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (var i = 0; i < N; i++)
        {
            var z = StandardNoise.Normal(rng);
            var z2 = z * z;
            s1 += z;
            s2 += z2;
            s3 += z2 * z;
            s4 += z2 * z2;
        }

        Assert.InRange(s1 / N, -4 * Math.Sqrt(1.0 / N), 4 * Math.Sqrt(1.0 / N));
        Assert.InRange(s2 / N - 1, -4 * Math.Sqrt(2.0 / N), 4 * Math.Sqrt(2.0 / N));
        Assert.InRange(s3 / N, -4 * Math.Sqrt(15.0 / N), 4 * Math.Sqrt(15.0 / N));
        Assert.InRange(s4 / N - 3, -4 * Math.Sqrt(96.0 / N), 4 * Math.Sqrt(96.0 / N));
    }

    [Fact]
    public void NoiseIsAlwaysFinite()
    {
        var rng = new Random(4);
        for (var i = 0; i < N; i++)
        {
            Assert.True(double.IsFinite(StandardNoise.Normal(rng)));
            Assert.InRange(StandardNoise.Exponential(rng), 1.1e-16, 36.8);
            Assert.InRange(StandardNoise.Logistic(rng), -36.8, 36.8);
            Assert.InRange(StandardNoise.Gumbel(rng), -3.61, 36.8);
        }
    }

    // An extreme generator: NextInt64 returns its smallest and largest values, which must map to the
    // ends of the grid (2⁻⁵³ and 1 − 2⁻⁵³), never to 0 or 1.
    [Fact]
    public void ExtremeBitsGiveFiniteNoise()
    {
        var low = StandardNoise.Uniform(new FixedRandom(0, 1L << 10));
        Assert.Equal(Math.Pow(2, -53), low);
        var high = StandardNoise.Uniform(new FixedRandom(long.MaxValue - 1));
        Assert.Equal(1 - Math.Pow(2, -53), high);
        Assert.Equal(-Math.Log(Math.Pow(2, -53)), StandardNoise.Exponential(new FixedRandom(0, 1L << 10)));
        Assert.True(double.IsFinite(StandardNoise.Gumbel(new FixedRandom(long.MaxValue - 1))));
        Assert.True(double.IsFinite(StandardNoise.Logistic(new FixedRandom(long.MaxValue - 1))));
    }

    [Fact]
    public void SpanOverloadsDrawInOrder()
    {
        var span = new double[100];
        StandardNoise.Normal(new Random(5), span);
        var rng = new Random(5);
        foreach (var z in span)
        {
            Assert.Equal(StandardNoise.Normal(rng), z);
        }

        StandardNoise.Uniform(new Random(6), span);
        rng = new Random(6);
        foreach (var u in span)
        {
            Assert.Equal(StandardNoise.Uniform(rng), u);
        }
    }

    [Fact]
    public void NullRandomThrows()
    {
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => StandardNoise.Uniform(null!)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => StandardNoise.Normal(null!)).ParamName);
    }

    // The documented contract that lets callers recover a Sample's noise from the same seed.
    [Fact]
    public void SampleEqualsFromNoiseOfTheSameSeedsNoise()
    {
        foreach (var law in Law.All)
        {
            var (p1, p2) = law.Name switch
            {
                "Uniform" => (-1.0, 2.0),
                "Weibull" or "Kumaraswamy" => (1.5, 2.5),
                _ => (0.5, 2.0),
            };
            for (var seed = 0; seed < 50; seed++)
            {
                var eps = law.Noise(new Random(seed));
                Assert.Equal(law.FromNoise(p1, p2, eps), law.Sample(p1, p2, new Random(seed)));
            }
        }
    }

    private static void AssertFits(Func<Random, double> draw, Func<double, double> cdf)
    {
        var rng = new Random(11);
        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            samples[i] = draw(rng);
        }

        var d = KolmogorovSmirnov.Statistic(samples, cdf);
        Assert.True(d < KolmogorovSmirnov.CriticalValue(N), $"D = {d}");
    }

    /// <summary>A <see cref="Random"/> whose NextInt64 returns the given values in turn (then repeats the last).</summary>
    private sealed class FixedRandom(params long[] values) : Random
    {
        private int _next;

        public override long NextInt64() => values[Math.Min(_next++, values.Length - 1)];
    }
}
