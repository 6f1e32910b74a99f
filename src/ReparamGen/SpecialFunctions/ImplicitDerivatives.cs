using System;

namespace ReparamGen;

/// <summary>
/// Implicit reparameterization derivatives <c>∂z/∂λ = −∂λF(z|λ)/q(z|λ)</c> (Figurnov, Mohamed &amp; Mnih 2018, eq. 9) of
/// the built-in distributions, at a given sample z, computed so that the CDF's prefactor and the density cancel
/// analytically: no density is formed, so samples down to the smallest subnormal give finite, non-zero derivatives
/// wherever the true value is.
/// </summary>
/// <remarks>
/// Accuracy measured against mpmath (50 digits) on the grids of <c>tools/reference-data/special_functions.py</c>;
/// the tests in <c>tests/ReparamGen.Tests/SpecialFunctions</c> hold every grid point to a relative error of 1e-10 and
/// <c>docs/accuracy.md</c> lists median and worst next to PyTorch's.
/// </remarks>
public static class ImplicitDerivatives
{
    /// <summary>
    /// <c>∂z/∂α</c> for <c>z ~ Gamma(α, 1)</c>: <c>−∂αP(α, z)/q(z; α)</c>.
    /// </summary>
    /// <remarks>
    /// Method: for <c>α ≥ 7</c> and <c>|η| ≤ 1</c> (<c>η²/2 = λ − 1 − log λ</c>, <c>λ = z/α</c>), Temme's uniform expansion
    /// (DLMF 8.12.3–8.12.10) differentiated in α, in which the erfc term and the density cancel:
    /// <c>∂z/∂α = λ·(1 − Γ*(α)·[η/2 + (η²/2)Σₖ Cₖα⁻ᵏ + Σₖ (k + ½)Cₖα⁻ᵏ⁻¹])</c>, sixteen Cₖ as Taylor polynomials in η
    /// (no loop, no incomplete gamma function), cut to fewer terms for larger α and smaller |η|. Otherwise, for <c>z &lt; α + 1</c> (and for <c>α &lt; 7</c> up to
    /// <c>z &lt; 1.6 + 1.85α</c>, where the continued fraction converges slowly and Q stays above about 1e-2), with the series
    /// <c>P = zᵅe⁻ᶻS/Γ(α+1)</c> (DLMF 8.7.1), <c>∂z/∂α = −(z·S/α)·(log z − ψ(α+1) + ∂α log S)</c>; otherwise, with Legendre's
    /// continued fraction <c>Q = zᵅe⁻ᶻF/Γ(α)</c> (DLMF 8.9.2), <c>∂z/∂α = z·F·(log z − ψ(α) + ∂α log F)</c>. The derivatives
    /// of S and F come from forward-mode differentiation of the series and of the Lentz recurrence with their own stopping
    /// test (TFP/Eigen's approach); ψ below 10 is shifted up by DLMF 5.5.2 to the asymptotic series (DLMF 5.11.2), the
    /// series route reusing its own reciprocals <c>1/(α+k)</c> for the shift. The three routes run as SIMD lane kernels with
    /// the library's own logarithm (so the bits are the same on every machine); this scalar member runs their scalar twins
    /// (the operations of one lane) and agrees bit for bit with <see cref="Distributions.Gamma.SampleGradientAt(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>,
    /// which processes eight samples at a time: use the span member for throughput.
    /// Measured on <c>gamma_implicit.csv</c> (α from 1e-3 to 1e4, quantiles 1e-8 … 1 − 1e-8, 352 points): median
    /// relative error 2.2e-16, worst 3.1e-15 (α = 1.78, z = 3.56); around the series' hand-over to the continued fraction
    /// (<c>gamma_series_reach.csv</c>, 310 points) median 1.7e-15, worst 1.9e-14; the expansion itself is within 1.0e-14 of mpmath at
    /// α = 7 (<c>tools/reference-data/temme_gamma.py</c>), and on the switches of its truncation (<c>gamma_temme_bands.csv</c>,
    /// 150 points) worst 1.1e-14; float32 overload worst 5.7e-8 (one rounding).
    /// Subnormal samples (down to 5e-324) stay finite and non-zero (<c>gamma_tiny.csv</c>).
    /// </remarks>
    /// <param name="z">The sample, z ≥ 0.</param>
    /// <param name="shape">The shape α, positive.</param>
    public static double GammaShape(double z, double shape)
    {
        if (shape <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The shape must be positive.");
        }

        if (z < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "A Gamma sample is non-negative.");
        }

        if (double.IsNaN(z) || double.IsNaN(shape))
        {
            return double.NaN;
        }

        if (z == 0 || double.IsPositiveInfinity(z))
        {
            return z; // the limits: 0 at the origin, +∞ at infinity
        }

        return SpecialFunctions.GammaShapeGradient(z, shape);
    }

    /// <summary>Single-precision <see cref="GammaShape(double, double)"/>: evaluated in double, rounded once.</summary>
    /// <param name="z">The sample, z ≥ 0.</param>
    /// <param name="shape">The shape α, positive.</param>
    public static float GammaShape(float z, float shape) => (float)GammaShape((double)z, (double)shape);

    /// <summary>
    /// <c>∂z/∂a</c> and <c>∂z/∂b</c> for <c>z ~ Beta(a, b)</c>: <c>−∂I_z(a, b)/q(z; a, b)</c>, in one evaluation.
    /// </summary>
    /// <remarks>
    /// Method: with the continued fraction <c>I_z = zᵃ(1−z)ᵇ·f/(a·B(a, b))</c> (DLMF 8.17.22) for
    /// <c>z &lt; (a+1)/(a+b+2)</c>, <c>∂z/∂a = −(z(1−z)f/a)·(log z − ψ(a+1) + ψ(a+b) + ∂a log f)</c> and
    /// <c>∂z/∂b = −(z(1−z)f/a)·(log(1−z) − ψ(b) + ψ(a+b) + ∂b log f)</c>; above the threshold the same for
    /// <c>1 − I_z(a, b) = I_{1−z}(b, a)</c>. The derivatives of f come from forward-mode differentiation of the Lentz
    /// recurrence with a stopping test on each derivative (cf. Boik &amp; Robison-Cox 1998); digamma differences of large
    /// arguments are formed as <c>log1p</c> plus asymptotic remainders.
    /// Measured on <c>beta_implicit.csv</c> (a, b from 1e-3 to 1e4, quantiles 1e-8 … 1 − 1e-8, 1596 points): median
    /// relative error 4.4e-16, worst 1.4e-12 (a = 1e4 with b = 3e-3, where the continued fraction's first odd step
    /// cancels; see <c>docs/accuracy.md</c>); float32 overloads worst 5.8e-8.
    /// </remarks>
    /// <param name="z">The sample in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    /// <param name="dzDa">∂z/∂a.</param>
    /// <param name="dzDb">∂z/∂b.</param>
    public static void Beta(double z, double a, double b, out double dzDa, out double dzDb)
    {
        if (a <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "The shape 'a' must be positive.");
        }

        if (b <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "The shape 'b' must be positive.");
        }

        if (z < 0 || z > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "A Beta sample lies in [0, 1].");
        }

        if (double.IsNaN(z) || double.IsNaN(a) || double.IsNaN(b))
        {
            dzDa = dzDb = double.NaN;
            return;
        }

        if (z == 0 || z == 1)
        {
            dzDa = dzDb = 0; // the sample cannot move off the boundary
            return;
        }

        SpecialFunctions.BetaTerms(a, b, z, out var lower, out var ratio, out var dLogA, out var dLogB);
        // tail/density = z(1−z)·ratio; I = tail (lower) or 1 − tail (upper). The smaller of z and 1 − z multiplies last,
        // so a subnormal sample loses no bits to earlier roundings.
        var scale = lower ? -ratio : ratio;
        var y = 1.0 - z;
        if (z < 0.5)
        {
            dzDa = scale * y * dLogA * z;
            dzDb = scale * y * dLogB * z;
        }
        else
        {
            dzDa = scale * z * dLogA * y;
            dzDb = scale * z * dLogB * y;
        }
    }

    /// <summary><c>∂z/∂a</c> for <c>z ~ Beta(a, b)</c>; see <see cref="Beta(double, double, double, out double, out double)"/>.</summary>
    /// <param name="z">The sample in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    public static double BetaA(double z, double a, double b)
    {
        Beta(z, a, b, out var dzDa, out _);
        return dzDa;
    }

    /// <summary><c>∂z/∂b</c> for <c>z ~ Beta(a, b)</c>; see <see cref="Beta(double, double, double, out double, out double)"/>.</summary>
    /// <param name="z">The sample in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    public static double BetaB(double z, double a, double b)
    {
        Beta(z, a, b, out _, out var dzDb);
        return dzDb;
    }

    /// <summary>Single-precision <see cref="BetaA(double, double, double)"/>: evaluated in double, rounded once.</summary>
    /// <param name="z">The sample in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    public static float BetaA(float z, float a, float b) => (float)BetaA((double)z, (double)a, (double)b);

    /// <summary>Single-precision <see cref="BetaB(double, double, double)"/>: evaluated in double, rounded once.</summary>
    /// <param name="z">The sample in [0, 1].</param>
    /// <param name="a">First shape, positive.</param>
    /// <param name="b">Second shape, positive.</param>
    public static float BetaB(float z, float a, float b) => (float)BetaB((double)z, (double)a, (double)b);

    /// <summary>
    /// <c>∂z/∂κ</c> for <c>z ~ VonMises(0, κ)</c> on [−π, π]: <c>−∂κF(z; κ)/q(z; κ) = −∫_{−π}^{z} (cos t − A(κ))·e^{κ(cos t − cos z)} dt</c>,
    /// <c>A = I₁/I₀</c> (odd in z; 0 at z = 0 and at ±π).
    /// </summary>
    /// <remarks>
    /// Method: the density cancels inside the integral; the sign-definite integral (over <c>[−π, z]</c> where
    /// <c>cos z &lt; A</c>, else over <c>[z, 0]</c>, the full one vanishing by symmetry) by panelled Gauss–Legendre
    /// quadrature as in <see cref="SpecialFunctions.VonMisesCdf"/>. For a sample with mean μ, pass <c>z − μ</c> wrapped
    /// to [−π, π]. Measured on <c>vonmises_implicit.csv</c> (κ from 1e-2 to 1e3, quantiles 1e-8 … 1 − 1e-8, 294
    /// points): median relative error 2.2e-16, worst 6.4e-15; float32 overload worst 5.6e-8.
    /// </remarks>
    /// <param name="z">The sample (deviation from the mean) in [−π, π].</param>
    /// <param name="concentration">Concentration κ, non-negative.</param>
    public static double VonMisesConcentration(double z, double concentration)
    {
        SpecialFunctions.VonMisesCore(z, concentration, out _, out var dzdk, out _);
        return dzdk;
    }

    /// <summary>Single-precision <see cref="VonMisesConcentration(double, double)"/>: evaluated in double, rounded once.</summary>
    /// <param name="z">The sample (deviation from the mean) in [−π, π].</param>
    /// <param name="concentration">Concentration κ, non-negative.</param>
    public static float VonMisesConcentration(float z, float concentration) => (float)VonMisesConcentration((double)z, (double)concentration);
}
