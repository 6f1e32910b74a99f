using System;
using System.Linq;
using Xunit;
using static ReparamGen.Tests.Relaxations.Oracles;

namespace ReparamGen.Tests.Relaxations;

/// <summary>
/// Concrete log-densities against tools/reference-data/concrete_density.py: the product formula of Maddison et al.
/// (2017) eq. (4) and (17) in 50-digit mpmath, derivatives by mpmath.diff. Covers K = 2, 3 and 10.
/// </summary>
public class ConcreteDensityTests
{
    // Tolerances. The value is a sum of K terms |wₖ − W| + |zₖ| up to ~1e4 (λ = 1e-3, log-form rows): its rounding is
    // a few ε times that scale, so 1e-12 relative to max(1, |log p|) for the linear rows and 1e-10 for the log rows,
    // whose terms cancel from ~1e4 down to ~1e2. Derivatives: sums of K products of the same terms, same bounds.
    [Fact]
    public void CategoricalLogDensityAndDerivativesMatchMpmath()
    {
        var rows = ReadCsv("concrete_density.csv").ToList();
        Assert.Equal(51, rows.Count);
        foreach (var k in new[] { 2, 3, 10 })
        {
            Assert.Contains(rows, r => r[1] == k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var r in rows)
        {
            var isLog = r[0] == "log";
            var temperature = Number(r[2]);
            var logits = Vector(r[3]);
            var point = Vector(r[4]);
            var expected = Number(r[5]);
            var expectedDLogits = Vector(r[6]);
            var expectedDTemperature = Number(r[7]);
            var expectedDPoint = Vector(r[8]);
            var tolerance = isLog ? 1e-10 : 1e-12;
            var scale = Math.Max(1, Math.Abs(expected));
            var where = $"{r[0]} K={r[1]} τ={r[2]}";

            var value = isLog ? Relaxation.ConcreteLogDensityFromLog(logits, temperature, point) : Relaxation.ConcreteLogDensity(logits, temperature, point);
            Assert.True(Math.Abs(value - expected) <= tolerance * scale, $"{where}: {value} vs {expected}");

            var k = logits.Length;
            var gradLogits = new double[k];
            var gradPoint = new double[k];
            var gradTemperature = 0.0;
            var backwardValue = isLog
                ? Relaxation.ConcreteLogDensityFromLogBackward(logits, temperature, point, 1.0, gradLogits, ref gradTemperature, gradPoint)
                : Relaxation.ConcreteLogDensityBackward(logits, temperature, point, 1.0, gradLogits, ref gradTemperature, gradPoint);
            Assert.Equal(value, backwardValue);
            for (var i = 0; i < k; i++)
            {
                Assert.True(Close(gradLogits[i], expectedDLogits[i], tolerance * scale), $"{where}: ∂/∂logit[{i}] {gradLogits[i]} vs {expectedDLogits[i]}");
                Assert.True(Close(gradPoint[i], expectedDPoint[i], tolerance * scale), $"{where}: ∂/∂point[{i}] {gradPoint[i]} vs {expectedDPoint[i]}");
            }

            Assert.True(Close(gradTemperature, expectedDTemperature, tolerance * scale), $"{where}: ∂/∂τ {gradTemperature} vs {expectedDTemperature}");

            // The tangent rule along one direction equals the gradient dotted with it.
            var dLogits = Enumerable.Range(0, k).Select(i => 0.5 - 0.1 * i).ToArray();
            var dPoint = Enumerable.Range(0, k).Select(i => 0.01 * (i % 3 - 1)).ToArray();
            var tangentValue = isLog
                ? Relaxation.ConcreteLogDensityFromLogTangent(logits, temperature, point, dLogits, 0.3, dPoint, out var jvp)
                : Relaxation.ConcreteLogDensityTangent(logits, temperature, point, dLogits, 0.3, dPoint, out jvp);
            var expectedJvp = expectedDLogits.Select((g, i) => g * dLogits[i] + expectedDPoint[i] * dPoint[i]).Sum() + 0.3 * expectedDTemperature;
            Assert.Equal(value, tangentValue);
            Assert.True(Close(jvp, expectedJvp, 10 * tolerance * scale), $"{where}: JVP {jvp} vs {expectedJvp}");
        }
    }

    [Fact]
    public void BinaryLogDensityAndDerivativesMatchMpmath()
    {
        var rows = ReadCsv("binary_concrete_density.csv").ToList();
        Assert.Equal(47, rows.Count);
        foreach (var r in rows)
        {
            var isLogit = r[0] == "logit";
            var logit = Number(r[1]);
            var temperature = Number(r[2]);
            var point = Number(r[3]);
            var where = $"{r[0]} a={r[1]} τ={r[2]} point={r[3]}";
            var (value, dLogit, dTemperature, dPoint) = (Number(r[4]), Number(r[5]), Number(r[6]), Number(r[7]));

            double Jvp(double a, double t, double p)
            {
                double d;
                if (isLogit)
                {
                    Relaxation.BinaryConcreteLogDensityFromLogitTangent(logit, temperature, point, a, t, p, out d);
                }
                else
                {
                    Relaxation.BinaryConcreteLogDensityTangent(logit, temperature, point, a, t, p, out d);
                }

                return d;
            }

            var actual = isLogit
                ? Relaxation.BinaryConcreteLogDensityFromLogit(logit, temperature, point)
                : Relaxation.BinaryConcreteLogDensity(logit, temperature, point);

            // A handful of operations on terms up to |λx| ≈ 900 (logit rows) or |log y| ≈ 23: rounding ≲ 1e-13
            // relative to max(1, |value|); 1e-12 leaves a 10× margin. 1 − y is exact in double for y ≥ ½
            // (Sterbenz), so the row at y = 1 − 1e-10 keeps full relative accuracy, even in ∂/∂y ≈ 1e10.
            Assert.True(Close(actual, value, 1e-12), $"{where}: {actual} vs {value}");
            Assert.True(Close(Jvp(1, 0, 0), dLogit, 1e-12), $"{where}: ∂/∂a {Jvp(1, 0, 0)} vs {dLogit}");
            Assert.True(Close(Jvp(0, 1, 0), dTemperature, 1e-12), $"{where}: ∂/∂τ {Jvp(0, 1, 0)} vs {dTemperature}");
            Assert.True(Close(Jvp(0, 0, 1), dPoint, 1e-12 * Math.Max(1, Math.Abs(dPoint))), $"{where}: ∂/∂point {Jvp(0, 0, 1)} vs {dPoint}");
        }
    }

    [Fact]
    public void BinaryDensityIsTheTwoCategoryConcreteDensity()
    {
        // Maddison et al. 2017 §3.3: BinConcrete(α, λ) is the first coordinate of Concrete((α, 1), λ).
        foreach (var (a, t, y) in new[] { (0.3, 0.5, 0.2), (-1.5, 2.0, 0.7), (4.0, 0.1, 0.999) })
        {
            var categorical = Relaxation.ConcreteLogDensity(new[] { a, 0.0 }, t, new[] { y, 1 - y });
            Assert.Equal(categorical, Relaxation.BinaryConcreteLogDensity(a, t, y), 11);
        }
    }

    [Fact]
    public void DensityIsNeverNaNOnTheSimplexEdgeAndGivesTheEqualRateLimit()
    {
        // x = (1, 0, 0): n₀ = 2 zeros, K = 3. n₀(λ + 1) − Kλ = 2 − λ: +∞ for λ < 2, −∞ for λ > 2, finite at λ = 2.
        var logits = new[] { 0.5, -0.2, 0.1 };
        var vertex = new[] { 1.0, 0.0, 0.0 };
        Assert.Equal(double.PositiveInfinity, Relaxation.ConcreteLogDensity(logits, 0.5, vertex));
        Assert.Equal(double.NegativeInfinity, Relaxation.ConcreteLogDensity(logits, 3.0, vertex));
        var atTwo = Relaxation.ConcreteLogDensity(logits, 2.0, vertex);

        // At λ = 2 the limit along x = (1 − 2e, e, e), e → 0, computed with the interior formula at e = 1e-150.
        var e = 1e-150;
        var near = Relaxation.ConcreteLogDensity(logits, 2.0, new[] { 1 - 2 * e, e, e });
        Assert.Equal(near, atTwo, 10);

        _ = Relaxation.ConcreteLogDensityTangent(logits, 0.5, vertex, new double[3], 1.0, new double[3], out var d);
        Assert.True(double.IsNaN(d));

        // Outside the support the density is 0.
        Assert.Equal(double.NegativeInfinity, Relaxation.ConcreteLogDensity(logits, 0.5, new[] { 1.2, -0.1, -0.1 }));

        // Binary ends: λ = 1 is finite (∓a); λ < 1 is +∞; λ > 1 is −∞.
        Assert.Equal(-0.7, Relaxation.BinaryConcreteLogDensity(0.7, 1.0, 0.0));
        Assert.Equal(0.7, Relaxation.BinaryConcreteLogDensity(0.7, 1.0, 1.0));
        Assert.Equal(double.PositiveInfinity, Relaxation.BinaryConcreteLogDensity(0.7, 0.5, 0.0));
        Assert.Equal(double.NegativeInfinity, Relaxation.BinaryConcreteLogDensity(0.7, 1.5, 1.0));
        Assert.Equal(double.NegativeInfinity, Relaxation.BinaryConcreteLogDensity(0.7, 1.5, 1.5));
        Assert.True(double.IsNaN(Relaxation.BinaryConcreteLogDensity(double.NaN, 1.5, 0.5)));
    }

    [Fact]
    public void LogSpaceDensityIsFiniteForNearOneHotSamples()
    {
        var rng = new Random(12);
        foreach (var temperature in new[] { 1e-3, 1e-2, 0.1 })
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var logits = Uniform(rng, 10, -5, 5);
                var gumbel = Gumbel(rng, 10);
                var logSample = new double[10];
                Relaxation.GumbelLogSoftmax(logits, temperature, gumbel, logSample);
                var value = Relaxation.ConcreteLogDensityFromLog(logits, temperature, logSample);
                Assert.True(double.IsFinite(value), $"τ = {temperature}: {value}");
            }
        }
    }
}
