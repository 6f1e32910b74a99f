using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ReparamGen.Tests.Relaxations;

/// <summary>Independent oracles for the relaxation tests: finite differences, a plain softmax, the reference CSVs.</summary>
internal static class Oracles
{
    /// <summary>
    /// Sixth-order central difference (Fornberg 1988, stencil ±1, ±2, ±3):
    /// f'(x) ≈ [45(f₁ − f₋₁) − 9(f₂ − f₋₂) + (f₃ − f₋₃)] / (60h).
    /// Truncation error h⁶|f⁽⁷⁾|/140; rounding error about 1.8·ε·max|f|/h (ε = 2.2e−16).
    /// </summary>
    public static double Derivative(Func<double, double> f, double x, double h)
    {
        double D(int k) => f(x + k * h) - f(x - k * h);
        return (45 * D(1) - 9 * D(2) + D(3)) / (60 * h);
    }

    /// <summary>softmax((l + g)/τ) written as yᵢ = 1 / Σⱼ exp((xⱼ − xᵢ)/τ): no max shift, a different arrangement.</summary>
    public static double[] PlainSoftmax(double[] logits, double temperature, double[] gumbel)
    {
        var k = logits.Length;
        var y = new double[k];
        for (var i = 0; i < k; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < k; j++)
            {
                sum += Math.Exp((logits[j] + gumbel[j] - logits[i] - gumbel[i]) / temperature);
            }

            y[i] = 1.0 / sum;
        }

        return y;
    }

    public static double[] Gumbel(Random rng, int k)
    {
        var g = new double[k];
        GumbelNoise.FillGumbel(rng, g);
        return g;
    }

    public static double[] Uniform(Random rng, int k, double lo, double hi)
        => Enumerable.Range(0, k).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();

    public static IEnumerable<string[]> ReadCsv(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ReferenceData", name);
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
    }

    public static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double[] Vector(string s) => s.Split(';').Select(Number).ToArray();

    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|): relative for large values, absolute near 0.</summary>
    public static bool Close(double actual, double expected, double tolerance)
        => Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected));
}
