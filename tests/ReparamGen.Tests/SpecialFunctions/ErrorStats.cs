using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>Relative errors against reference values, with the worst point remembered for the failure message.</summary>
internal sealed class ErrorStats
{
    private readonly List<double> _errors = new();

    public ErrorStats(string label) => Label = label;

    public string Label { get; }

    public int Count => _errors.Count;

    public double Worst { get; private set; }

    public string WorstAt { get; private set; } = "";

    public int NonFinite { get; private set; }

    public double Median
    {
        get
        {
            if (_errors.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _errors.OrderBy(e => e).ToList();
            var n = sorted.Count;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }
    }

    /// <summary>|computed/expected − 1|; a non-finite computed value for a finite reference counts as error +∞.</summary>
    public static double Relative(double computed, double expected)
    {
        if (computed == expected)
        {
            return 0; // includes matching infinities
        }

        if (expected == 0)
        {
            return computed == 0 ? 0 : double.PositiveInfinity;
        }

        var e = Math.Abs(computed / expected - 1.0);
        return double.IsNaN(e) ? double.PositiveInfinity : e;
    }

    public void Add(double computed, double expected, string where)
    {
        var e = Relative(computed, expected);
        if (double.IsInfinity(e))
        {
            NonFinite++;
        }

        _errors.Add(e);
        if (e > Worst || _errors.Count == 1)
        {
            Worst = e;
            WorstAt = where + string.Format(CultureInfo.InvariantCulture, " (computed {0:R}, expected {1:R})", computed, expected);
        }
    }

    /// <summary>Adds <c>|computed − expected|/scale</c>: the error relative to a stated scale instead of the value itself.</summary>
    public void AddScaled(double computed, double expected, double scale, string where)
    {
        var e = computed == expected ? 0 : Math.Abs(computed - expected) / scale;
        if (double.IsNaN(e) || double.IsInfinity(e))
        {
            e = double.PositiveInfinity;
            NonFinite++;
        }

        _errors.Add(e);
        if (e > Worst || _errors.Count == 1)
        {
            Worst = e;
            WorstAt = where + string.Format(CultureInfo.InvariantCulture, " (computed {0:R}, expected {1:R})", computed, expected);
        }
    }

    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture, "{0}: n = {1}, median {2:0.0e+00}, worst {3:0.0e+00} at {4}", Label, Count, Median, Worst, WorstAt);
}
