using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace PathwiseGreeks;

/// <summary>Convergence of the Monte Carlo delta and vega against the number of paths.</summary>
public static class Plots
{
    /// <summary>
    /// One panel per (Greek, strike): the running estimate with its 95% band against the number of paths (log x),
    /// and the Black–Scholes value as a horizontal line.
    /// </summary>
    public static string Convergence(IReadOnlyList<MonteCarlo.Result> results, string directory)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2 * results.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, results.Count);
        for (var c = 0; c < results.Count; c++)
        {
            var result = results[c];
            var exact = BlackScholes.Call(result.Contract);
            Panel(multiplot.GetPlot(c), result.Delta, exact.Delta, Inv($"Delta, strike {result.Contract.Strike:0}"), "delta  ∂C/∂S", legend: c == 0);
            Panel(multiplot.GetPlot(results.Count + c), result.Vega, exact.Vega, Inv($"Vega, strike {result.Contract.Strike:0}"), "vega  ∂C/∂σ", legend: false);
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "convergence.png");
        multiplot.SavePng(path, 1500, 900);
        return path;
    }

    private static void Panel(Plot plot, IReadOnlyList<Estimate> estimates, double exact, string title, string yLabel, bool legend)
    {
        var x = LogAxes.Log10(estimates.Select(e => (double)e.Paths).ToArray());
        var lower = estimates.Select(e => e.Mean - e.HalfWidth95).ToArray();
        var upper = estimates.Select(e => e.Mean + e.HalfWidth95).ToArray();
        var band = plot.Add.FillY(x, lower, upper);
        band.FillColor = Colors.C0.WithAlpha(0.25);
        band.LineWidth = 0;
        band.LegendText = "95% confidence band";
        var line = plot.Add.Scatter(x, estimates.Select(e => e.Mean).ToArray());
        line.Color = Colors.C0;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = "pathwise Monte Carlo";
        var reference = plot.Add.HorizontalLine(exact);
        reference.Color = Colors.Black;
        reference.LinePattern = LinePattern.Dashed;
        reference.LineWidth = 1.5f;
        reference.LegendText = "Black–Scholes";
        LogAxes.Apply(plot.Axes.Bottom, PathCount);
        plot.Title(title);
        plot.XLabel("number of paths");
        plot.YLabel(yLabel);
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.HideLegend();
        }

        // Start the view where the band is within ±25% of the value, so the converged part is readable.
        plot.Axes.AutoScale();
        var span = Math.Max(0.25 * Math.Abs(exact), 2 * estimates[^1].HalfWidth95);
        plot.Axes.SetLimitsY(exact - span, exact + span);
    }

    // 100, 1k, 10k, 100k, 1M, …
    private static string PathCount(double value) => value switch
    {
        >= 1e6 => Inv($"{value / 1e6:0.#}M"),
        >= 1e3 => Inv($"{value / 1e3:0.#}k"),
        _ => Inv($"{value:0}"),
    };

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
