using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;
using ReparamGen.Tests.SpecialFunctionsTests;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Implicit;

/// <summary>
/// The generated implicit gradients of the built-in distributions against mpmath's exact
/// <c>∂z/∂λ = −∂λF/q</c> at 50 digits (tools/reference-data/special_functions.py). The bar, relative error
/// ≤ 1e-10 over shapes 1e-3 … 1e4 (concentrations 1e-2 … 1e3) and quantiles 1e-8 … 1 − 1e-8, is the product's promise (docs/accuracy.md).
/// The tiny-sample grids check z down to the smallest subnormal: finite and accurate where the truth is.
/// </summary>
public sealed class ImplicitGradientAccuracyTests
{
    private const double Bar = 1e-10;

    // Below the normal range doubles are spaced 2⁻¹⁰⁷⁴ apart whatever their size, so a subnormal result
    // cannot be relatively accurate: there the bar is two such units of absolute error (a correctly rounded
    // value is within half of one).
    private const double SubnormalUnits = 2 * double.Epsilon;
    private readonly ITestOutputHelper output;

    public ImplicitGradientAccuracyTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Gamma_shape_gradient()
    {
        var csv = ReferenceCsv.Load("gamma_implicit.csv");
        int shape = csv.Column("shape"), z = csv.Column("z"), exact = csv.Column("dz_dshape");
        Report("Gamma ∂z/∂α", csv.Rows.Select(r => (Gamma.StandardSampleGradientAt(r[z], r[shape]).DShape, r[exact], $"α={r[shape]:R} z={r[z]:R}")));
    }

    [Fact]
    public void Gamma_shape_gradient_for_tiny_samples()
    {
        var csv = ReferenceCsv.Load("gamma_tiny.csv");
        int shape = csv.Column("shape"), z = csv.Column("z"), exact = csv.Column("dz_dshape");
        var points = csv.Rows.Select(r => (Gamma.StandardSampleGradientAt(r[z], r[shape]).DShape, r[exact], $"α={r[shape]:R} z={r[z]:R}")).ToList();
        Assert.All(points, p => Assert.True(double.IsFinite(p.Item1) && (p.Item1 != 0 || p.Item2 == 0), $"{p.Item3}: {p.Item1:R}"));
        Report("Gamma ∂z/∂α (tiny z)", points);
    }

    [Fact]
    public void Beta_gradients()
    {
        var csv = ReferenceCsv.Load("beta_implicit.csv");
        int a = csv.Column("a"), b = csv.Column("b"), z = csv.Column("z"), da = csv.Column("dz_da"), db = csv.Column("dz_db");
        var rows = csv.Rows;
        Report("Beta ∂z/∂a", rows.Select(r => (Beta.SampleGradientAt(r[z], r[a], r[b]).DA, r[da], $"a={r[a]:R} b={r[b]:R} z={r[z]:R}")));
        Report("Beta ∂z/∂b", rows.Select(r => (Beta.SampleGradientAt(r[z], r[a], r[b]).DB, r[db], $"a={r[a]:R} b={r[b]:R} z={r[z]:R}")));
    }

    [Fact]
    public void Beta_gradients_for_tiny_samples()
    {
        var csv = ReferenceCsv.Load("beta_tiny.csv");
        int a = csv.Column("a"), b = csv.Column("b"), z = csv.Column("z"), da = csv.Column("dz_da"), db = csv.Column("dz_db");
        Report("Beta ∂z/∂a (tiny z)", csv.Rows.Select(r => (Beta.SampleGradientAt(r[z], r[a], r[b]).DA, r[da], $"a={r[a]:R} b={r[b]:R} z={r[z]:R}")));
        Report("Beta ∂z/∂b (tiny z)", csv.Rows.Select(r => (Beta.SampleGradientAt(r[z], r[a], r[b]).DB, r[db], $"a={r[a]:R} b={r[b]:R} z={r[z]:R}")));
    }

    [Fact]
    public void VonMises_concentration_gradient()
    {
        var csv = ReferenceCsv.Load("vonmises_implicit.csv");
        int k = csv.Column("concentration"), z = csv.Column("z"), exact = csv.Column("dz_dconcentration");
        Report("VonMises ∂z/∂κ", csv.Rows.Select(r => (VonMises.SampleGradientAt(r[z], 0.0, r[k]).DConcentration, r[exact], $"κ={r[k]:R} z={r[z]:R}")));
        Assert.All(csv.Rows, r => Assert.Equal(1.0, VonMises.SampleGradientAt(r[z], 0.0, r[k]).DMean, 12));
    }

    private void Report(string what, IEnumerable<(double Actual, double Expected, string Where)> points)
    {
        var errors = points
            .Select(p => (Error: Math.Abs(p.Actual - p.Expected) <= SubnormalUnits ? 0 : p.Expected == 0 ? double.PositiveInfinity : Math.Abs(p.Actual - p.Expected) / Math.Abs(p.Expected), p.Where, p.Actual, p.Expected))
            .OrderBy(e => e.Error)
            .ToList();
        var worst = errors[^1];
        output.WriteLine($"{what}: {errors.Count} points, median {errors[errors.Count / 2].Error:E2}, worst {worst.Error:E2} ({worst.Where})");
        foreach (var e in errors.Where(e => !(e.Error <= Bar)).Take(8))
        {
            output.WriteLine($"  {e.Where}: generated {e.Actual:R}, exact {e.Expected:R}, rel {e.Error:E2}");
        }

        Assert.True(worst.Error <= Bar, $"{what}: worst relative error {worst.Error:E2} at {worst.Where} (generated {worst.Actual:R}, exact {worst.Expected:R})");
    }
}
