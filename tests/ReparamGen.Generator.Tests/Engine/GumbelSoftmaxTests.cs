using System;
using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// The [GumbelSoftmax] family generated for a categorical and a binary logits method: snapshots,
/// warning-free compilation, and every member against an independent oracle written here (softmax,
/// sigmoid, the Concrete densities of Maddison et al. 2017, eq. 3 and 4, finite differences).
/// </summary>
public sealed class GumbelSoftmaxTests
{
    private const string Source = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Choices
        {
            [GumbelSoftmax]
            public static void Prefs(double w, double bias, Span<double> logits)
            {
                for (int i = 0; i < logits.Length; i++)
                {
                    logits[i] = w * i - bias * bias * (i % 2);
                }
            }

            [GumbelSoftmax]
            public static double Logit(double w, double b) => 2 * w - b;

            // Array wrappers: reflection cannot pass spans.
            public static int Max(double w, double bias, double[] g) => PrefsGumbelMax(w, bias, g);
            public static void Relax(double w, double bias, double t, double[] g, double[] y) => PrefsRelaxed(w, bias, t, g, y);
            public static void RelaxTangent(double w, double bias, double t, double[] g, double[] y, double dW, double dBias, double dT, double[] dY)
                => PrefsRelaxedTangent(w, bias, t, g, y, dW, dBias, dT, dY);
            public static double[] RelaxBackward(double w, double bias, double t, double[] g, double[] upstream)
            {
                double gw = 0, gb = 0, gt = 0;
                PrefsRelaxedBackward(w, bias, t, g, upstream, ref gw, ref gb, ref gt);
                return new[] { gw, gb, gt };
            }
            public static int Straight(double w, double bias, double t, double[] g, double[] y) => PrefsStraightThrough(w, bias, t, g, y);
            public static double Density(double w, double bias, double t, double[] y) => PrefsRelaxedLogDensity(w, bias, t, y);
            public static double[] BinaryBackward(double w, double b, double t, double l, double upstream)
            {
                double gw = 0, gb = 0, gt = 0;
                LogitRelaxedBackward(w, b, t, l, upstream, ref gw, ref gb, ref gt);
                return new[] { gw, gb, gt };
            }
        }
        """;

    private const string Type = "Demo.Choices";
    private static readonly double[] Gumbel = { 0.3, -0.8, 1.4, 0.05, -0.2 };

    [Fact]
    public void Generated_code_is_as_snapshotted() => Snapshot.Verify(GeneratorHarness.Run(Source).Sources, testMethod: "CategoricalAndBinary");

    [Fact]
    public void Generated_code_compiles_without_warnings() => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Source));

    [Fact]
    public void Categorical_family_matches_independent_oracles()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Source));
        const double w = 0.4, bias = 0.9, t = 0.7;
        var logits = Logits(w, bias);
        var shifted = logits.Select((l, i) => l + Gumbel[i]).ToArray();

        Assert.Equal(Array.IndexOf(shifted, shifted.Max()), (int)assembly.Invoke(Type, "Max", w, bias, Gumbel)!);

        var y = new double[5];
        assembly.Invoke(Type, "Relax", w, bias, t, Gumbel, y);
        var expected = Softmax(shifted.Select(s => s / t).ToArray());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], y[i], 14); // a softmax of five O(1) terms: roundings only
        }

        var hard = new double[5];
        var index = (int)assembly.Invoke(Type, "Straight", w, bias, t, Gumbel, hard)!;
        Assert.Equal(Array.IndexOf(shifted, shifted.Max()), index);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => i == index ? 1.0 : 0.0), hard);

        // The log-density against the Concrete density, Maddison et al. (2017), eq. 3, written out here.
        var p = Softmax(logits);
        var point = new[] { 0.1, 0.25, 0.3, 0.15, 0.2 };
        var denominator = point.Select((x, i) => p[i] * Math.Pow(x, -t)).Sum();
        var logDensity = Math.Log(24) + (4 * Math.Log(t)) + point.Select((x, i) => Math.Log(p[i]) - ((t + 1) * Math.Log(x))).Sum() - (5 * Math.Log(denominator));
        Assert.True(FiniteDifference.Close(logDensity, (double)assembly.Invoke(Type, "Density", w, bias, t, point)!, 1e-12));
    }

    [Fact]
    public void Categorical_tangent_and_backward_match_finite_differences()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Source));
        const double w = 0.4, bias = 0.9, t = 0.7;
        var upstream = new[] { 1.0, -2.0, 0.5, 3.0, -1.0 };
        double Loss(double ww, double bb, double tt)
        {
            var y = new double[5];
            assembly.Invoke(Type, "Relax", ww, bb, tt, Gumbel, y);
            return y.Select((v, i) => v * upstream[i]).Sum();
        }

        var gradient = (double[])assembly.Invoke(Type, "RelaxBackward", w, bias, t, Gumbel, upstream)!;
        AssertClose(FiniteDifference.Derivative(x => Loss(x, bias, t), w), gradient[0], "∂L/∂w");
        AssertClose(FiniteDifference.Derivative(x => Loss(w, x, t), bias), gradient[1], "∂L/∂bias");
        AssertClose(FiniteDifference.Derivative(x => Loss(w, bias, x), t), gradient[2], "∂L/∂temperature");

        var sample = new double[5];
        var tangent = new double[5];
        assembly.Invoke(Type, "RelaxTangent", w, bias, t, Gumbel, sample, 1.0, -0.5, 0.25, tangent);
        var directional = tangent.Select((v, i) => v * upstream[i]).Sum();
        AssertClose(FiniteDifference.Derivative(h => Loss(w + h, bias - (0.5 * h), t + (0.25 * h)), 0.0), directional, "JVP along (1, −0.5, 0.25)");
    }

    [Fact]
    public void Binary_family_matches_independent_oracles()
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Source));
        const double w = 0.3, b = 0.2, t = 0.5, noise = -0.35;
        var logit = (2 * w) - b;
        Assert.Equal(logit + noise > 0, (bool)assembly.Invoke(Type, "LogitGumbelMax", w, b, noise)!);
        double Relaxed(double ww, double bb, double tt) => (double)assembly.Invoke(Type, "LogitRelaxed", ww, bb, tt, noise)!;
        Assert.Equal(1 / (1 + Math.Exp(-(logit + noise) / t)), Relaxed(w, b, t), 14);
        Assert.Equal(logit + noise > 0 ? 1.0 : 0.0, (double)assembly.Invoke(Type, "LogitStraightThrough", w, b, t, noise)!);

        var gradient = (double[])assembly.Invoke(Type, "BinaryBackward", w, b, t, noise, 2.0)!;
        AssertClose(2 * FiniteDifference.Derivative(x => Relaxed(x, b, t), w), gradient[0], "binary ∂/∂w");
        AssertClose(2 * FiniteDifference.Derivative(x => Relaxed(w, x, t), b), gradient[1], "binary ∂/∂b");
        AssertClose(2 * FiniteDifference.Derivative(x => Relaxed(w, b, x), t), gradient[2], "binary ∂/∂temperature");

        // Binary Concrete density, Maddison et al. (2017), eq. 4: τα y^(−τ−1)(1−y)^(−τ−1) / (α y^(−τ) + (1−y)^(−τ))².
        const double y = 0.3;
        var alpha = Math.Exp(logit);
        var density = t * alpha * Math.Pow(y, -t - 1) * Math.Pow(1 - y, -t - 1) / Math.Pow((alpha * Math.Pow(y, -t)) + Math.Pow(1 - y, -t), 2);
        Assert.True(FiniteDifference.Close(Math.Log(density), (double)assembly.Invoke(Type, "LogitRelaxedLogDensity", w, b, t, y)!, 1e-12));
    }

    private static double[] Logits(double w, double bias) => Enumerable.Range(0, 5).Select(i => (w * i) - (bias * bias * (i % 2))).ToArray();

    private static double[] Softmax(double[] x)
    {
        var max = x.Max();
        var e = x.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
