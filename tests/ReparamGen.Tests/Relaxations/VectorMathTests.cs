using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Relaxations;

/// <summary>The SIMD exp and log of the relaxations against the platform's Math.Exp / MathF.Exp / Math.Log.</summary>
public class VectorMathTests
{
    private readonly ITestOutputHelper output;

    public VectorMathTests(ITestOutputHelper output) => this.output = output;

    // The platform functions are themselves within ~0.5–1 ulp of the truth (glibc documents ≤ 1 ulp for exp/log in
    // double); our kernels were designed to be within ~1 ulp, so a distance of 2 ulp between the two is the bound.
    private const long UlpBound = 2;

    [Fact]
    public void DoubleExpIsWithinTwoUlpOfMathExpAndTheVectorAndScalarFormsAgreeBitForBit()
    {
        var rng = new Random(1);
        var t = Enumerable.Range(0, 1_000_000).Select(i => i % 2 == 0 ? -708 * rng.NextDouble() : -2 * rng.NextDouble()).ToArray();
        var vector = t.ToArray();
        VectorMath.ExpNonPositive(vector);
        long worst = 0;
        for (var i = 0; i < t.Length; i++)
        {
            Assert.Equal(VectorMath.ExpNonPositive(t[i]), vector[i]);
            worst = Math.Max(worst, Ulps(vector[i], Math.Exp(t[i])));
        }

        output.WriteLine($"double exp: worst {worst} ulp");
        Assert.True(worst <= UlpBound, $"worst {worst} ulp");
        Assert.Equal(1.0, VectorMath.ExpNonPositive(0.0));
        Assert.Equal(1.0, VectorMath.ExpNonPositive(-0.0));
        Assert.Equal(0.0, VectorMath.ExpNonPositive(-709.0));
        Assert.Equal(0.0, VectorMath.ExpNonPositive(double.NegativeInfinity));
        Assert.True(double.IsNaN(VectorMath.ExpNonPositive(double.NaN)));
        var special = new[] { 0.0, -709.0, double.NegativeInfinity, double.NaN, -1.0 };
        VectorMath.ExpNonPositive(special);
        Assert.Equal(new[] { 1.0, 0.0, 0.0, double.NaN, Math.Exp(-1.0) }, special);
    }

    [Fact]
    public void FloatExpIsWithinTwoUlpOfMathFExpAndTheVectorAndScalarFormsAgreeBitForBit()
    {
        var rng = new Random(2);
        var t = Enumerable.Range(0, 1_000_000).Select(i => (float)(i % 2 == 0 ? -87 * rng.NextDouble() : -2 * rng.NextDouble())).ToArray();
        var vector = t.ToArray();
        VectorMath.ExpNonPositive(vector);
        long worst = 0;
        for (var i = 0; i < t.Length; i++)
        {
            Assert.Equal(VectorMath.ExpNonPositive(t[i]), vector[i]);

            // Against the correctly rounded value (Math.Exp in double, rounded once), not MathF.Exp.
            worst = Math.Max(worst, Ulps(vector[i], (float)Math.Exp(t[i])));
        }

        output.WriteLine($"float exp: worst {worst} ulp");
        Assert.True(worst <= UlpBound, $"worst {worst} ulp");
        Assert.Equal(1f, VectorMath.ExpNonPositive(0f));
        Assert.Equal(0f, VectorMath.ExpNonPositive(-88f));
        Assert.True(float.IsNaN(VectorMath.ExpNonPositive(float.NaN)));
        var special = new[] { 0f, -88f, float.NegativeInfinity, float.NaN, -1f, 0f, 0f, 0f, 0f };
        VectorMath.ExpNonPositive(special);
        Assert.Equal(new[] { 1f, 0f, 0f, float.NaN, (float)Math.Exp(-1.0), 1f, 1f, 1f, 1f }, special);
    }

    [Fact]
    public void LogIsWithinTwoUlpOfMathLogOnTheNoiseDomains()
    {
        var rng = new Random(3);
        long worst = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            // u ∈ (0, 1) (log-uniform near 0 too), and −log u ∈ [1e-16, 40].
            var u = i % 3 == 0 ? Math.Pow(2, -53 * rng.NextDouble()) : rng.NextDouble() + 1e-300;
            var e = Math.Exp(Math.Log(1e-16) + (Math.Log(40) - Math.Log(1e-16)) * rng.NextDouble());
            worst = Math.Max(worst, Ulps(VectorMath.LogPositive(u), Math.Log(u)));
            worst = Math.Max(worst, Ulps(VectorMath.LogPositive(e), Math.Log(e)));
        }

        output.WriteLine($"double log: worst {worst} ulp");
        Assert.True(worst <= UlpBound, $"worst {worst} ulp");
        Assert.Equal(0.0, VectorMath.LogPositive(1.0));
        Assert.Equal(Math.Log(2), VectorMath.LogPositive(2.0));
    }

    [Fact]
    public void FloatLogIsWithinTwoUlpOfTheCorrectlyRoundedLogOnTheNoiseDomains()
    {
        var rng = new Random(5);
        long worst = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            // u = (2k + 1)·2⁻²⁴ as the single-precision fills make it, and −log u ∈ [1e-7, 20].
            var u = (2 * rng.Next(1 << 23) + 1) / 16777216f;
            var e = (float)Math.Exp(Math.Log(1e-7) + (Math.Log(20) - Math.Log(1e-7)) * rng.NextDouble());
            worst = Math.Max(worst, Ulps(VectorMath.LogPositive(u), (float)Math.Log(u)));
            worst = Math.Max(worst, Ulps(VectorMath.LogPositive(e), (float)Math.Log(e)));
        }

        output.WriteLine($"float log: worst {worst} ulp");
        Assert.True(worst <= UlpBound, $"worst {worst} ulp");
        Assert.Equal(0f, VectorMath.LogPositive(1f));
    }

    [Fact]
    public void FloatNoiseTransformsMatchTheirScalarFormsBitForBit()
    {
        var rng = new Random(6);
        var u = Enumerable.Range(0, 1001).Select(_ => (2 * rng.Next(1 << 23) + 1) / 16777216f).ToArray();
        u[0] = 1f / 16777216f;
        u[1] = 1f - 1f / 16777216f;
        var gumbel = u.ToArray();
        var logistic = u.ToArray();
        VectorMath.GumbelFromUniform(gumbel);
        VectorMath.LogisticFromUniform(logistic);
        for (var i = 0; i < u.Length; i++)
        {
            Assert.Equal(-VectorMath.LogPositive(-VectorMath.LogPositive(u[i])), gumbel[i]);
            Assert.Equal(VectorMath.LogPositive(u[i]) - VectorMath.LogPositive(1f - u[i]), logistic[i]);

            // Close to the double computation: float rounding of the inner log (relative 2 ulp = 1.2e-7) becomes an
            // absolute error of the outer log, plus the outer log's own 2 ulp: 1e-6 absolute for |γ| ≤ 17.
            Assert.True(Math.Abs(gumbel[i] - -Math.Log(-Math.Log(u[i]))) <= 1e-6 * Math.Max(1, Math.Abs(gumbel[i])), $"u = {u[i]}");
        }

        Assert.Equal(-logistic[0], logistic[1]);
    }

    [Fact]
    public void NoiseTransformsMatchTheirScalarFormsBitForBit()
    {
        var rng = new Random(4);
        var u = Enumerable.Range(0, 1001).Select(_ => (rng.NextInt64() >> 11) * 2.0 / (1L << 53) + Math.Pow(2, -53)).ToArray();
        u[0] = Math.Pow(2, -53);
        u[1] = 1 - Math.Pow(2, -53);
        var gumbel = u.ToArray();
        var logistic = u.ToArray();
        VectorMath.GumbelFromUniform(gumbel);
        VectorMath.LogisticFromUniform(logistic);
        for (var i = 0; i < u.Length; i++)
        {
            Assert.Equal(-VectorMath.LogPositive(-VectorMath.LogPositive(u[i])), gumbel[i]);
            Assert.Equal(VectorMath.LogPositive(u[i]) - VectorMath.LogPositive(1 - u[i]), logistic[i]);

            // And close to the platform's: a Gumbel draw's error is the relative error of −log u (2 ulp) plus 2 ulp.
            Assert.True(Math.Abs(gumbel[i] - -Math.Log(-Math.Log(u[i]))) <= 1e-15 * Math.Max(1, Math.Abs(gumbel[i])));
        }
    }

    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    private static long Ulps(float a, float b) => Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));
}
