using System;
using System.Buffers;

namespace ReparamGen.Distributions;

// Differentiation rules for Sample, so that a [Differentiable] body can draw from vMF: forward mode (SampleTangent)
// and reverse mode (SampleBackward), each in the calling convention the generator uses for callees. Both split the
// sample's derivative into the mean part, exact through the Householder frame at fixed frame coordinates, and the
// concentration part, the implicit reparameterization gradient of Wood's marginal (see the class remarks).
public static partial class VonMisesFisher
{
    /// <summary>
    /// Forward-mode rule of <see cref="Sample"/>: draws z as <see cref="Sample"/> does (the same draws from
    /// <paramref name="rng"/>) and writes the directional derivative <c>dz = (∂z/∂μ)·dμ + (∂z/∂κ)·dκ</c>.
    /// </summary>
    /// <remarks>
    /// The mean part differentiates <c>z = Q(μ̂)·y</c> at fixed <c>y = Q(μ̂)z</c> (Q is a symmetric reflection, its own
    /// inverse): with <c>σ = sign(μ₁)</c>, <c>u = e₁ + σμ̂</c>, <c>c = uᵀu</c>, <c>a = uᵀy</c>, <c>Q = −σ(I − 2uuᵀ/c)</c> and
    /// <c>du = σ·dμ̂</c>, <c>dμ̂ = (I − μ̂μ̂ᵀ)dμ/‖μ‖</c>:
    /// <c>dz = (2σ/c)(a·du + (duᵀy)·u) − (4σa·uᵀdu/c²)·u</c>, the transpose of <see cref="SampleBackwardMean"/>'s product.
    /// </remarks>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="sample">Receives the unit vector z; length d.</param>
    /// <param name="dMean">Tangent of μ: empty (a zero tangent) or length d.</param>
    /// <param name="dConcentration">Tangent of κ.</param>
    /// <param name="dSample">Receives the tangent of z; length d.</param>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    [TangentOf(typeof(VonMisesFisher), nameof(Sample))]
    public static void SampleTangent(ReadOnlySpan<double> mean, double concentration, Random rng, Span<double> sample, ReadOnlySpan<double> dMean, double dConcentration, Span<double> dSample)
    {
        if (dMean.Length != 0)
        {
            CheckLength(dMean.Length, mean.Length, nameof(dMean));
        }

        CheckLength(dSample.Length, mean.Length, nameof(dSample));
        SampleWithGradient(mean, concentration, rng, sample, dSample);
        for (var i = 0; i < dSample.Length; i++)
        {
            dSample[i] *= dConcentration;
        }

        if (dMean.Length != 0)
        {
            AddMeanTangent(mean, sample, dMean, dSample);
        }
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="Sample"/>: draws z as <see cref="Sample"/> does (the same draws from
    /// <paramref name="rng"/>), then adds <c>Σᵢ seedᵢ·∂zᵢ/∂μⱼ</c> to <paramref name="gradMean"/> and
    /// <c>Σᵢ seedᵢ·∂zᵢ/∂κ</c> to <paramref name="gradConcentration"/>. A reversed body hands it a replay of the draws
    /// its forward sweep made, so both sweeps differentiate the same sample.
    /// </summary>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="sample">Receives the unit vector z; length d.</param>
    /// <param name="seedSample">The upstream gradient ∂L/∂z; length d.</param>
    /// <param name="gradMean">Accumulates ∂L/∂μ (orthogonal to μ, see <see cref="SampleBackwardMean"/>); length d.</param>
    /// <param name="gradConcentration">Accumulates ∂L/∂κ.</param>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    [BackwardOf(typeof(VonMisesFisher), nameof(Sample))]
    public static void SampleBackward(ReadOnlySpan<double> mean, double concentration, Random rng, Span<double> sample, ReadOnlySpan<double> seedSample, Span<double> gradMean, ref double gradConcentration)
    {
        var d = mean.Length;
        CheckLength(seedSample.Length, d, nameof(seedSample));
        CheckLength(gradMean.Length, d, nameof(gradMean));
        double[]? rented = null;
        var dz = d <= 256 ? stackalloc double[d] : (rented = ArrayPool<double>.Shared.Rent(d)).AsSpan(0, d);
        try
        {
            SampleWithGradient(mean, concentration, rng, sample, dz);
            var product = 0.0;
            for (var i = 0; i < d; i++)
            {
                product += seedSample[i] * dz[i];
            }

            gradConcentration += product;
            SampleBackwardMean(mean, sample, seedSample, gradMean);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Forward-mode rule of <see cref="LogDensity"/>: the log-density and its directional derivative. With
    /// <c>μ̂ = μ/‖μ‖</c>, <c>∂/∂x = κμ̂</c>, <c>∂/∂μ = (κ/‖μ‖)(x − (xᵀμ̂)μ̂)</c> (μ is normalised inside) and
    /// <c>∂/∂κ = xᵀμ̂ − A_d(κ)</c> (<see cref="MeanResultantLength"/>, DLMF 10.29.2 through the log normaliser).
    /// </summary>
    /// <param name="x">The point, length d.</param>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="dX">Tangent of x: empty (zero) or length d.</param>
    /// <param name="dMean">Tangent of μ: empty (zero) or length d.</param>
    /// <param name="dConcentration">Tangent of κ.</param>
    /// <param name="dResult">Receives the directional derivative.</param>
    /// <returns>The log-density, as <see cref="LogDensity"/>.</returns>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    [TangentOf(typeof(VonMisesFisher), nameof(LogDensity))]
    public static double LogDensityTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, double concentration, ReadOnlySpan<double> dX, ReadOnlySpan<double> dMean, double dConcentration, out double dResult)
    {
        var value = LogDensity(x, mean, concentration);
        var inv = InverseNorm(mean);
        var d = mean.Length;
        if (dX.Length != 0)
        {
            CheckLength(dX.Length, d, nameof(dX));
        }

        if (dMean.Length != 0)
        {
            CheckLength(dMean.Length, d, nameof(dMean));
        }

        double xm = 0, dxm = 0, xdm = 0, mdm = 0;
        for (var i = 0; i < d; i++)
        {
            var m = mean[i] * inv;
            xm += x[i] * m;
            dxm += dX.Length != 0 ? dX[i] * m : 0.0;
            xdm += dMean.Length != 0 ? x[i] * dMean[i] : 0.0;
            mdm += dMean.Length != 0 ? m * dMean[i] : 0.0;
        }

        var meanPart = concentration * inv * (xdm - (xm * mdm));
        dResult = (concentration * dxm) + meanPart + (dConcentration * (xm - MeanResultantLength(d, concentration)));
        return value;
    }

    /// <summary>
    /// Reverse-mode rule of <see cref="LogDensity"/>: returns the log-density and adds <c>seed</c> times its partials
    /// (see <see cref="LogDensityTangent"/>) into the accumulators.
    /// </summary>
    /// <param name="x">The point, length d.</param>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="seed">Upstream derivative with respect to the result.</param>
    /// <param name="gradX">Accumulates ∂L/∂x; length d.</param>
    /// <param name="gradMean">Accumulates ∂L/∂μ; length d.</param>
    /// <param name="gradConcentration">Accumulates ∂L/∂κ.</param>
    /// <returns>The log-density, as <see cref="LogDensity"/>.</returns>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    [BackwardOf(typeof(VonMisesFisher), nameof(LogDensity))]
    public static double LogDensityBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, double concentration, double seed, Span<double> gradX, Span<double> gradMean, ref double gradConcentration)
    {
        var value = LogDensity(x, mean, concentration);
        var inv = InverseNorm(mean);
        var d = mean.Length;
        CheckLength(gradX.Length, d, nameof(gradX));
        CheckLength(gradMean.Length, d, nameof(gradMean));
        var xm = 0.0;
        for (var i = 0; i < d; i++)
        {
            xm += x[i] * mean[i] * inv;
        }

        for (var i = 0; i < d; i++)
        {
            var m = mean[i] * inv;
            gradX[i] += seed * concentration * m;
            gradMean[i] += seed * concentration * inv * (x[i] - (xm * m));
        }

        gradConcentration += seed * (xm - MeanResultantLength(d, concentration));
        return value;
    }

    /// <summary>
    /// Forward-mode rule of <see cref="LogNormalizer"/>: <c>d log C_d/dκ = −A_d(κ)</c> (<see cref="MeanResultantLength"/>).
    /// </summary>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="dConcentration">Tangent of κ.</param>
    /// <param name="dResult">Receives <c>−A_d(κ)·dκ</c>.</param>
    /// <returns>The log normaliser, as <see cref="LogNormalizer"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, or κ is negative or infinite.</exception>
    [TangentOf(typeof(VonMisesFisher), nameof(LogNormalizer))]
    public static double LogNormalizerTangent(int dimension, double concentration, double dConcentration, out double dResult)
    {
        var value = LogNormalizer(dimension, concentration);
        dResult = -MeanResultantLength(dimension, concentration) * dConcentration;
        return value;
    }

    // dSample += (∂z/∂μ)·dMean at fixed frame coordinates (the formula in SampleTangent's remarks).
    private static void AddMeanTangent(ReadOnlySpan<double> mean, ReadOnlySpan<double> sample, ReadOnlySpan<double> dMean, Span<double> dSample)
    {
        var inv = InverseNorm(mean);
        var d = mean.Length;
        if (double.IsNaN(inv))
        {
            dSample.Fill(double.NaN);
            return;
        }

        var sigma = mean[0] >= 0 ? 1.0 : -1.0;
        double c = 0, uz = 0, radial = 0;
        for (var i = 0; i < d; i++)
        {
            var u = U(mean, inv, sigma, i);
            c += u * u;
            uz += u * sample[i];
            radial += mean[i] * inv * dMean[i];
        }

        // a = uᵀy = σ·uᵀz (as in SampleBackwardMean); du = σ(dμ − μ̂(μ̂ᵀdμ))/‖μ‖; yᵢ = −σ(zᵢ − (2uᵀz/c)uᵢ).
        var a = sigma * uz;
        double duy = 0, udu = 0;
        for (var i = 0; i < d; i++)
        {
            var u = U(mean, inv, sigma, i);
            var du = sigma * (dMean[i] - (radial * mean[i] * inv)) * inv;
            var y = -sigma * (sample[i] - (2 * uz / c * u));
            duy += du * y;
            udu += u * du;
        }

        for (var i = 0; i < d; i++)
        {
            var u = U(mean, inv, sigma, i);
            var du = sigma * (dMean[i] - (radial * mean[i] * inv)) * inv;
            dSample[i] += (2 * sigma / c * ((a * du) + (duy * u))) - (4 * sigma * a * udu / (c * c) * u);
        }
    }
}
