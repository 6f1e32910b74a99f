using System;
using System.Globalization;
using System.Linq;
using ReparamGen.Distributions;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// The switch points of the Gamma shape gradient's routes (SpecialFunctions.GammaShapeRoute): shapes on both sides of 7
/// (Temme's expansion from there), 20 and 60 (fewer Cₖ above), samples on both sides of the η-band edges (fewer Taylor
/// terms inside |η| = 0.3 and 0.6; the series or the continued fraction beyond |η| = 1), and the series' bins in
/// ⌊log₂ z⌋, which only group the lanes. Oracle: gamma_temme_bands.csv (mpmath, tools/reference-data/special_functions.py --only gamma_temme_bands).
/// </summary>
public sealed class GammaShapeRouteTests
{
    // The expansion itself is within 1.0e-14 of mpmath at α = 7 (temme_gamma.py --check; its asymptotic truncation), the
    // dropped coefficients weigh below 3e-17 in every band (temme_gamma.py --bands), and rounding in η (the difference
    // t − log λ loses up to a factor 8 for |t| > ¼) and in the bracket adds a few times 1e-15: 5e-14 bounds all of it.
    // (Far tighter than the product's 1e-10, so that a truncation one tier too short shows: by the same weights, 12 Cₖ
    // at α = 7 and |η| = 1 drop up to 5e-12, Taylor order 14 at |η| = 0.6 up to 3e-13.)
    private const double TemmeBar = 5e-14;

    private readonly ITestOutputHelper _output;

    public GammaShapeRouteTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_reference_points_straddle_every_switch()
    {
        var (shape, z, _) = Load();
        var routes = shape.Select((a, i) => SpecialFunctions.GammaShapeRoute(z[i], a)).ToHashSet();

        // All nine Temme routes and the continued fraction (beyond |η| = 1 above α + 1), and the series (below).
        for (var route = SpecialFunctions.GammaRouteTemmeFirst; route < SpecialFunctions.GammaRouteCount; route++)
        {
            Assert.Contains(route, routes);
        }

        Assert.Contains(routes, r => r >= SpecialFunctions.GammaRouteSeries && r < SpecialFunctions.GammaRouteTemmeFirst);

        // Each pair of samples 1e-9 apart around an η edge lands on two different routes.
        for (var i = 0; i + 1 < z.Length; i++)
        {
            if (shape[i] == shape[i + 1] && shape[i] >= 7 && Math.Abs(z[i + 1] / z[i] - 1) < 1e-8)
            {
                Assert.NotEqual(SpecialFunctions.GammaShapeRoute(z[i], shape[i]), SpecialFunctions.GammaShapeRoute(z[i + 1], shape[i + 1]));
            }
        }
    }

    [Fact]
    public void Scalar_gradient_is_within_the_Temme_bar_at_every_switch()
    {
        var (shape, z, exact) = Load();
        var stats = new ErrorStats("Gamma dz/dshape at the route switches");
        for (var i = 0; i < z.Length; i++)
        {
            stats.Add(ImplicitDerivatives.GammaShape(z[i], shape[i]), exact[i], string.Create(CultureInfo.InvariantCulture, $"shape={shape[i]:R}, z={z[i]:R}"));
        }

        _output.WriteLine(stats.ToString());
        Assert.Equal(0, stats.NonFinite);
        Assert.True(stats.Worst <= TemmeBar, stats.ToString());
    }

    [Fact]
    public void Span_gradient_is_the_scalar_gradient_bit_for_bit_at_every_switch_in_any_batch()
    {
        var (shape, z, _) = Load();

        // Add the series bins' edges, 2ᵏ and its neighbours, for shapes from 0.1 to 7.
        var extraZ = new System.Collections.Generic.List<double>();
        var extraShape = new System.Collections.Generic.List<double>();
        foreach (var a in new[] { 0.1, 0.7, 2.5, 6.9 })
        {
            for (var k = -4; k <= 4; k++)
            {
                var edge = Math.ScaleB(1.0, k);
                foreach (var v in new[] { Math.BitDecrement(edge), edge, Math.BitIncrement(edge) })
                {
                    extraZ.Add(v);
                    extraShape.Add(a);
                }
            }
        }

        // And the tiny samples (down to 5e-324), where the series takes log z − log w and flushes its terms.
        var tiny = ReferenceCsv.Load("gamma_tiny.csv");
        int cTinyA = tiny.Column("shape"), cTinyZ = tiny.Column("z");
        extraZ.AddRange(tiny.Rows.Select(r => r[cTinyZ]));
        extraShape.AddRange(tiny.Rows.Select(r => r[cTinyA]));

        var allZ = z.Concat(extraZ).ToArray();
        var allShape = shape.Concat(extraShape).ToArray();
        var scalar = allZ.Select((v, i) => ImplicitDerivatives.GammaShape(v, allShape[i])).ToArray();

        // Whole, shuffled among other elements, and one element per call: the same bits.
        var whole = Span(allZ, allShape);
        var rng = new Random(3);
        var order = Enumerable.Range(0, allZ.Length).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = Span(order.Select(i => allZ[i]).ToArray(), order.Select(i => allShape[i]).ToArray());
        for (var i = 0; i < allZ.Length; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"shape={allShape[i]:R}, z={allZ[i]:R}");
            Assert.True(BitConverter.DoubleToInt64Bits(scalar[i]) == BitConverter.DoubleToInt64Bits(whole[i]), at + " (whole batch)");
            Assert.True(BitConverter.DoubleToInt64Bits(scalar[order[i]]) == BitConverter.DoubleToInt64Bits(shuffled[i]), at + " (shuffled)");
            Assert.True(BitConverter.DoubleToInt64Bits(scalar[i]) == BitConverter.DoubleToInt64Bits(Span(new[] { allZ[i] }, new[] { allShape[i] })[0]), at + " (alone)");
        }
    }

    private static double[] Span(double[] z, double[] shape)
    {
        var dShape = new double[z.Length];
        Gamma.SampleGradientAt(z, shape, new[] { 1.0 }, dShape, new double[z.Length]);
        return dShape;
    }

    private static (double[] Shape, double[] Z, double[] Exact) Load()
    {
        var csv = ReferenceCsv.Load("gamma_temme_bands.csv");
        int cA = csv.Column("shape"), cZ = csv.Column("z"), cD = csv.Column("dz_dshape");
        return (csv.Rows.Select(r => r[cA]).ToArray(), csv.Rows.Select(r => r[cZ]).ToArray(), csv.Rows.Select(r => r[cD]).ToArray());
    }
}
