using System;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>
/// The fused batch relaxed sample (noise drawn from Philox inside the kernel) and the backward pass from the sample alone,
/// against the scalar row primitives on the same noise, against finite differences, and at the extremes.
/// </summary>
public class FusedBatchTests
{
    // Row lengths that reach every kernel width on every machine: doubles take 2 lanes in 128 bits, 4 in 256, 8 in 512;
    // floats 4, 8 and 16. K = 1 (and floats below 4) are the scalar loops; the others end in an overlapping last vector
    // or in none (8, 16).
    public static readonly TheoryData<int> RowLengths = new() { 1, 2, 3, 4, 5, 7, 8, 10, 15, 16, 17, 33, 100 };

    private const double Epsilon = 2.220446049250313e-16;
    private const double EpsilonF = 1.1920929e-7;

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void DoubleForwardAndBackwardEqualTheRowPrimitivesOnTheSameNoise(int k)
    {
        // Enough rows to span several of the kernel's blocks of about 512 elements, and a row count that is not round.
        var n = (1500 / k + 3) * k;
        var rng = new Random(k);
        var logits = Uniform(rng, n, -3, 3);
        var upstream = Uniform(rng, n, -1, 1);
        var start = Uniform(rng, n, -1, 1);
        const double Temperature = 0.7;

        var fused = new Philox(99, 3) { Position = 12345 };
        var sample = new double[n];
        Relaxation.GumbelSoftmaxBatch(logits, k, Temperature, fused, sample);
        var grad = start.ToArray();
        var gradTemperature = 0.5;
        Relaxation.GumbelSoftmaxBackwardBatch(sample, k, Temperature, upstream, grad, ref gradTemperature);

        // The documented noise, element by element from the scalar block function: element i from half i mod 2 of block
        // 12345 + ⌊i/2⌋, −log(−log u) by the scalar logarithm; the generator then stands ⌈n/2⌉ blocks on.
        var gumbel = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)(12345 + (i / 2)), 0, 3, 0, 99, 0);
            var u = i % 2 == 0 ? Philox.UniformDouble(w0, w1) : Philox.UniformDouble(w2, w3);
            gumbel[i] = -VectorMath.LogPositive(-VectorMath.LogPositive(u));
        }

        Assert.Equal(12345UL + (ulong)((n + 1) / 2), fused.Position);

        var expectedTemperature = 0.5;
        var temperatureScale = 0.0;
        for (var r = 0; r < n; r += k)
        {
            var rows = new Range(r, r + k);
            var y = new double[k];
            var g = start[rows];
            Relaxation.GumbelSoftmax(logits.AsSpan(rows), Temperature, gumbel.AsSpan(rows), y);
            Relaxation.GumbelSoftmaxBackward(logits.AsSpan(rows), Temperature, gumbel.AsSpan(rows), y, upstream.AsSpan(rows), g, ref expectedTemperature);
            temperatureScale += AssertRowMatches(sample.AsSpan(rows), y, upstream.AsSpan(rows), start.AsSpan(rows), grad.AsSpan(rows), g, Temperature, Epsilon, $"K = {k}, row {r / k}");
        }

        AssertTemperatureGradient(gradTemperature, expectedTemperature, temperatureScale, k, Epsilon);
    }

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void FloatForwardAndBackwardEqualTheRowPrimitivesOnTheSameNoise(int k)
    {
        var n = (1500 / k + 3) * k;
        var rng = new Random(100 + k);
        var logits = Uniform(rng, n, -3, 3).Select(v => (float)v).ToArray();
        var upstream = Uniform(rng, n, -1, 1).Select(v => (float)v).ToArray();
        var start = Uniform(rng, n, -1, 1).Select(v => (float)v).ToArray();
        const float Temperature = 0.7f;

        var fused = new Philox(7) { Position = 1UL << 40 };
        var sample = new float[n];
        Relaxation.GumbelSoftmaxBatch(logits, k, Temperature, fused, sample);
        var grad = start.ToArray();
        var gradTemperature = 0.5f;
        Relaxation.GumbelSoftmaxBackwardBatch(sample, k, Temperature, upstream, grad, ref gradTemperature);

        // The documented float noise: word i mod 4 of block 2⁴⁰ + ⌊i/4⌋, −log(−log u) in float by the scalar logarithm;
        // the generator then stands ⌈n/4⌉ blocks on.
        var gumbel = new float[n];
        for (var i = 0; i < n; i++)
        {
            var (w0, w1, w2, w3) = Philox.Block((uint)(i / 4), 1u << 8, 0, 0, 7, 0);
            var u = Philox.UniformSingle((i % 4) switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 });
            gumbel[i] = -VectorMath.LogPositive(-VectorMath.LogPositive(u));
        }

        Assert.Equal((1UL << 40) + (ulong)((n + 3) / 4), fused.Position);
        var expectedTemperature = 0.5f;
        var temperatureScale = 0.0;
        for (var r = 0; r < n; r += k)
        {
            var rows = new Range(r, r + k);
            var y = new float[k];
            var g = start[rows];
            Relaxation.GumbelSoftmax(logits.AsSpan(rows), Temperature, gumbel.AsSpan(rows), y);
            Relaxation.GumbelSoftmaxBackward(logits.AsSpan(rows), Temperature, gumbel.AsSpan(rows), y, upstream.AsSpan(rows), g, ref expectedTemperature);
            temperatureScale += AssertRowMatches(
                Widen(sample.AsSpan(rows)),
                Widen(y),
                Widen(upstream.AsSpan(rows)),
                Widen(start.AsSpan(rows)),
                Widen(grad.AsSpan(rows)),
                Widen(g),
                Temperature,
                EpsilonF,
                $"K = {k}, row {r / k}");
        }

        AssertTemperatureGradient(gradTemperature, expectedTemperature, temperatureScale, k, EpsilonF);
    }

    [Fact]
    public void NoiseDifferencesWithinARowFollowTheLogisticLaw()
    {
        // With two categories of logit 0 and τ = 1, log(y₀/y₁) = γ₀ − γ₁, the difference of two independent standard
        // Gumbel draws: standard logistic. Both come from one Philox block (two halves, or two of four words), so this
        // checks the packing's independence as well as the noise's law. Kolmogorov–Smirnov at α = 0.001.
        const int N = 20000;
        var y = new double[2 * N];
        var yf = new float[2 * N];
        Relaxation.GumbelSoftmaxBatch(new double[2 * N], 2, 1.0, new Philox(123), y);
        Relaxation.GumbelSoftmaxBatch(new float[2 * N], 2, 1f, new Philox(124), yf);
        var d = Enumerable.Range(0, N).Select(r => Math.Log(y[2 * r] / y[(2 * r) + 1])).ToArray();
        var df = Enumerable.Range(0, N).Select(r => Math.Log((double)yf[2 * r] / yf[(2 * r) + 1])).ToArray();
        static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
        var critical = Distributions.KolmogorovSmirnov.CriticalValue(N);
        Assert.True(Distributions.KolmogorovSmirnov.Statistic(d, Logistic) <= critical, "double");
        Assert.True(Distributions.KolmogorovSmirnov.Statistic(df, Logistic) <= critical, "float");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    public void DoubleGradientMatchesFiniteDifferences(int k)
    {
        const int Rows = 3;
        const double Temperature = 0.7;
        var rng = new Random(k + 7);
        var logits = Uniform(rng, Rows * k, -2, 2);
        var upstream = Uniform(rng, Rows * k, -1, 1);

        // L(logits) = Σ uᵢ yᵢ with the noise held fixed: the same generator position for every evaluation.
        double Loss(double[] l)
        {
            var y = new double[l.Length];
            Relaxation.GumbelSoftmaxBatch(l, k, Temperature, new Philox(5) { Position = 77 }, y);
            return y.Select((v, i) => v * upstream[i]).Sum();
        }

        var sample = new double[Rows * k];
        Relaxation.GumbelSoftmaxBatch(logits, k, Temperature, new Philox(5) { Position = 77 }, sample);
        var grad = new double[Rows * k];
        Relaxation.GumbelSoftmaxBackwardBatch(sample, k, Temperature, upstream, grad);

        for (var i = 0; i < Rows * k; i++)
        {
            var fd = Derivative(
                x =>
                {
                    var l = logits.ToArray();
                    l[i] = x;
                    return Loss(l);
                },
                logits[i],
                1e-3);

            // Sixth-order differences with h = 1e-3: truncation h⁶·|L⁽⁷⁾|/140 with |L⁽⁷⁾| ≲ 7!/τ⁷ ≈ 6e4 gives 4e-16;
            // rounding 1.8·ε·max|L|/h ≤ 1.8·2.2e-16·1/1e-3 ≈ 4e-13 (|L| ≤ max|u| = 1). 1e-10 leaves room for both.
            Assert.True(Math.Abs(grad[i] - fd) <= 1e-10, $"K = {k}, i = {i}: {grad[i]} vs finite difference {fd}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    public void TemperatureGradientMatchesFiniteDifferences(int k)
    {
        const int Rows = 4;
        const double Temperature = 0.7;
        var rng = new Random(k + 9);
        var logits = Uniform(rng, Rows * k, -2, 2);
        var upstream = Uniform(rng, Rows * k, -1, 1);

        double Loss(double temperature)
        {
            var y = new double[Rows * k];
            Relaxation.GumbelSoftmaxBatch(logits, k, temperature, new Philox(8) { Position = 5 }, y);
            return y.Select((v, i) => v * upstream[i]).Sum();
        }

        var sample = new double[Rows * k];
        Relaxation.GumbelSoftmaxBatch(logits, k, Temperature, new Philox(8) { Position = 5 }, sample);
        var grad = new double[Rows * k];
        var gradTemperature = 0.0;
        Relaxation.GumbelSoftmaxBackwardBatch(sample, k, Temperature, upstream, grad, ref gradTemperature);

        // Sixth-order differences in τ at h = 1e-3 and 2e-3: the truncation error scales as h⁶, so that of the finer one is
        // about |fd(2h) − fd(h)|/63, which the bound takes whole; rounding adds 1.8·ε·max|L|/h ≤ 1.8·2.2e-16·4/1e-3 ≈ 1.6e-12
        // per difference (|L| ≤ Rows), and 1e-11 covers both with the gradient's own rounding.
        var fd = Derivative(Loss, Temperature, 1e-3);
        var coarse = Derivative(Loss, Temperature, 2e-3);
        var bound = Math.Abs(coarse - fd) + 1e-11;
        Assert.True(Math.Abs(gradTemperature - fd) <= bound, $"K = {k}: ∂L/∂τ = {gradTemperature}, finite difference {fd}, bound {bound}");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(100)]
    public void FloatGradientMatchesFiniteDifferences(int k)
    {
        const int Rows = 3;
        const float Temperature = 0.7f;
        var rng = new Random(k + 8);
        var logits = Uniform(rng, Rows * k, -2, 2).Select(v => (float)v).ToArray();
        var upstream = Uniform(rng, Rows * k, -1, 1).Select(v => (float)v).ToArray();

        double Loss(float[] l)
        {
            var y = new float[l.Length];
            Relaxation.GumbelSoftmaxBatch(l, k, Temperature, new Philox(6) { Position = 3 }, y);
            return y.Select((v, i) => (double)v * upstream[i]).Sum();
        }

        var sample = new float[Rows * k];
        Relaxation.GumbelSoftmaxBatch(logits, k, Temperature, new Philox(6) { Position = 3 }, sample);
        var grad = new float[Rows * k];
        Relaxation.GumbelSoftmaxBackwardBatch(sample, k, Temperature, upstream, grad);

        for (var i = 0; i < Rows * k; i++)
        {
            var fd = Derivative(
                x =>
                {
                    var l = logits.ToArray();
                    l[i] = (float)x;
                    return Loss(l);
                },
                logits[i],
                1.0 / 64);

            // h = 2⁻⁶. Truncation h⁶·6e4/140 ≈ 3e-8. Rounding: each y carries about K·εf relative error, so
            // |ΔL| ≲ 100·1.2e-7 and the stencil's 1.8·|ΔL|/h ≈ 1.4e-3 in the worst case; rounding the perturbed
            // logit to float moves the step by ≤ ulp(2)/h ≈ 2e-5 relative. 2e-3 bounds the sum.
            Assert.True(Math.Abs(grad[i] - fd) <= 2e-3, $"K = {k}, i = {i}: {grad[i]} vs finite difference {fd}");
        }
    }

    [Theory]
    [MemberData(nameof(ExtremeValueTests.LogitPatterns), MemberType = typeof(ExtremeValueTests))]
    public void StaysFiniteAtExtremeLogitsAndTemperatures(string pattern, double[] row)
    {
        var k = row.Length;
        const int Rows = 40;
        var logits = Enumerable.Repeat(row, Rows).SelectMany(r => r).ToArray();
        var logitsF = logits.Select(v => (float)v).ToArray();
        var rng = new Random(pattern.Length);
        var upstream = Uniform(rng, Rows * k, -1, 1);
        var upstreamF = upstream.Select(v => (float)v).ToArray();
        foreach (var temperature in new[] { 1e-3, 1e-2, 1, 1e3 })
        {
            var where = $"{pattern}, τ = {temperature}";
            var y = new double[Rows * k];
            var g = new double[Rows * k];
            Relaxation.GumbelSoftmaxBatch(logits, k, temperature, new Philox(1), y);
            Relaxation.GumbelSoftmaxBackwardBatch(y, k, temperature, upstream, g);
            Assert.All(y.Concat(g), v => Assert.True(double.IsFinite(v), where));

            var yf = new float[Rows * k];
            var gf = new float[Rows * k];
            Relaxation.GumbelSoftmaxBatch(logitsF, k, (float)temperature, new Philox(1), yf);
            Relaxation.GumbelSoftmaxBackwardBatch(yf, k, (float)temperature, upstreamF, gf);
            Assert.All(yf.Concat(gf), v => Assert.True(float.IsFinite(v), where));
            for (var r = 0; r < Rows * k; r += k)
            {
                // A row sums to 1 within its K roundings of the normalization (K·ε, K·εf).
                Assert.True(Math.Abs(y.AsSpan(r, k).ToArray().Sum() - 1) <= 2 * k * Epsilon, where);
                Assert.True(Math.Abs(yf.AsSpan(r, k).ToArray().Sum(v => (double)v) - 1) <= 2 * k * EpsilonF, where);
            }
        }
    }

    [Fact]
    public void NanStaysInItsRowAndMaskedCategoriesGetZero()
    {
        const int K = 10;
        var logits = Uniform(new Random(3), 4 * K, -1, 1);
        logits[K + 4] = double.NaN; // row 1
        logits[2 * K + 7] = double.NegativeInfinity; // row 2: a masked category
        var y = new double[4 * K];
        Relaxation.GumbelSoftmaxBatch(logits, K, 0.5, new Philox(2), y);
        Assert.All(y.AsSpan(K, K).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(y.AsSpan(0, K).ToArray().Concat(y.AsSpan(2 * K, 2 * K).ToArray()), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0.0, y[2 * K + 7]);

        var upstream = Uniform(new Random(4), 4 * K, -1, 1);
        upstream[3 * K + 1] = double.NaN; // row 3
        var grad = new double[4 * K];
        Relaxation.GumbelSoftmaxBackwardBatch(y, K, 0.5, upstream, grad);
        Assert.All(grad.AsSpan(K, K).ToArray().Concat(grad.AsSpan(3 * K, K).ToArray()), v => Assert.True(double.IsNaN(v)));
        Assert.All(grad.AsSpan(0, K).ToArray().Concat(grad.AsSpan(2 * K, K).ToArray()), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0.0, grad[2 * K + 7]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void BadTemperatureThrowsNamingItAndConsumesNoNoise(double temperature)
    {
        var a = new double[6];
        var af = new float[6];
        var rng = new Philox(1);
        Assert.Throws<ArgumentOutOfRangeException>("temperature", () => Relaxation.GumbelSoftmaxBatch(a, 3, temperature, rng, a));
        Assert.Throws<ArgumentOutOfRangeException>("temperature", () => Relaxation.GumbelSoftmaxBatch(af, 3, (float)temperature, rng, af));
        Assert.Throws<ArgumentOutOfRangeException>("temperature", () => Relaxation.GumbelSoftmaxBackwardBatch(a, 3, temperature, a, a));
        Assert.Throws<ArgumentOutOfRangeException>("temperature", () => Relaxation.GumbelSoftmaxBackwardBatch(af, 3, (float)temperature, af, af));
        Assert.Equal(0UL, rng.Position);
    }

    [Fact]
    public void BadShapesThrowNamingTheParameter()
    {
        var a = new double[6];
        var rng = new Philox(1);
        Assert.Throws<ArgumentNullException>("rng", () => Relaxation.GumbelSoftmaxBatch(a, 3, 1.0, (Philox)null!, a));
        Assert.Throws<ArgumentOutOfRangeException>("categories", () => Relaxation.GumbelSoftmaxBatch(a, 0, 1.0, rng, a));
        Assert.Throws<ArgumentException>("logits", () => Relaxation.GumbelSoftmaxBatch(a, 4, 1.0, rng, a));
        Assert.Throws<ArgumentException>("sample", () => Relaxation.GumbelSoftmaxBatch(a, 3, 1.0, rng, new double[3]));
        Assert.Throws<ArgumentException>("sample", () => Relaxation.GumbelSoftmaxBatch(a, 3, 1.0, rng, a));
        var f = new float[9];
        Assert.Throws<ArgumentException>("sample", () => Relaxation.GumbelSoftmaxBatch(f.AsSpan(0, 6), 3, 1f, rng, f.AsSpan(3, 6)));
        Assert.Throws<ArgumentOutOfRangeException>("categories", () => Relaxation.GumbelSoftmaxBackwardBatch(a, -1, 1.0, a, a));
        Assert.Throws<ArgumentException>("sample", () => Relaxation.GumbelSoftmaxBackwardBatch(a, 4, 1.0, a, a));
        Assert.Throws<ArgumentException>("upstream", () => Relaxation.GumbelSoftmaxBackwardBatch(a, 3, 1.0, new double[3], a));
        Assert.Throws<ArgumentException>("gradLogits", () => Relaxation.GumbelSoftmaxBackwardBatch(a, 3, 1.0, a, new double[3]));
        Assert.Equal(0UL, rng.Position);
    }

    /// <summary>
    /// Fused against reference, one row. The kernels differ from the row primitives only in the order of two sums
    /// (the normalization Σ eⱼ and m = Σ yⱼ(uⱼ − uₐ)); a recursive sum of K terms and a pairwise/lane-wise one each lie
    /// within (K − 1)·u·Σ|terms| of the exact sum (Higham 2002, §4.2, u = ε/2), so the two differ by at most K·ε·Σ|terms|.
    /// That bounds yᵢ to K·ε relative (times 2 for the reciprocal and product roundings) and the gradient
    /// yᵢ((uᵢ − uₐ) − m)/τ to 2K·ε·yᵢ(|uᵢ − uₐ| + |m| + Σ|yⱼ(uⱼ − uₐ)|)/τ plus the change carried in from y.
    /// </summary>
    /// <returns>This row's scale for the temperature gradient: Σᵢ yᵢ(|uᵢ − uₐ| + |m| + Σ|terms|)(|s'ᵢ| + 1)/τ.</returns>
    private static double AssertRowMatches(
        ReadOnlySpan<double> fused, double[] reference, ReadOnlySpan<double> upstream, ReadOnlySpan<double> start,
        ReadOnlySpan<double> fusedGrad, double[] referenceGrad, double temperature, double epsilon, string where)
    {
        var k = reference.Length;
        var a = Array.IndexOf(reference, reference.Max());
        var terms = 0.0;
        var m = 0.0;
        for (var j = 0; j < k; j++)
        {
            terms += Math.Abs(reference[j] * (upstream[j] - upstream[a]));
            m += reference[j] * (upstream[j] - upstream[a]);
        }

        var temperatureScale = 0.0;
        for (var i = 0; i < k; i++)
        {
            var shifted = reference[i] > 0 ? Math.Abs(Math.Log(reference[i] / reference[a])) : 0;
            temperatureScale += reference[i] * (Math.Abs(upstream[i] - upstream[a]) + Math.Abs(m) + terms) * (shifted + 1) / temperature;
            var bound = 4 * k * epsilon * reference[i];
            Assert.True(Math.Abs(fused[i] - reference[i]) <= bound, $"{where}: y[{i}] = {fused[i]}, reference {reference[i]}");
            var scale = reference[i] * (Math.Abs(upstream[i] - upstream[a]) + Math.Abs(m) + terms) / temperature;
            // y's own difference (4K·ε relative) times |uᵢ − uₐ − m|, plus yᵢ·Δm/τ (K·ε·Σ|terms|), plus the roundings
            // of the final product and of the accumulation into the starting value.
            var gradBound = (8 * k * epsilon * scale) + (2 * epsilon * (Math.Abs(start[i]) + Math.Abs(referenceGrad[i])));
            Assert.True(
                Math.Abs(fusedGrad[i] - referenceGrad[i]) <= gradBound,
                $"{where}: grad[{i}] = {fusedGrad[i]}, reference {referenceGrad[i]}, bound {gradBound}");
        }

        return temperatureScale;
    }

    /// <summary>
    /// ∂L/∂τ summed over rows, fused (shifted logits recovered as log yᵢ − log yₐ) against the row primitives ((xᵢ − xₐ)/τ
    /// from the noise). Per term the two differ by the gradient terms' own difference (8K·ε, as above) and by the error of
    /// log yᵢ − log yₐ, a few ε absolute plus K·ε from y's normalization, i.e. at most 16K·ε·(|s'ᵢ| + 1) relative to
    /// each term's scale; the starting value 0.5 adds one rounding.
    /// </summary>
    private static void AssertTemperatureGradient(double actual, double expected, double scale, int k, double epsilon)
    {
        var bound = (16 * k * epsilon * scale) + epsilon;
        Assert.True(Math.Abs(actual - expected) <= bound, $"∂L/∂τ = {actual}, reference {expected}, bound {bound}");
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }

        return wide;
    }
}
