using System;

namespace ReparamGen.Distributions;

/// <summary>The inverse-gamma distribution: <c>z = scale / y</c> with <c>y ~ Gamma(shape, 1)</c>.</summary>
public static partial class InverseGamma
{
    /// <summary>A draw from InverseGamma(shape, scale); the shape gradient is Gamma's implicit one.</summary>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="scale">Scale β &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive (NaN propagates).</exception>
    [Reparameterizable]
    public static double Sample(double shape, double scale, Random rng)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        return scale / Gamma.StandardSample(shape, rng);
    }

    /// <summary>The log-density <c>α log β − log Γ(α) − (α + 1) log x − β/x</c>; −∞ for x ≤ 0.</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="scale">Scale β &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(double x, double shape, double scale)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        return x <= 0 ? double.NegativeInfinity : (shape * Math.Log(scale)) - SpecialFunctions.LogGamma(shape) - ((shape + 1) * Math.Log(x)) - (scale / x);
    }

    /// <summary>The CDF Q(α, β/x).</summary>
    /// <param name="x">The point.</param>
    /// <param name="shape">Shape α &gt; 0.</param>
    /// <param name="scale">Scale β &gt; 0.</param>
    [Differentiable]
    public static double Cdf(double x, double shape, double scale)
    {
        if (!(shape > 0))
        {
            Guard.ThrowNotPositive(nameof(shape), shape);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        return x <= 0 ? 0 : SpecialFunctions.RegularizedGammaQ(shape, scale / x);
    }
}

/// <summary>The chi-squared distribution with k degrees of freedom: <c>z = 2y</c>, <c>y ~ Gamma(k/2, 1)</c>.</summary>
public static partial class Chi2
{
    /// <summary>A draw from χ²(degreesOfFreedom); differentiable in the degrees of freedom through Gamma's implicit gradient.</summary>
    /// <param name="degreesOfFreedom">k &gt; 0 (need not be an integer).</param>
    /// <param name="rng">Source of randomness.</param>
    [Reparameterizable]
    public static double Sample(double degreesOfFreedom, Random rng) => 2 * Gamma.StandardSample(0.5 * degreesOfFreedom, rng);

    /// <summary>The log-density of χ²(k).</summary>
    /// <param name="x">The point.</param>
    /// <param name="degreesOfFreedom">k &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(double x, double degreesOfFreedom) => Gamma.LogDensity(x, 0.5 * degreesOfFreedom, 0.5);

    /// <summary>The CDF P(k/2, x/2).</summary>
    /// <param name="x">The point.</param>
    /// <param name="degreesOfFreedom">k &gt; 0.</param>
    [Differentiable]
    public static double Cdf(double x, double degreesOfFreedom) => Gamma.Cdf(x, 0.5 * degreesOfFreedom, 0.5);
}

/// <summary>
/// Student's t distribution: <c>z = location + scale·ε·√(ν / (2y))</c> with <c>ε ~ N(0, 1)</c> and
/// <c>y ~ Gamma(ν/2, 1)</c>; the degrees of freedom are differentiated through Gamma's implicit gradient.
/// </summary>
public static partial class StudentT
{
    /// <summary>A draw from StudentT(degreesOfFreedom, location, scale).</summary>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    /// <param name="location">Location.</param>
    /// <param name="scale">Scale &gt; 0.</param>
    /// <param name="rng">Source of randomness.</param>
    [Reparameterizable]
    public static double Sample(double degreesOfFreedom, double location, double scale, Random rng)
    {
        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var eps = StandardNoise.Normal(rng);
        var y = Gamma.StandardSample(0.5 * degreesOfFreedom, rng);
        return location + (scale * eps * Math.Sqrt(degreesOfFreedom / (2 * y)));
    }

    /// <summary>The log-density of StudentT(ν, location, scale).</summary>
    /// <param name="x">The point.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    /// <param name="location">Location.</param>
    /// <param name="scale">Scale &gt; 0.</param>
    [Differentiable]
    public static double LogDensity(double x, double degreesOfFreedom, double location, double scale)
    {
        if (!(degreesOfFreedom > 0))
        {
            Guard.ThrowNotPositive(nameof(degreesOfFreedom), degreesOfFreedom);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var t = (x - location) / scale;
        return SpecialFunctions.LogGamma(0.5 * (degreesOfFreedom + 1)) - SpecialFunctions.LogGamma(0.5 * degreesOfFreedom)
               - (0.5 * Math.Log(degreesOfFreedom * Math.PI)) - Math.Log(scale)
               - (0.5 * (degreesOfFreedom + 1) * SpecialFunctions.Log1p(t * t / degreesOfFreedom));
    }

    /// <summary>The CDF, <c>1 − I_{ν/(ν+t²)}(ν/2, 1/2)/2</c> for t ≥ 0 and its mirror below.</summary>
    /// <param name="x">The point.</param>
    /// <param name="degreesOfFreedom">ν &gt; 0.</param>
    /// <param name="location">Location.</param>
    /// <param name="scale">Scale &gt; 0.</param>
    [Differentiable]
    public static double Cdf(double x, double degreesOfFreedom, double location, double scale)
    {
        if (!(degreesOfFreedom > 0))
        {
            Guard.ThrowNotPositive(nameof(degreesOfFreedom), degreesOfFreedom);
        }

        if (!(scale > 0))
        {
            Guard.ThrowNotPositive(nameof(scale), scale);
        }

        var t = (x - location) / scale;
        var tail = 0.5 * SpecialFunctions.RegularizedBeta(0.5 * degreesOfFreedom, 0.5, degreesOfFreedom / (degreesOfFreedom + (t * t)));
        return t >= 0 ? 1 - tail : tail;
    }
}
