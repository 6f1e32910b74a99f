using System;
using System.Linq;

namespace VariationalInference;

/// <summary>The two pictures each fit draws: its ELBO curve, and the fitted density over the exact one.</summary>
internal static class Plots
{
    /// <summary>
    /// The per-step ELBO estimates (faint), their moving average, and the log evidence log p(x), which the ELBO
    /// reaches exactly when q equals the posterior.
    /// </summary>
    public static void Elbo(double[] elbo, double logEvidence, string title, string path)
    {
        var steps = Enumerable.Range(1, elbo.Length).Select(i => (double)i).ToArray();
        var window = Math.Max(1, elbo.Length / 50);
        var smooth = new double[elbo.Length];
        var sum = 0.0;
        for (var i = 0; i < elbo.Length; i++)
        {
            sum += elbo[i] - (i >= window ? elbo[i - window] : 0);
            smooth[i] = sum / Math.Min(i + 1, window);
        }

        var plt = new ScottPlot.Plot();
        var raw = plt.Add.ScatterLine(steps, elbo);
        raw.LegendText = "ELBO estimate per step";
        raw.Color = ScottPlot.Colors.Gray.WithAlpha(0.35);
        var avg = plt.Add.ScatterLine(steps, smooth);
        avg.LegendText = $"moving average ({window} steps)";
        avg.LineWidth = 2;
        avg.Color = ScottPlot.Colors.Blue;
        var evidence = plt.Add.HorizontalLine(logEvidence);
        evidence.LegendText = "log evidence log p(x) (exact)";
        evidence.LinePattern = ScottPlot.LinePattern.Dashed;
        evidence.Color = ScottPlot.Colors.Red;
        plt.Title(title);
        plt.XLabel("Adam step");
        plt.YLabel("ELBO (nats)");
        plt.ShowLegend(ScottPlot.Alignment.LowerRight);
        plt.SavePng(path, 800, 500);
    }

    /// <summary>The exact posterior density and the fitted q on one axis.</summary>
    public static void Densities(double[] xs, double[] exact, double[] fitted, string title, string xLabel, string path)
    {
        var plt = new ScottPlot.Plot();
        var e = plt.Add.ScatterLine(xs, exact);
        e.LegendText = "exact posterior";
        e.LineWidth = 4;
        e.Color = ScottPlot.Colors.Red.WithAlpha(0.5);
        var f = plt.Add.ScatterLine(xs, fitted);
        f.LegendText = "fitted q";
        f.LineWidth = 2;
        f.LinePattern = ScottPlot.LinePattern.Dashed;
        f.Color = ScottPlot.Colors.Blue;
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel("density");
        plt.ShowLegend(ScottPlot.Alignment.UpperRight);
        plt.SavePng(path, 800, 500);
    }
}
