using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Globalization;
using ReparamGen.Distributions;

namespace ReparamGen.Benchmarks;

/// <summary>
/// <c>--gamma-routes [repeats]</c>: the Gamma shape gradient (<see cref="ImplicitDerivatives.GammaShape(double, double)"/>)
/// on the side-by-side workload (2¹⁸ shapes log-uniform on [0.1, 100], one Gamma(α, 1) draw each), split by the region
/// that decides its route for α &lt; 7: z &lt; α + 1 (series), α + 1 ≤ z &lt; 1.6 + 1.85α (series since the hand-over moved;
/// continued fraction before), beyond (continued fraction), and α ≥ 7 (Temme, in the three shape bands of its truncation;
/// samples with |η| &gt; 1 take the series or the continued fraction). One JSON line per region with the minimum nanoseconds
/// per element over the repeats, one scalar call per element and one span call (<see cref="Gamma.SampleGradientAt(System.ReadOnlySpan{double}, System.ReadOnlySpan{double}, System.ReadOnlySpan{double}, System.Span{double}, System.Span{double})"/>)
/// for the whole region, and the region's share of the workload.
/// </summary>
public static class GammaRoutes
{
    public static void Run(int repeats)
    {
        const int N = 1 << 18;
        var rng = new Random(2);
        var regions = new Dictionary<string, List<(double Z, double A)>>
        {
            ["series_below_a_plus_1"] = new(),
            ["handover_moved_to_series"] = new(),
            ["continued_fraction"] = new(),
            ["temme_below_20"] = new(),
            ["temme_20_to_60"] = new(),
            ["temme_from_60"] = new(),
            ["all"] = new(),
        };
        for (var i = 0; i < N; i++)
        {
            var a = 0.1 * Math.Pow(1000.0, rng.NextDouble());
            var z = Gamma.StandardSample(a, rng);
            var key = a >= 60 ? "temme_from_60" : a >= 20 ? "temme_20_to_60" : a >= 7 ? "temme_below_20" : z < a + 1 ? "series_below_a_plus_1" : z < 1.6 + (1.85 * a) ? "handover_moved_to_series" : "continued_fraction";
            regions[key].Add((z, a));
            regions["all"].Add((z, a));
        }

        foreach (var (name, points) in regions)
        {
            var z = points.ConvertAll(p => p.Z).ToArray();
            var shape = points.ConvertAll(p => p.A).ToArray();
            var rate = new[] { 1.0 };
            var dShape = new double[z.Length];
            var dRate = new double[z.Length];
            var best = double.MaxValue;
            var bestSpan = double.MaxValue;
            var sink = 0.0;
            for (var r = 0; r < repeats + 2; r++)
            {
                var start = Stopwatch.GetTimestamp();
                foreach (var (zi, a) in points)
                {
                    sink += ImplicitDerivatives.GammaShape(zi, a);
                }

                var ns = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / points.Count;
                best = r >= 2 ? Math.Min(best, ns) : best; // two warm-up passes
                start = Stopwatch.GetTimestamp();
                Gamma.SampleGradientAt(z, shape, rate, dShape, dRate);
                ns = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / points.Count;
                bestSpan = r >= 2 ? Math.Min(bestSpan, ns) : bestSpan;
                sink += dShape[0];
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"case\":\"gamma_route\",\"region\":\"{name}\",\"share\":{(double)points.Count / N:F3},\"ns_per_element_min\":{best:F1},\"span_ns_per_element_min\":{bestSpan:F1},\"checksum\":{sink:G6}}}"));
        }
    }
}
