using System;

namespace ReparamGen.Tests.Distributions;

/// <summary>The one-sample Kolmogorov–Smirnov statistic and its large-sample critical value.</summary>
internal static class KolmogorovSmirnov
{
    /// <summary>
    /// Significance level of every goodness-of-fit test here. Strict enough that a correct sampler passes
    /// with any seed (a false alarm once in a thousand seeds), loose enough that the negative controls in
    /// <see cref="GoodnessOfFitTests"/> (5 % scale errors) are rejected at the sample sizes used.
    /// </summary>
    public const double Alpha = 0.001;

    /// <summary>D = sup |F_n(x) − F(x)| over the sorted sample (the samples are sorted in place).</summary>
    public static double Statistic(double[] samples, Func<double, double> cdf)
    {
        Array.Sort(samples);
        var n = samples.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(samples[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }

        return d;
    }

    /// <summary>
    /// Critical value c(α)/√n with c(α) = √(−½·ln(α/2)) (1.9495 at α = 0.001): the first term of
    /// Kolmogorov's limiting distribution P(√n·D &gt; c) ≈ 2·exp(−2c²) (Smirnov 1948, Annals of Math.
    /// Statistics 19(2) 279–281, Table 1). The asymptotic form is accurate to well under 1 % for n ≥ 1,000.
    /// </summary>
    public static double CriticalValue(int n, double alpha = Alpha) => Math.Sqrt(-0.5 * Math.Log(alpha / 2)) / Math.Sqrt(n);
}
