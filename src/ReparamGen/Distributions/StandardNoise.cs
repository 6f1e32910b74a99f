using System;

namespace ReparamGen.Distributions;

/// <summary>
/// Base noise ε for the distributions' <c>FromNoise</c> forms, drawn from a <see cref="Random"/> with safe
/// tails: every draw is finite, uniforms never hit 0 or 1, so no <c>log(0)</c> anywhere downstream.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Uniform(Random)"/>: <c>k·2⁻⁵³</c> for 53 random bits <c>k ≠ 0</c>, in the open interval
/// (0, 1); <c>1 − u</c> is exact too, so <c>log(u)</c> and <c>log(1 − u)</c> are both finite
/// (|·| ≤ 36.8).</item>
/// <item><see cref="Normal(Random)"/>: the ziggurat method of Marsaglia and Tsang, "The Ziggurat Method for
/// Generating Random Variables", J. Statistical Software 5(8), 2000, with 128 layers and the
/// corrections of Doornik, "An Improved Ziggurat Method to Generate Normal Random Samples", 2005 (the
/// layer index and the uniform come from disjoint random bits; the tail by Marsaglia's 1964 method).
/// The layer constants were solved to 20 digits with mpmath (tools/reference-data/ziggurat_constants.py).</item>
/// <item><see cref="Exponential(Random)"/> <c>= −log u</c>, <see cref="Logistic(Random)"/>
/// <c>= log(u/(1 − u))</c>, <see cref="Gumbel(Random)"/> <c>= −log(−log u)</c>: inversion of one uniform.</item>
/// </list>
/// The identities <c>D.Sample(λ, rng) ≡ D.FromNoise(λ, StandardNoise.Uniform(rng))</c> (or
/// <c>StandardNoise.Normal(rng)</c> for <see cref="ReparamGen.Distributions.Normal"/> and
/// <see cref="LogNormal"/>) are part of the contract: the same seed gives the same noise.
/// </remarks>
public static class StandardNoise
{
    private const double TwoPowMinus53 = 1.0 / 9007199254740992.0; // 2⁻⁵³
    private const double TwoPowMinus52 = 1.0 / 4503599627370496.0; // 2⁻⁵²

    private const int Layers = 128;

    // Marsaglia–Tsang constants for 128 layers under f(x) = exp(−x²/2): the base strip starts at R and
    // every layer has area V (solved with mpmath; the published 3.442619855899, 9.91256303526217e-3 agree).
    private const double R = 3.4426198558966521214;
    private const double V = 0.0099125630353364610791;

    // X[0] = V/f(R) (width of a rectangle with the base strip's area), X[1] = R, …, X[128] = 0.
    private static readonly double[] X = LayerEdges();

    // Ratio[i] = X[i + 1]/X[i]: |u| below it lies inside the curve whatever the height in layer i.
    private static readonly double[] Ratio = LayerRatios(X);

    /// <summary>A uniform draw from the open interval (0, 1): <c>k·2⁻⁵³</c>, <c>k</c> 53 random bits, <c>k ≠ 0</c>.</summary>
    /// <param name="rng">The source of random bits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    public static double Uniform(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        while (true)
        {
            // NextInt64 gives 63 random bits; keep the top 53.
            var k = rng.NextInt64() >> 10;
            if (k != 0)
            {
                return k * TwoPowMinus53;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> with independent <see cref="Uniform(Random)"/> draws, in order.</summary>
    /// <param name="rng">The source of random bits.</param>
    /// <param name="destination">Receives the draws.</param>
    public static void Uniform(Random rng, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Uniform(rng);
        }
    }

    /// <summary>A standard normal draw N(0, 1) by the ziggurat method (see the class remarks).</summary>
    /// <param name="rng">The source of random bits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    public static double Normal(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        while (true)
        {
            var bits = rng.NextInt64();
            var layer = (int)(bits & (Layers - 1));

            // The top 53 bits give u = k·2⁻⁵² − 1 in [−1, 1); they are disjoint from the 7 layer bits.
            var u = (bits >> 10) * TwoPowMinus52 - 1.0;
            if (Math.Abs(u) < Ratio[layer])
            {
                return u * X[layer];
            }

            if (layer == 0)
            {
                return Tail(rng, u < 0);
            }

            // The wedge: accept (x, y) with y uniform between f(X[i]) and f(X[i+1]) when y < f(x).
            var x = u * X[layer];
            var f0 = Math.Exp(-0.5 * (X[layer] * X[layer] - x * x));
            var f1 = Math.Exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
            if (f1 + Uniform(rng) * (f0 - f1) < 1.0)
            {
                return x;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> with independent <see cref="Normal(Random)"/> draws, in order.</summary>
    /// <param name="rng">The source of random bits.</param>
    /// <param name="destination">Receives the draws.</param>
    public static void Normal(Random rng, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Normal(rng);
        }
    }

    /// <summary>A standard exponential draw Exp(1): <c>−log u</c>, in [1.1e-16, 36.8].</summary>
    /// <param name="rng">The source of random bits.</param>
    public static double Exponential(Random rng) => -Math.Log(Uniform(rng));

    /// <summary>A standard logistic draw: <c>log(u/(1 − u))</c>, in [−36.8, 36.8].</summary>
    /// <param name="rng">The source of random bits.</param>
    public static double Logistic(Random rng)
    {
        var u = Uniform(rng);
        return Math.Log(u) - Math.Log(1.0 - u); // 1 − u is exact for u = k·2⁻⁵³
    }

    /// <summary>A standard Gumbel draw (location 0, scale 1): <c>−log(−log u)</c>, in [−3.61, 36.8].</summary>
    /// <param name="rng">The source of random bits.</param>
    public static double Gumbel(Random rng) => -Math.Log(-Math.Log(Uniform(rng)));

    /// <summary>Marsaglia's tail method beyond R: x = −log(u₁)/R, y = −log(u₂), accept when 2y ≥ x².</summary>
    private static double Tail(Random rng, bool negative)
    {
        while (true)
        {
            var x = -Math.Log(Uniform(rng)) / R;
            var y = -Math.Log(Uniform(rng));
            if (2.0 * y >= x * x)
            {
                return negative ? -(R + x) : R + x;
            }
        }
    }

    private static double[] LayerEdges()
    {
        var x = new double[Layers + 1];
        var f = Math.Exp(-0.5 * R * R);
        x[0] = V / f;
        x[1] = R;
        for (var i = 2; i < Layers; i++)
        {
            // Layer i − 1 spans heights f(x[i−1]) to f(x[i]) over width x[i−1], with area V.
            x[i] = Math.Sqrt(-2.0 * Math.Log(V / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }

        x[Layers] = 0.0;
        return x;
    }

    private static double[] LayerRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (var i = 0; i < Layers; i++)
        {
            ratio[i] = x[i + 1] / x[i];
        }

        return ratio;
    }
}
