using System;
using System.Linq;
using System.Threading.Tasks;
using ReparamGen.Distributions;
using ReparamGen.Tests.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Noise;

/// <summary>
/// Philox4x32-10: known answers, the SIMD paths against the scalar one, the counter layout, the
/// element → block mapping under chunking, skip-ahead and threads, streams, open-interval uniforms, goodness of
/// fit and moments of every fill, and the <see cref="Random"/> overrides.
/// </summary>
public class PhiloxTests(ITestOutputHelper output)
{
    private const double TwoPowMinus53 = 1.0 / 9007199254740992.0;
    private const float TwoPowMinus24 = 1f / 16777216f;

    // Random123 (D. E. Shaw Research), tests/kat_vectors, the three "philox4x32 10" lines: counter (4 words),
    // key (2 words), expected output (4 words). https://github.com/DEShawResearch/random123/blob/main/tests/kat_vectors
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void BlockMatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), Philox.Block(c0, c1, c2, c3, k0, k1));

        // The same answers through the generator's counter layout: counter = (position, stream), key = seed.
        var rng = new Philox(((ulong)k1 << 32) | k0, ((ulong)c3 << 32) | c2) { Position = ((ulong)c1 << 32) | c0 };
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        Assert.Equal(new[] { r0, r1, r2, r3 }, Enumerable.Range(0, 4).Select(i => BitConverter.ToUInt32(bytes, 4 * i)).ToArray());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xFFFF_FFF0UL)] // the low counter word wraps inside the chunk: the vector paths must hand over to scalar
    [InlineData(0x1234_5678_FFFF_FFFBUL)]
    [InlineData(ulong.MaxValue - 40)] // the 64-bit position wraps
    public void VectorPathsGiveTheScalarBits(ulong position)
    {
        // Path 0: scalar; 1: Vector128 (SSE2); 2: then Vector256 (AVX2); 3: then Vector512 (AVX-512), each where
        // the machine has it (paths it lacks fall back to the narrower ones, so they are still compared).
        var words = new uint[4][];
        for (var count = 1; count <= 128; count += 9)
        {
            for (var path = 0; path <= 3; path++)
            {
                words[path] = new uint[4 * 128];
                Philox.GenerateBlocks(0xA4093822, 0x299F31D0, 0x13198A2E, 0x03707344, position, words[path], count, path);
            }

            Assert.Equal(words[0], words[1]);
            Assert.Equal(words[0], words[2]);
            Assert.Equal(words[0], words[3]);
            for (var i = 0; i < count; i++)
            {
                var p = unchecked(position + (ulong)i);
                var expected = Philox.Block((uint)p, (uint)(p >> 32), 0x13198A2E, 0x03707344, 0xA4093822, 0x299F31D0);
                Assert.Equal(expected, (words[0][i], words[0][128 + i], words[0][256 + i], words[0][384 + i]));
            }
        }
    }

    [Fact]
    public void UniformMappingOfExtremeWordsStaysInsideTheOpenInterval()
    {
        Assert.Equal(TwoPowMinus53, Philox.UniformDouble(0, 0));
        Assert.Equal(1 - TwoPowMinus53, Philox.UniformDouble(uint.MaxValue, uint.MaxValue));
        Assert.Equal(TwoPowMinus24, Philox.UniformSingle(0));
        Assert.Equal(1 - TwoPowMinus24, Philox.UniformSingle(uint.MaxValue));
        Assert.True(1 - Philox.UniformDouble(uint.MaxValue, uint.MaxValue) > 0);
        Assert.True(1f - Philox.UniformSingle(uint.MaxValue) > 0f);

        // (2m + 1)·2⁻⁵³ for m = the top 52 bits: a word pair in the middle.
        Assert.Equal((2.0 * ((0x80000000UL << 20) | (0x12345678u >> 12)) + 1) * TwoPowMinus53, Philox.UniformDouble(0x12345678u, 0x80000000u));

        // The transforms at the extreme uniforms are finite: the tails the fills can reach.
        var u = new[] { TwoPowMinus53, 1 - TwoPowMinus53 };
        var e = (double[])u.Clone();
        VectorMath.ExponentialFromUniform(e);
        var g = (double[])u.Clone();
        VectorMath.GumbelFromUniform(g);
        Assert.Equal(-Math.Log(TwoPowMinus53), e[0], 1e-12); // 36.7368
        Assert.True(e[1] > 0 && e[1] < 2e-16);
        Assert.Equal(-Math.Log(-Math.Log(TwoPowMinus53)), g[0], 1e-12); // −3.6038
        Assert.Equal(-Math.Log(-Math.Log(1 - TwoPowMinus53)), g[1], 1e-12); // 36.7368
        Assert.True(Math.Sqrt(2 * e[0]) < 8.58); // the largest Box–Muller radius
    }

    // Every fill against its definition computed one element at a time by the scalar code: the vector
    // conversions, logarithms, cosine and square root must reproduce the scalar bits (n = 1001 covers the
    // vector body and a scalar remainder in every chunk of 128).
    [Fact]
    public void FillsEqualTheirScalarDefinitionBitForBit()
    {
        const int n = 1001;
        ulong seed = 0x0123456789ABCDEF, stream = 99, start = 0xFFFF_FF00; // the low counter word wraps inside
        var uniform = new double[n];
        var normal = new double[n];
        var exponential = new double[n];
        var gumbel = new double[n];
        var uniformF = new float[n];
        new Philox(seed, stream) { Position = start }.FillUniform(uniform);
        new Philox(seed, stream) { Position = start }.FillNormal(normal);
        new Philox(seed, stream) { Position = start }.FillExponential(exponential);
        new Philox(seed, stream) { Position = start }.FillGumbel(gumbel);
        new Philox(seed, stream) { Position = start }.FillUniform(uniformF);
        for (var i = 0; i < n; i++)
        {
            var p = start + (ulong)i;
            var (w0, w1, w2, w3) = Philox.Block((uint)p, (uint)(p >> 32), (uint)stream, (uint)(stream >> 32), (uint)seed, (uint)(seed >> 32));
            var u = Philox.UniformDouble(w0, w1);
            Assert.Equal(u, uniform[i]);
            Assert.Equal(Philox.UniformSingle(w1), uniformF[i]);
            Assert.Equal(-VectorMath.LogPositive(u), exponential[i]);
            Assert.Equal(-VectorMath.LogPositive(-VectorMath.LogPositive(u)), gumbel[i]);
            Assert.Equal(Math.Sqrt(2.0 * -VectorMath.LogPositive(u)) * Philox.CosTwoPi(Philox.UniformDouble(w2, w3)), normal[i]);
        }
    }

    // The Box–Muller cosine against double.CosPi(2u) (2u is exact). Bound 4.5e-16 = 2 ulp of 1: the reduction is
    // exact, 2π·c rounds once (≤ 0.5 ulp relative on an angle ≤ π/4, so ≤ 0.45e-16 in the cosine), and Horner on
    // [0, π/4] adds about 1 ulp; the series truncation (< 3e-18) is negligible.
    [Fact]
    public void CosTwoPiIsAccurateAndVectorEqualsScalar()
    {
        var rng = new Philox(3);
        var u = new double[100_000];
        rng.FillUniform(u);
        var special = new[] { 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, TwoPowMinus53, 1 - TwoPowMinus53, 0.125 + TwoPowMinus53, 0.25 - TwoPowMinus53 };
        special.CopyTo(u, 0);
        var c = (double[])u.Clone();
        Philox.CosTwoPi(c);
        var worst = 0.0;
        for (var i = 0; i < u.Length; i++)
        {
            Assert.Equal(Philox.CosTwoPi(u[i]), c[i]);
            worst = Math.Max(worst, Math.Abs(c[i] - double.CosPi(2 * u[i])));
        }

        Assert.True(worst <= 4.5e-16, $"max |error| = {worst:G3}");
        Assert.Equal(-1.0, Philox.CosTwoPi(0.5));
        Assert.Equal(1.0, Philox.CosTwoPi(TwoPowMinus53));
    }

    public static TheoryData<string> Fills => new() { "uniform", "normal", "exponential", "gumbel" };

    [Theory]
    [MemberData(nameof(Fills))]
    public void ElementIDependsOnlyOnSeedStreamAndPositionPlusI(string kind)
    {
        const int n = 1000;
        var all = Fill(kind, new Philox(42, 7), n);
        var allF = FillF(kind, new Philox(42, 7), n);
        foreach (var k in new[] { 0, 1, 3, 127, 128, 129, 500, 999, 1000 })
        {
            // [0, k) then [k, n) in two calls on one generator.
            var rng = new Philox(42, 7);
            var first = Fill(kind, rng, k);
            Assert.Equal((ulong)k, rng.Position);
            var rest = Fill(kind, rng, n - k);
            Assert.Equal((ulong)n, rng.Position);
            AssertBitwiseEqual(all, first.Concat(rest).ToArray());

            // A generator skipped ahead to k (both ways) gives elements k … n − 1.
            var skipped = new Philox(42, 7);
            skipped.Advance((ulong)k);
            AssertBitwiseEqual(all.AsSpan(k).ToArray(), Fill(kind, skipped, n - k));
            AssertBitwiseEqual(all.AsSpan(k).ToArray(), Fill(kind, new Philox(42, 7) { Position = (ulong)k }, n - k));

            var firstF = FillF(kind, new Philox(42, 7), k);
            var restF = FillF(kind, new Philox(42, 7) { Position = (ulong)k }, n - k);
            Assert.Equal(allF, firstF.Concat(restF).ToArray());
        }

        // Float fills other than the uniform are the double fills rounded to float.
        if (kind != "uniform")
        {
            Assert.Equal(all.Select(x => (float)x).ToArray(), allF);
        }
        else
        {
            // The float uniform is the double's top 23 bits, centred: they agree to within 2⁻²⁴.
            Assert.All(Enumerable.Range(0, n), i => Assert.True(Math.Abs(all[i] - allF[i]) <= TwoPowMinus24));
        }
    }

    [Fact]
    public void ParallelChunksEqualOneSerialFill()
    {
        const int n = 100_003;
        const int chunk = 4_096;
        var serial = new double[n];
        new Philox(2011, 3).FillNormal(serial);

        var parallel = new double[n];
        Parallel.For(0, (n + chunk - 1) / chunk, c =>
        {
            var start = c * chunk;
            var rng = new Philox(2011, 3) { Position = (ulong)start };
            rng.FillNormal(parallel.AsSpan(start, Math.Min(chunk, n - start)));
        });

        AssertBitwiseEqual(serial, parallel);
    }

    [Fact]
    public void SingleDrawsUseTheWordsOfConsecutiveBlocksAndFillsStartAtTheNextBlock()
    {
        var (r0, r1, r2, r3) = Philox.Block(0, 0, 5, 0, 9, 0);
        var rng = new Philox(9, 5);
        Assert.Equal(Philox.UniformDouble(r0, r1), rng.NextDouble());
        Assert.Equal(1UL, rng.Position);
        Assert.Equal(Philox.UniformSingle(r2), rng.NextSingle());

        // One word of block 0 is left: a fill discards it and starts at block 1.
        var u = new double[2];
        rng.FillUniform(u);
        var (b0, b1, _, _) = Philox.Block(1, 0, 5, 0, 9, 0);
        Assert.Equal(Philox.UniformDouble(b0, b1), u[0]);
        Assert.Equal(3UL, rng.Position);

        // Without the fill, the fourth word is block 0's last and the fifth is block 1's first.
        var other = new Philox(9, 5);
        other.NextDouble();
        other.NextSingle();
        var bytes = new byte[8];
        other.NextBytes(bytes);
        Assert.Equal(r3, BitConverter.ToUInt32(bytes, 0));
        Assert.Equal(b0, BitConverter.ToUInt32(bytes, 4));
        Assert.Equal(2UL, other.Position);

        // A fresh generator's first NextDouble is its first uniform fill element.
        var a = new double[1];
        new Philox(9, 5).FillUniform(a);
        Assert.Equal(a[0], new Philox(9, 5).NextDouble());
    }

    [Fact]
    public void StreamsAndSeedsGiveDifferentSequences()
    {
        const int n = 10_000;
        var s0 = Fill("uniform", new Philox(1, 0), n);
        var s1 = Fill("uniform", new Philox(1, 1), n);
        var t0 = Fill("uniform", new Philox(2, 0), n);

        // Two independent 52-bit uniforms coincide with probability 2⁻⁵²: any equal pair would be a layout bug.
        Assert.All(Enumerable.Range(0, n), i => Assert.NotEqual(s0[i], s1[i]));
        Assert.All(Enumerable.Range(0, n), i => Assert.NotEqual(s0[i], t0[i]));

        // Sample correlation of independent streams: standard error 1/√n = 0.01; 5 SE.
        Assert.True(Math.Abs(Correlation(s0, s1)) < 0.05);

        var w = new Philox(1).WithStream(1);
        Assert.Equal(1UL, w.Seed);
        Assert.Equal(1UL, w.Stream);
        AssertBitwiseEqual(s1, Fill("uniform", w, n));
        AssertBitwiseEqual(s0, Fill("uniform", new Philox(1, 0), n)); // deterministic
    }

    // Goodness of fit at α = 0.001 (KolmogorovSmirnov.Alpha): 1e7 normals (critical D = 6.2e-4), 1e6 of the others
    // (1.95e-3), and of every float fill.
    [Theory]
    [InlineData("normal", 10_000_000)]
    [InlineData("uniform", 1_000_000)]
    [InlineData("exponential", 1_000_000)]
    [InlineData("gumbel", 1_000_000)]
    public void FillsFitTheirLaws(string kind, int n)
    {
        // A stream per law, so the four checks do not reuse one set of uniforms (KS is invariant under the monotone
        // maps from the uniform, so shared uniforms would give one statistic four times).
        var stream = kind switch { "normal" => 1UL, "uniform" => 2UL, "exponential" => 3UL, _ => 4UL };
        var x = Fill(kind, new Philox(20111115, stream), n);
        var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
        foreach (var v in x)
        {
            (min, max) = (Math.Min(min, v), Math.Max(max, v)); // NaN would propagate and fail the finiteness check
        }

        Assert.True(double.IsFinite(min) && double.IsFinite(max), $"range [{min}, {max}]");
        if (kind is "uniform")
        {
            Assert.True(min > 0 && max < 1);
        }

        AssertMoments(kind, x);
        var d = KolmogorovSmirnov.Statistic(x, Cdf(kind));
        output.WriteLine($"{kind} double: n = {n}, KS D = {d:G4} (critical {KolmogorovSmirnov.CriticalValue(n):G4}), range [{min:G6}, {max:G6}]");
        Assert.True(d < KolmogorovSmirnov.CriticalValue(n), $"KS D = {d:G4} ≥ {KolmogorovSmirnov.CriticalValue(n):G4}");

        var f = FillF(kind, new Philox(20111115, stream + 10), 1_000_000);
        var fd = f.Select(v => (double)v).ToArray();
        Assert.True(double.IsFinite(fd.Min()) && double.IsFinite(fd.Max()));
        if (kind is "uniform")
        {
            Assert.True(f.Min() > 0f && f.Max() < 1f);
        }

        AssertMoments(kind, fd);
        var df = KolmogorovSmirnov.Statistic(fd, Cdf(kind));
        output.WriteLine($"{kind} float: n = {fd.Length}, KS D = {df:G4} (critical {KolmogorovSmirnov.CriticalValue(fd.Length):G4})");
        Assert.True(df < KolmogorovSmirnov.CriticalValue(fd.Length), $"float KS D = {df:G4}");
    }

    [Fact]
    public void RandomOverridesStayInRangeAndAreUnbiased()
    {
        var rng = new Philox(77);
        foreach (var max in new[] { 1, 2, 3, 7, 1000, int.MaxValue })
        {
            for (var i = 0; i < 10_000; i++)
            {
                var v = rng.Next(max);
                Assert.InRange(v, 0, max - 1);
            }
        }

        Assert.Equal(0, rng.Next(0));
        Assert.Equal(-4, rng.Next(-4, -4));
        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(rng.Next(), 0, int.MaxValue - 1);
            Assert.InRange(rng.Next(-5, 5), -5, 4);
            Assert.InRange(rng.Next(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue - 1);
            Assert.InRange(rng.NextInt64(), 0, long.MaxValue - 1);
            Assert.InRange(rng.NextInt64(3_000_000_000_000L), 0, 3_000_000_000_000L - 1);
            Assert.InRange(rng.NextInt64(long.MinValue, long.MaxValue), long.MinValue, long.MaxValue - 1);
            Assert.InRange(rng.NextInt64(-9, 9), -9, 8);
            var d = rng.NextDouble();
            Assert.True(d > 0 && d < 1);
            var s = rng.NextSingle();
            Assert.True(s > 0f && s < 1f);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Next(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt64(3, 2));
        Assert.Throws<ArgumentNullException>(() => rng.NextBytes((byte[])null!));

        // Next(10) frequencies: each count is Binomial(n, 1/10) with sd √(n·0.1·0.9) = 94.9 at n = 1e5; 5 sd.
        // Next(3·2²⁹) falls in each third [j·2²⁹, (j + 1)·2²⁹) equally often (a plain modulo of 2³² would skew the first).
        var counts = new int[10];
        var thirds = new int[3];
        for (var i = 0; i < 100_000; i++)
        {
            counts[rng.Next(10)]++;
            thirds[rng.Next(3 << 29) / (1 << 29)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 10_000 - 5 * 94.9, 10_000 + 5 * 94.9));
        Assert.All(thirds, c => Assert.InRange(c, 33_333 - 5 * 149.1, 33_333 + 5 * 149.1)); // sd √(n·⅓·⅔) = 149.1

        // Determinism through APIs that only know Random: Shuffle and GetItems call the overrides.
        var a = Enumerable.Range(0, 50).ToArray();
        var b = Enumerable.Range(0, 50).ToArray();
        new Philox(5).Shuffle(a);
        new Philox(5).Shuffle(b);
        Assert.Equal(a, b);
        Assert.NotEqual(Enumerable.Range(0, 50).ToArray(), a);
        Assert.Equal(new Philox(6).GetItems(a, 20), new Philox(6).GetItems(a, 20));

        // Bytes are the words, little-endian; an odd length ends with the low bytes of one more word.
        var bytes = new byte[7];
        new Philox(8).NextBytes(bytes);
        var (w0, w1, _, _) = Philox.Block(0, 0, 0, 0, 8, 0);
        Assert.Equal(BitConverter.GetBytes(w0).Concat(BitConverter.GetBytes(w1).Take(3)).ToArray(), bytes);
    }

    private static double[] Fill(string kind, Philox rng, int n)
    {
        var x = new double[n];
        switch (kind)
        {
            case "uniform": rng.FillUniform(x); break;
            case "normal": rng.FillNormal(x); break;
            case "exponential": rng.FillExponential(x); break;
            default: rng.FillGumbel(x); break;
        }

        return x;
    }

    private static float[] FillF(string kind, Philox rng, int n)
    {
        var x = new float[n];
        switch (kind)
        {
            case "uniform": rng.FillUniform(x); break;
            case "normal": rng.FillNormal(x); break;
            case "exponential": rng.FillExponential(x); break;
            default: rng.FillGumbel(x); break;
        }

        return x;
    }

    private static Func<double, double> Cdf(string kind) => kind switch
    {
        "uniform" => u => Math.Clamp(u, 0, 1),
        "normal" => t => Normal.Cdf(t, 0, 1), // Φ is checked against mpmath in StandardNormalTests
        "exponential" => x => x <= 0 ? 0 : 1 - Math.Exp(-x),
        _ => x => Math.Exp(-Math.Exp(-x)),
    };

    // Mean, variance, skewness and kurtosis (not excess) of each law. Gumbel: mean γ (Euler), variance π²/6,
    // skewness 12√6·ζ(3)/π³, kurtosis 5.4 (e.g. NIST/SEMATECH e-Handbook §1.3.6.6.16).
    private static (double Mean, double Variance, double Skewness, double Kurtosis) Moments(string kind) => kind switch
    {
        "uniform" => (0.5, 1.0 / 12, 0, 1.8),
        "normal" => (0, 1, 0, 3),
        "exponential" => (1, 1, 2, 9),
        _ => (0.57721566490153286, Math.PI * Math.PI / 6, 1.1395470994046487, 5.4),
    };

    // Each moment is estimated as the sample mean of g(X) with the true mean μ and sd σ plugged in:
    // g = X, (X − μ)², ((X − μ)/σ)³, ((X − μ)/σ)⁴. By the central limit theorem that mean has standard error
    // sd(g(X))/√n, taken from the sample; every estimate must lie within 5 standard errors (two-sided 6e-7).
    private void AssertMoments(string kind, double[] x)
    {
        var (mean, variance, skewness, kurtosis) = Moments(kind);
        var sd = Math.Sqrt(variance);
        AssertWithin5Se("mean", x, v => v, mean);
        AssertWithin5Se("variance", x, v => (v - mean) * (v - mean), variance);
        AssertWithin5Se("skewness", x, v => Cube((v - mean) / sd), skewness);
        AssertWithin5Se("kurtosis", x, v => Square(Square((v - mean) / sd)), kurtosis);

        void AssertWithin5Se(string name, double[] values, Func<double, double> g, double expected)
        {
            double sum = 0, sumSquares = 0;
            foreach (var v in values)
            {
                var y = g(v) - expected; // centred on the expected value for accuracy
                sum += y;
                sumSquares += y * y;
            }

            var n = values.Length;
            var m = sum / n;
            var se = Math.Sqrt((sumSquares - n * m * m) / (n - 1) / n);
            output.WriteLine($"{kind} {name}: {expected + m:G6} vs {expected:G6}, {Math.Abs(m) / se:F2} SE (SE {se:G3})");
            Assert.True(Math.Abs(m) < 5 * se, $"{kind} {name}: {expected + m:G6} vs {expected:G6}, SE {se:G3}");
        }
    }

    private static double Square(double v) => v * v;

    private static double Cube(double v) => v * v * v;

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"element {i}: {expected[i]:R} vs {actual[i]:R}");
        }
    }
}
