using System;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace PathwiseGreeks;

/// <summary>
/// Logarithmic axes for ScottPlot 5, which plots linear axes only: data are plotted as log10 values and the
/// ticks are labelled with the powers of ten (the approach of ScottPlot's cookbook).
/// </summary>
public static class LogAxes
{
    /// <summary>log10 of every value.</summary>
    public static double[] Log10(double[] values) => Array.ConvertAll(values, Math.Log10);

    /// <summary>Labels the axis with powers of ten (formatted by <paramref name="format"/>, given the value) and draws log-spaced minor ticks.</summary>
    public static void Apply(IAxis axis, Func<double, string>? format = null)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = format is null ? Label : exponent => format(Math.Pow(10, exponent)),
        };
    }

    private static string Label(double exponent)
    {
        var value = Math.Pow(10, exponent);
        return value is >= 1e-3 and <= 1e4
            ? value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
            : "1e" + exponent.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
