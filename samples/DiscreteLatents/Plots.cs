using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace DiscreteLatents;

/// <summary>The three figures of the sample.</summary>
public static class Plots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Total gradient variance against temperature (log-log), the score-function estimators as horizontal lines.</summary>
    public static string Variance(IReadOnlyList<EstimatorStats> stats, string directory)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colorIndex = 0;
        foreach (var kind in new[] { EstimatorKind.GumbelSoftmax, EstimatorKind.StraightThrough })
        {
            var rows = stats.Where(s => s.Estimator.Kind == kind).OrderBy(s => s.Estimator.Temperature).ToArray();
            var line = plot.Add.Scatter(LogAxes.Log10(rows.Select(s => s.Estimator.Temperature).ToArray()), LogAxes.Log10(rows.Select(s => s.TotalVariance).ToArray()));
            line.LegendText = kind == EstimatorKind.GumbelSoftmax ? "Gumbel-Softmax (relaxed)" : "Straight-through";
            line.Color = palette.GetColor(colorIndex++);
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        foreach (var s in stats.Where(s => s.Estimator.Kind is EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut))
        {
            var reference = plot.Add.HorizontalLine(Math.Log10(s.TotalVariance));
            reference.LegendText = s.Estimator.Name;
            reference.Color = palette.GetColor(colorIndex++);
            reference.LineWidth = 2;
            reference.LinePattern = LinePattern.Dashed;
        }

        LogAxes.Apply(plot.Axes.Bottom);
        LogAxes.Apply(plot.Axes.Left);
        plot.Title("Gradient variance of ∂E[f(z)]/∂θ at θ₀ (4 draws per estimate)");
        plot.XLabel("temperature τ");
        plot.YLabel("total variance  E‖ĝ − E ĝ‖²");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, directory, "gradient-variance.png");
    }

    /// <summary>Relative bias of the relaxed estimators against temperature (log-log), with the Monte Carlo resolution.</summary>
    public static string Bias(IReadOnlyList<EstimatorStats> stats, string directory)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colorIndex = 0;
        foreach (var kind in new[] { EstimatorKind.GumbelSoftmax, EstimatorKind.StraightThrough })
        {
            var rows = stats.Where(s => s.Estimator.Kind == kind).OrderBy(s => s.Estimator.Temperature).ToArray();
            var tau = LogAxes.Log10(rows.Select(s => s.Estimator.Temperature).ToArray());
            var line = plot.Add.Scatter(tau, LogAxes.Log10(rows.Select(s => s.RelativeBias).ToArray()));
            line.LegendText = kind == EstimatorKind.GumbelSoftmax ? "Gumbel-Softmax (relaxed)" : "Straight-through";
            line.Color = palette.GetColor(colorIndex++);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (kind == EstimatorKind.GumbelSoftmax)
            {
                var floor = plot.Add.Scatter(tau, LogAxes.Log10(rows.Select(s => s.RelativeNoiseFloor).ToArray()));
                floor.LegendText = "Monte Carlo resolution (Gumbel-Softmax)";
                floor.Color = Colors.Gray;
                floor.LinePattern = LinePattern.Dotted;
                floor.MarkerSize = 0;
            }
        }

LogAxes.Apply(plot.Axes.Bottom);
        LogAxes.Apply(plot.Axes.Left);
        plot.Title("Bias of the relaxed gradients at θ₀ (REINFORCE: unbiased)");
        plot.XLabel("temperature τ");
        plot.YLabel("relative bias  ‖E ĝ − ∇E[f(z)]‖ / ‖∇E[f(z)]‖");
        plot.ShowLegend(Alignment.LowerLeft);
        return Save(plot, directory, "relaxed-bias.png");
    }

    /// <summary>Excess loss of the averaged iterate during SGD (log-log), one line per estimator, and the tolerances.</summary>
    public static string Training(IReadOnlyList<Training.Run> runs, IReadOnlyDictionary<Estimator, double> tolerances, string directory)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colorIndex = 0;
        foreach (var run in runs)
        {
            var color = palette.GetColor(colorIndex++);
            var steps = LogSpacedSteps(run.AveragedExcessLoss.Length - 1, 200);
            var line = plot.Add.Scatter(LogAxes.Log10(steps.Select(t => (double)t).ToArray()), LogAxes.Log10(steps.Select(t => run.AveragedExcessLoss[t]).ToArray()));
            line.LegendText = run.Estimator.Name;
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            if (tolerances.TryGetValue(run.Estimator, out var tolerance))
            {
                var limit = plot.Add.HorizontalLine(Math.Log10(tolerance));
                limit.LegendText = "tolerance, " + run.Estimator.Name;
                limit.Color = color;
                limit.LineWidth = 1;
                limit.LinePattern = LinePattern.Dashed;
            }
        }

        LogAxes.Apply(plot.Axes.Bottom);
        LogAxes.Apply(plot.Axes.Left);
        plot.Title("SGD on L(θ) = E[f(z)] − βH: excess loss over the known optimum L*");
        plot.XLabel("step t");
        plot.YLabel("L(θ̄ₜ) − L*,  θ̄ₜ = mean of iterates t/2…t");
        plot.ShowLegend(Alignment.LowerLeft);
        return Save(plot, directory, "training-loss.png");
    }

    private static int[] LogSpacedSteps(int last, int count)
        => Enumerable.Range(0, count)
            .Select(i => (int)Math.Round(Math.Pow(last, i / (count - 1.0))))
            .Distinct()
            .ToArray();

    private static string Save(Plot plot, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
