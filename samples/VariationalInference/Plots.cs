using System;
using System.Globalization;
using System.Linq;

namespace VariationalInference;

/// <summary>The two pictures each fit draws: its ELBO curve, and the fitted density over the exact one.</summary>
internal static class Plots
{
    /// <summary>
    /// The per-step ELBO estimates (faint), a running average, and the log evidence log p(x), which the ELBO
    /// reaches exactly when q equals the posterior. The step axis is logarithmic: early progress and the final
    /// approach to the ceiling both stay visible. <paramref name="ceilingLabel"/> replaces the legend of the dashed line
    /// when the ceiling is not the log evidence; <paramref name="yMin"/>, when given, cuts off the first steps' far lower values.
    /// </summary>
    public static void Elbo(double[] elbo, double logEvidence, string title, string path, string? ceilingLabel = null, double? yMin = null)
    {
        var logSteps = Enumerable.Range(1, elbo.Length).Select(i => Math.Log10(i)).ToArray();

        // Running average over the last quarter of the steps taken so far: detail early, smooth late.
        var prefix = new double[elbo.Length + 1];
        for (var i = 0; i < elbo.Length; i++)
        {
            prefix[i + 1] = prefix[i] + elbo[i];
        }

        var smooth = new double[elbo.Length];
        for (var i = 0; i < elbo.Length; i++)
        {
            var window = Math.Max(1, (i + 1) / 4);
            smooth[i] = (prefix[i + 1] - prefix[i + 1 - window]) / window;
        }

        var plt = new ScottPlot.Plot();
        var raw = plt.Add.ScatterLine(logSteps, elbo);
        raw.LegendText = "ELBO estimate per step";
        raw.Color = ScottPlot.Colors.Gray.WithAlpha(0.4);
        var avg = plt.Add.ScatterLine(logSteps, smooth);
        avg.LegendText = "running average (last 25% of steps)";
        avg.LineWidth = 2;
        avg.Color = ScottPlot.Colors.Blue;
        var evidence = plt.Add.HorizontalLine(logEvidence);
        evidence.LegendText = ceilingLabel ?? $"log evidence log p(x) = {logEvidence:F3} (exact)";
        evidence.LinePattern = ScottPlot.LinePattern.Dashed;
        evidence.Color = ScottPlot.Colors.Red;
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = x => Math.Pow(10, x).ToString("N0", CultureInfo.InvariantCulture),
        };
        if (yMin is { } bottom)
        {
            plt.Axes.SetLimitsY(bottom, logEvidence + (0.1 * (logEvidence - bottom)));
        }

        plt.Title(title);
        plt.XLabel("Adam step (log scale)");
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

    /// <summary>Fitted values against exact ones, one point each, over the line y = x.</summary>
    public static void Agreement(double[] exact, double[] fitted, string title, string xLabel, string yLabel, string path)
    {
        var plt = new ScottPlot.Plot();
        var low = Math.Min(exact.Min(), fitted.Min());
        var high = Math.Max(exact.Max(), fitted.Max());
        var diagonal = plt.Add.Line(low, low, high, high);
        diagonal.LegendText = "fitted = exact";
        diagonal.LineWidth = 1;
        diagonal.LinePattern = ScottPlot.LinePattern.Dashed;
        diagonal.Color = ScottPlot.Colors.Red;
        var points = plt.Add.ScatterPoints(exact, fitted);
        points.LegendText = "one weight";
        points.Color = ScottPlot.Colors.Blue;
        points.MarkerSize = 5;
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plt.SavePng(path, 800, 500);
    }

    /// <summary>Each coordinate's marginal, Beta(αᵢ, Σα − αᵢ): exact (wide, faint) and fitted (dashed), same colour.</summary>
    public static void Marginals(double[] fitted, double[] exact, string title, string path)
    {
        var xs = Enumerable.Range(1, 399).Select(i => i / 400.0).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        var plt = new ScottPlot.Plot();
        for (var i = 0; i < exact.Length; i++)
        {
            var color = palette.GetColor(i);
            var (a, b) = (exact[i], exact.Sum() - exact[i]);
            var e = plt.Add.ScatterLine(xs, xs.Select(x => Math.Exp(ReparamGen.Distributions.Beta.LogDensity(x, a, b))).ToArray());
            e.LegendText = $"θ{i + 1} exact";
            e.LineWidth = 5;
            e.Color = color.WithAlpha(0.4);
            var (fa, fb) = (fitted[i], fitted.Sum() - fitted[i]);
            var f = plt.Add.ScatterLine(xs, xs.Select(x => Math.Exp(ReparamGen.Distributions.Beta.LogDensity(x, fa, fb))).ToArray());
            f.LegendText = $"θ{i + 1} fitted q";
            f.LineWidth = 2;
            f.LinePattern = ScottPlot.LinePattern.Dashed;
            f.Color = color;
        }

        plt.Title(title);
        plt.XLabel("face probability θᵢ");
        plt.YLabel("density");
        plt.ShowLegend(ScottPlot.Alignment.UpperRight);
        plt.SavePng(path, 800, 500);
    }
}
