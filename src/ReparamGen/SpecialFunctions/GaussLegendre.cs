using System;

namespace ReparamGen;

/// <summary>
/// The 20-point Gauss–Legendre rule on [−1, 1] (DLMF 3.5.19), exact for polynomials of degree 39. Nodes are the roots
/// of P₂₀ found by Newton's method from Tricomi's estimate cos(π(i − ¼)/(n + ½)) with the three-term recurrence
/// (A&amp;S 22.7.10); weights 2/((1 − xᵢ²)P'₂₀(xᵢ)²) (A&amp;S 25.4.29). Accurate to a few ulp.
/// </summary>
internal static class GaussLegendre
{
    private const int Order = 20;

    /// <summary>Nodes on [−1, 1], ascending.</summary>
    internal static readonly double[] Nodes;

    /// <summary>Weights matching <see cref="Nodes"/>.</summary>
    internal static readonly double[] Weights;

#pragma warning disable CA1810 // the two tables are computed together
    static GaussLegendre()
#pragma warning restore CA1810
    {
        Nodes = new double[Order];
        Weights = new double[Order];
        for (var i = 0; i < (Order + 1) / 2; i++)
        {
            var x = Math.Cos(Math.PI * (i + 0.75) / (Order + 0.5));
            double derivative = 0;
            for (var iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = x;
                for (var k = 2; k <= Order; k++)
                {
                    var p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }

                derivative = Order * (x * p1 - p0) / (x * x - 1.0);
                var step = p1 / derivative;
                x -= step;
                if (Math.Abs(step) <= 1e-16)
                {
                    break;
                }
            }

            var weight = 2.0 / ((1.0 - x * x) * derivative * derivative);
            Nodes[i] = -x;
            Nodes[Order - 1 - i] = x;
            Weights[i] = weight;
            Weights[Order - 1 - i] = weight;
        }
    }
}
