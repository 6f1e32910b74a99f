using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The gamma distribution Gamma(shape α, rate β), density <c>βᵅ zᵅ⁻¹ e^(−βz) / Γ(α)</c>.
/// </summary>
/// <remarks>
/// Sampling: Marsaglia and Tsang (2000), "A simple method for generating gamma variables", with the
/// <c>α &lt; 1</c> boost <c>G(α) = G(α + 1)·U^(1/α)</c> formed in log space. Gradients: the standard draw
/// <c>y ~ Gamma(α, 1)</c> is an [ImplicitReparam] sampler, <c>∂α y = −∂αP(α, y)/q(y; α)</c> (Figurnov et al.
/// 2018), generated from its log-CDF and log-density; the rate enters explicitly through <c>z = y/β</c>.
/// </remarks>
public static partial class Gamma
{
    /// <summary>A draw from Gamma(shape, rate).</summary>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="rate">Rate β &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample, positive.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive (NaN propagates).</exception>
    [Reparameterizable]
    public static double Sample(double shape, double rate, Random rng)
    {
        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        return StandardSample(shape, rng) / rate;
    }

    /// <summary>
    /// The gradient of a Gamma(shape, rate) sample at a given value, no sampling: the shape through the implicit
    /// gradient of the standard draw <c>y = rate·z</c> (<see cref="ImplicitDerivatives.GammaShape(double, double)"/>), the
    /// rate explicitly, <c>∂z/∂shape = (∂y/∂shape)/rate</c> and <c>∂z/∂rate = −z/rate</c>.
    /// </summary>
    /// <param name="z">A sample, z ≥ 0.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="rate">Rate β &gt; 0.</param>
    /// <returns>The sample and its partial derivatives.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive, or z is negative (NaN propagates).</exception>
    public static SampleGradient SampleGradientAt(double z, double shape, double rate)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        if (z < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "A Gamma sample is non-negative.");
        }

        GradientCore(z, shape, rate, out var dShape, out var dRate);
        return new SampleGradient(z, dShape, dRate);
    }

    // ∂z/∂shape and ∂z/∂rate at a checked sample (NaN passes through): shared by the scalar and the span members,
    // so that they agree bit for bit.
    private static void GradientCore(double z, double shape, double rate, out double dShape, out double dRate)
    {
        dShape = ImplicitDerivatives.GammaShape(rate * z, shape) / rate;
        dRate = -z / rate;
    }

    /// <summary>
    /// A draw from Gamma(shape, 1) by Marsaglia–Tsang. A draw below the smallest positive double (possible
    /// for tiny shapes) is returned as <see cref="double.Epsilon"/>, so that its gradient stays finite.
    /// </summary>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <returns>The sample, positive.</returns>
    [ImplicitReparam(LogCdf = nameof(StandardLogCdf), LogPdf = nameof(StandardLogDensity))]
    public static double StandardSample(double shape, Random rng)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
            return double.NaN;
        }

        if (shape >= 1)
        {
            return MarsagliaTsang(shape, rng);
        }

        // Boost: log G(α) = log G(α + 1) + log(U)/α, kept in log space until the end.
        var logSample = Math.Log(MarsagliaTsang(shape + 1, rng)) + (Math.Log(StandardNoise.Uniform(rng)) / shape);
        return Math.Max(Math.Exp(logSample), double.Epsilon);
    }

    /// <summary>
    /// log P(α, z), the log of the regularized lower incomplete gamma function: the log-CDF of Gamma(α, 1).
    /// Where P underflows (tiny z), it is formed in log space from the series
    /// <c>P = zᵅe⁻ᶻ/Γ(α+1)·Σₖ zᵏ/((α+1)…(α+k))</c> (DLMF 8.7.1), whose derivative the generator takes
    /// with a stopping test on every tangent.
    /// </summary>
    /// <param name="z">The point, z ≥ 0.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    [Differentiable]
    public static double StandardLogCdf(double z, double shape)
    {
        var p = SpecialFunctions.RegularizedGammaP(shape, z);
        if (p > 1e-280 || z >= shape + 1)
        {
            return Math.Log(p);
        }

        return (shape * Math.Log(z)) - z - SpecialFunctions.LogGamma(shape + 1) + Math.Log(LowerSeries(z, shape));
    }

    /// <summary>Σₖ zᵏ/((α+1)…(α+k)), the series of DLMF 8.7.1 (z &lt; α + 1, so its terms shrink geometrically).</summary>
    /// <param name="z">The point, 0 ≤ z &lt; α + 1.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    [Differentiable]
    internal static double LowerSeries(double z, double shape)
    {
        var sum = 1.0;
        var term = 1.0;
        for (var k = 1; k < 100000; k++)
        {
            term *= z / (shape + k);
            sum += term;
            if (Convergence.Reached(term, sum, 1e-17))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>log q(z; α) = (α − 1) log z − z − log Γ(α), the log-density of Gamma(α, 1).</summary>
    /// <param name="z">The point, z &gt; 0.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    public static double StandardLogDensity(double z, double shape) => ((shape - 1) * Math.Log(z)) - z - SpecialFunctions.LogGamma(shape);

    /// <summary>The log-density of Gamma(shape, rate) at <paramref name="x"/>; −∞ for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="rate">Rate β &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(double x, double shape, double rate)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        if (x <= 0)
        {
            return double.NegativeInfinity;
        }

        return (shape * Math.Log(rate)) + ((shape - 1) * Math.Log(x)) - (rate * x) - SpecialFunctions.LogGamma(shape);
    }

    /// <summary>The CDF P(α, βx) of Gamma(shape, rate).</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="rate">Rate β &gt; 0.</param>
    [Differentiable]
    public static double Cdf(double x, double shape, double rate)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(rate > 0))
        {
            Guard.ThrowNotPositive(nameof(rate), rate);
        }

        return x <= 0 ? 0 : SpecialFunctions.RegularizedGammaP(shape, rate * x);
    }

    private static double MarsagliaTsang(double shape, Random rng)
    {
        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNoise.Normal(rng);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = StandardNoise.Uniform(rng);
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
