using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The von Mises–Fisher distribution on the unit sphere <c>S^{d−1} ⊂ ℝᵈ</c>, d ≥ 2: density
/// <c>C_d(κ)·exp(κ μᵀx)</c> with respect to the surface measure, mean direction μ (a unit vector) and concentration
/// κ ≥ 0 (κ = 0 is the uniform distribution), normaliser
/// <c>log C_d(κ) = (d/2 − 1)·log κ − (d/2)·log 2π − log I_{d/2−1}(κ)</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Sampling</b> (A. T. A. Wood, "Simulation of the von Mises Fisher distribution", Communications in Statistics –
/// Simulation and Computation 23(1), 1994, 157–164): the cosine <c>w = μᵀz</c> has the density
/// <c>f(w) ∝ exp(κw)(1 − w²)^{(d−3)/2}</c> on [−1, 1] and is drawn by Wood's rejection sampler from a Beta((d−1)/2,
/// (d−1)/2) proposal; then <c>z = Q(w·e₁ + √(1 − w²)·(0, v))</c> with v uniform on the unit sphere of ℝ^{d−1} and Q
/// the Householder reflection that maps e₁ to μ (T. R. Davidson et al., "Hyperspherical Variational Auto-Encoders",
/// UAI 2018, Algorithm 1–2). The sampler works with <c>t = 1 − w</c>, written in forms without cancellation
/// (<c>t = 2b·g₁/(g₂ + b·g₁)</c> from the two Gammas of the Beta draw, <c>b = (d − 1)/(2κ + √(4κ² + (d − 1)²))</c>),
/// so that κ = 1e5 (where t ≈ 1e-5) loses nothing and κ → 0 is the exact uniform.
/// </para>
/// <para>
/// <b>Gradient in κ</b>: implicit reparameterization (M. Figurnov, S. Mohamed, A. Mnih, "Implicit Reparameterization
/// Gradients", NeurIPS 2018) of the marginal of w, written in the polar angle θ = arccos w:
/// <c>∂θ/∂κ = ∫_θ^π (E[t] − t(s))·e^{φ(s) − φ(θ)} ds</c> with <c>φ(s) = −κ(1 − cos s) + (d − 2)·log sin s</c> the log
/// density of θ up to its normaliser (which cancels), then <c>∂z/∂κ = ∂θ/∂κ·Q(−sin θ·e₁ + cos θ·(0, v))</c>. See
/// <see cref="MarginalCdf"/> for the quadrature.
/// </para>
/// <para>
/// <b>Gradient in μ</b>: z depends on μ only through Q, so <c>∂z/∂μ = (∂Q/∂μ)·y</c> at the fixed frame coordinates
/// <c>y = Qᵀz</c>; <see cref="SampleBackwardMean"/> gives the vector–Jacobian product exactly in O(d). Any smooth
/// choice of frame gives an unbiased gradient of <c>E[f(z)]</c>; per-sample values depend on the frame (here the
/// reflection of e₁ + sign(μ₁)μ, so the frame switches where μ₁ changes sign).
/// </para>
/// <para>
/// <b>Domain</b>: <c>mean</c> must have length d ≥ 2 and norm within 1e-8 of 1 (it is then normalised, so samples are
/// unit vectors to rounding); otherwise, including infinite entries or zero norm, <see cref="ArgumentOutOfRangeException"/>
/// naming <c>mean</c>. κ must be finite and ≥ 0 (<see cref="ArgumentOutOfRangeException"/> naming
/// <c>concentration</c>). Span lengths that differ from d throw <see cref="ArgumentException"/> naming the span. NaN in κ
/// or in the mean propagates: the outputs are NaN.
/// </para>
/// </remarks>
public static partial class VonMisesFisher
{
    private const double NormTolerance = 1e-8;

    /// <summary>A draw from vMF(mean, concentration), written to <paramref name="sample"/>.</summary>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="sample">Receives the unit vector z; length d.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="sample"/> differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    public static void Sample(ReadOnlySpan<double> mean, double concentration, Random rng, Span<double> sample)
        => SampleCore(mean, concentration, rng, sample, Span<double>.Empty, withGradient: false);

    /// <summary>
    /// A draw from vMF(mean, concentration) and its pathwise derivative in κ (implicit reparameterization of Wood's
    /// marginal; see the class remarks). Same draw as <see cref="Sample"/> for the same <paramref name="rng"/> state.
    /// </summary>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="rng">Source of randomness.</param>
    /// <param name="sample">Receives the unit vector z; length d.</param>
    /// <param name="dConcentration">Receives ∂z/∂κ (orthogonal to z); length d.</param>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    public static void SampleWithGradient(ReadOnlySpan<double> mean, double concentration, Random rng, Span<double> sample, Span<double> dConcentration)
    {
        CheckLength(dConcentration.Length, mean.Length, nameof(dConcentration));
        SampleCore(mean, concentration, rng, sample, dConcentration, withGradient: true);
    }

    /// <summary>
    /// The implicit κ-gradient at a given sample: ∂z/∂κ for a point z of the sphere (typically a draw held from
    /// elsewhere), the same quantity <see cref="SampleWithGradient"/> returns, computed from z and μ alone
    /// (<c>1 − w = ‖z − μ‖²/2</c> is formed without cancellation).
    /// </summary>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <param name="sample">A unit vector z of length d.</param>
    /// <param name="dConcentration">Receives ∂z/∂κ; length d.</param>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    public static void ConcentrationGradientAt(ReadOnlySpan<double> mean, double concentration, ReadOnlySpan<double> sample, Span<double> dConcentration)
    {
        var inv = InverseNorm(mean);
        CheckLength(sample.Length, mean.Length, nameof(sample));
        CheckLength(dConcentration.Length, mean.Length, nameof(dConcentration));
        CheckConcentration(concentration);
        if (double.IsNaN(inv) || double.IsNaN(concentration))
        {
            dConcentration.Fill(double.NaN);
            return;
        }

        var d = mean.Length;
        var t = 0.0;
        var w = 0.0;
        for (var i = 0; i < d; i++)
        {
            var m = mean[i] * inv;
            var diff = sample[i] - m;
            t += diff * diff;
            w += sample[i] * m;
        }

        t *= 0.5;
        var dTheta = MarginalThetaGradient(d, concentration, t);
        var tangentNorm = 0.0;
        for (var i = 0; i < d; i++)
        {
            var q = sample[i] - (w * mean[i] * inv);
            dConcentration[i] = q;
            tangentNorm += q * q;
        }

        tangentNorm = Math.Sqrt(tangentNorm);
        var sin = Math.Sqrt(t * (2 - t));
        var cos = 1 - t;
        for (var i = 0; i < d; i++)
        {
            var v = tangentNorm > 0 ? dConcentration[i] / tangentNorm : 0.0;
            dConcentration[i] = dTheta * ((-sin * mean[i] * inv) + (cos * v));
        }
    }

    /// <summary>
    /// Reverse mode in the mean direction: adds <c>Σᵢ seedᵢ·∂zᵢ/∂μⱼ</c> to <c>gradMean[j]</c>, the derivative of
    /// <c>z = Q(μ/‖μ‖)·y</c> at fixed frame coordinates <c>y = Q(μ/‖μ‖)ᵀz</c> (the noise of the draw), where Q is the
    /// Householder frame of <see cref="Sample"/>. Exact, O(d). Because μ is normalised inside, the result is orthogonal
    /// to μ (the Riemannian gradient on the sphere, divided by ‖μ‖): chaining through your own <c>μ = h/‖h‖</c> gives the
    /// same vector again divided by ‖h‖.
    /// </summary>
    /// <remarks>
    /// With <c>σ = sign(μ₁)</c> (+1 for 0), <c>u = e₁ + σμ̂</c>, <c>c = uᵀu</c>, <c>Q = −σ(I − 2uuᵀ/c)</c>, <c>a = uᵀy</c>,
    /// <c>b = uᵀseed</c>: <c>∂(seedᵀz)/∂μ̂ = (2/c)(a·seed + b·y) − (4ab/c²)·u</c>, then projected by
    /// <c>(I − μ̂μ̂ᵀ)/‖μ‖</c>.
    /// </remarks>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2 (the one the sample was drawn with).</param>
    /// <param name="sample">The draw z; length d.</param>
    /// <param name="seed">∂L/∂z; length d.</param>
    /// <param name="gradMean">Accumulates ∂L/∂μ; length d.</param>
    /// <exception cref="ArgumentException">A span's length differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2 or μ is not a unit vector.</exception>
    public static void SampleBackwardMean(ReadOnlySpan<double> mean, ReadOnlySpan<double> sample, ReadOnlySpan<double> seed, Span<double> gradMean)
    {
        var inv = InverseNorm(mean);
        var d = mean.Length;
        CheckLength(sample.Length, d, nameof(sample));
        CheckLength(seed.Length, d, nameof(seed));
        CheckLength(gradMean.Length, d, nameof(gradMean));
        if (double.IsNaN(inv))
        {
            gradMean.Fill(double.NaN);
            return;
        }

        var sigma = mean[0] >= 0 ? 1.0 : -1.0;
        double c = 0, uz = 0, us = 0;
        for (var i = 0; i < d; i++)
        {
            var u = U(mean, inv, sigma, i);
            c += u * u;
            uz += u * sample[i];
            us += u * seed[i];
        }

        // y = Qz = −σ(z − (2/c)u(uᵀz)); a = uᵀy = −σ(uᵀz − 2uᵀz) = σ·uᵀz.
        var a = sigma * uz;
        Span<double> g = d <= 256 ? stackalloc double[d] : new double[d];
        var radial = 0.0;
        for (var i = 0; i < d; i++)
        {
            var u = U(mean, inv, sigma, i);
            var y = -sigma * (sample[i] - (2 * uz / c * u));
            g[i] = (2 / c * ((a * seed[i]) + (us * y))) - (4 * a * us / (c * c) * u);
            radial += g[i] * mean[i] * inv;
        }

        for (var i = 0; i < d; i++)
        {
            gradMean[i] += (g[i] - (radial * mean[i] * inv)) * inv;
        }
    }

    /// <summary>
    /// The log-density <c>κ·μᵀx + log C_d(κ)</c> with respect to the surface measure of the sphere (x is not checked to
    /// be a unit vector).
    /// </summary>
    /// <param name="x">The point, length d.</param>
    /// <param name="mean">Mean direction μ, a unit vector of length d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="x"/> differs from d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, μ is not a unit vector, or κ is negative or infinite.</exception>
    public static double LogDensity(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, double concentration)
    {
        var inv = InverseNorm(mean);
        CheckLength(x.Length, mean.Length, nameof(x));
        var log = LogNormalizer(mean.Length, concentration);
        var dot = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * mean[i];
        }

        return (concentration * dot * inv) + log;
    }

    /// <summary>
    /// <c>log C_d(κ) = (d/2 − 1)·log κ − (d/2)·log 2π − log I_{d/2−1}(κ)</c>, the log normaliser (at κ = 0 the limit,
    /// minus the log surface area <c>log(2π^{d/2}/Γ(d/2))</c>). Its κ-derivative is <c>−A_d(κ)</c>
    /// (<see cref="MeanResultantLength"/>). The Bessel function is <see cref="SpecialFunctions.LogBesselI"/>.
    /// </summary>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, or κ is negative or infinite.</exception>
    public static double LogNormalizer(int dimension, double concentration)
    {
        CheckDimension(dimension);
        CheckConcentration(concentration);
        var half = 0.5 * dimension;
        if (concentration == 0)
        {
            return SpecialFunctions.LogGamma(half) - Math.Log(2) - (half * Math.Log(Math.PI));
        }

        var nu = half - 1;
        return (nu == 0 ? 0 : nu * Math.Log(concentration)) - (half * Math.Log(2 * Math.PI)) - SpecialFunctions.LogBesselI(nu, concentration);
    }

    /// <summary>
    /// The mean resultant length <c>A_d(κ) = E[μᵀz] = I_{d/2}(κ)/I_{d/2−1}(κ) = −d log C_d/dκ</c>
    /// (<see cref="SpecialFunctions.BesselIRatio"/>); <c>E[z] = A_d(κ)·μ</c>, and
    /// <c>A′_d(κ) = 1 − A² − (d − 1)A/κ</c>.
    /// </summary>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, or κ is negative or infinite.</exception>
    public static double MeanResultantLength(int dimension, double concentration)
    {
        CheckDimension(dimension);
        CheckConcentration(concentration);
        return SpecialFunctions.BesselIRatio((0.5 * dimension) - 1, concentration);
    }

    /// <summary>
    /// The CDF <c>F(w | κ) = P(μᵀz ≤ w)</c> of the cosine w = μᵀz, whose density is
    /// <c>∝ exp(κw)(1 − w²)^{(d−3)/2}</c> on [−1, 1] (0 below −1, 1 above 1).
    /// </summary>
    /// <remarks>
    /// Method: in the polar angle θ = arccos w the density is <c>∝ e^{φ(θ)}</c>,
    /// <c>φ(θ) = −2κ·sin²(θ/2) + (d − 2)·log sin θ</c>, unimodal with its mode at
    /// <c>cos θ₀ = 2κ/((d − 2) + √((d − 2)² + 4κ²))</c>, and <c>e^{φ}</c> is an entire function of θ (d is an integer),
    /// so there is no endpoint singularity even for d = 2. The two sides of θ are integrated separately (so both tails
    /// keep their relative accuracy, no 1 − F is formed) by 20-point Gauss–Legendre panels (DLMF 3.5.19) placed where φ
    /// has dropped by 0.5, 1.5, 3, 5, … from its largest value on the piece (found by safeguarded Newton), each side
    /// relative to its own maximum, so the sharply peaked integrands of d = 1000 or κ = 1e5 are resolved on their own
    /// scale; the tails are cut where φ has dropped by 52.5 (a relative contribution below 1e-20). Measured against
    /// mpmath (<c>vmf_marginal.csv</c>: d from 2 to 1000, κ from 1e-3 to 1e5, levels 1e-6 … 1 − 1e-6): see
    /// docs/distributions.md.
    /// </remarks>
    /// <param name="w">The cosine, in [−1, 1].</param>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, or κ is negative or infinite.</exception>
    public static double MarginalCdf(double w, int dimension, double concentration)
    {
        CheckDimension(dimension);
        CheckConcentration(concentration);
        if (double.IsNaN(w) || double.IsNaN(concentration))
        {
            return double.NaN;
        }

        MarginalCore(dimension, concentration, 1 - w, out var cdf, out _);
        return cdf;
    }

    /// <summary>
    /// The implicit reparameterization gradient of the cosine: <c>∂w/∂κ = −∂κF(w | κ)/f(w | κ)</c> at a given w, the
    /// rate at which the κ-quantile of level F(w | κ) moves. Positive inside (−1, 1) (w is stochastically increasing in
    /// κ); 0 at ±1.
    /// </summary>
    /// <remarks>
    /// Computed as <c>∂w/∂κ = −sin θ·∂θ/∂κ</c> with <c>∂θ/∂κ = ∫_θ^π (E[t] − t(s))·e^{φ(s) − φ(θ)} ds</c> (t = 1 − cos s,
    /// E[t] = 1 − A_d(κ) from the same quadrature), by the quadrature of <see cref="MarginalCdf"/> on whichever side of θ
    /// keeps the integrand of one sign (the whole integral over [0, π] is 0), so there is no cancellation; the density
    /// normaliser cancels.
    /// </remarks>
    /// <param name="w">The cosine, in [−1, 1].</param>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="concentration">Concentration κ ≥ 0, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 2, or κ is negative or infinite.</exception>
    public static double MarginalSampleGradient(double w, int dimension, double concentration)
    {
        CheckDimension(dimension);
        CheckConcentration(concentration);
        if (double.IsNaN(w) || double.IsNaN(concentration))
        {
            return double.NaN;
        }

        var t = 1 - w;
        if (!(t > 0 && t < 2))
        {
            return 0;
        }

        return -Math.Sqrt(t * (2 - t)) * MarginalThetaGradient(dimension, concentration, t);
    }

    private static void SampleCore(ReadOnlySpan<double> mean, double concentration, Random rng, Span<double> sample, Span<double> dConcentration, bool withGradient)
    {
        var inv = InverseNorm(mean);
        var d = mean.Length;
        CheckLength(sample.Length, d, nameof(sample));
        CheckConcentration(concentration);
        ArgumentNullException.ThrowIfNull(rng);
        if (double.IsNaN(inv) || double.IsNaN(concentration))
        {
            sample.Fill(double.NaN);
            if (withGradient)
            {
                dConcentration.Fill(double.NaN);
            }

            return;
        }

        var t = SampleOneMinusCosine(d, concentration, rng);

        // v uniform on the unit sphere of ℝ^{d−1} (normalised Gaussian), in coordinates 1 … d−1.
        var norm = 0.0;
        while (norm == 0)
        {
            for (var i = 1; i < d; i++)
            {
                var e = StandardNoise.Normal(rng);
                sample[i] = e;
                norm += e * e;
            }
        }

        norm = Math.Sqrt(norm);
        var sin = Math.Sqrt(t * (2 - t));
        var cos = 1 - t;
        var dTheta = withGradient ? MarginalThetaGradient(d, concentration, t) : 0.0;
        for (var i = 1; i < d; i++)
        {
            var v = sample[i] / norm;
            sample[i] = sin * v;
            if (withGradient)
            {
                dConcentration[i] = dTheta * cos * v;
            }
        }

        sample[0] = cos;
        ApplyFrame(mean, inv, sample);
        if (withGradient)
        {
            dConcentration[0] = -dTheta * sin;
            ApplyFrame(mean, inv, dConcentration);
        }
    }

    // Wood (1994): t = 1 − w, with w = (1 − (1 + b)Z)/(1 − (1 − b)Z), Z ~ Beta((d−1)/2, (d−1)/2) = g₁/(g₁ + g₂),
    // accepted when κ(w − x₀) + (d − 1)·log((1 − x₀w)/(1 − x₀²)) ≥ log U, x₀ = (1 − b)/(1 + b); rewritten in t:
    // t = 2b·g₁/(g₂ + b·g₁), w − x₀ = 2b/(1 + b) − t, (1 − x₀w)/(1 − x₀²) = (1 + b)/2 + (1 − b²)·t/(4b).
    private static double SampleOneMinusCosine(int d, double kappa, Random rng)
    {
        var m1 = d - 1.0;
        var b = m1 / ((2 * kappa) + Hypot(2 * kappa, m1));
        var shape = 0.5 * m1;
        var gap = 2 * b / (1 + b);
        var slope = (1 - (b * b)) / (4 * b);
        while (true)
        {
            var g1 = Gamma.StandardSample(shape, rng);
            var g2 = Gamma.StandardSample(shape, rng);
            var t = 2 * b * g1 / (g2 + (b * g1));
            var u = StandardNoise.Uniform(rng);
            if ((kappa * (gap - t)) + (m1 * Math.Log((0.5 * (1 + b)) + (slope * t))) >= Math.Log(u))
            {
                return t;
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        var big = Math.Max(a, b);
        var small = Math.Min(a, b);
        if (big == 0)
        {
            return 0;
        }

        var r = small / big;
        return big * Math.Sqrt(1 + (r * r));
    }

    // y ← Q y, Q = −σ(I − 2uuᵀ/uᵀu), u = e₁ + σμ̂, σ = sign(μ₁) (+1 for 0): Q e₁ = μ̂, Q = Qᵀ = Q⁻¹, and |u₁| ≥ 1 so
    // nothing cancels.
    private static void ApplyFrame(ReadOnlySpan<double> mean, double inv, Span<double> y)
    {
        var sigma = mean[0] >= 0 ? 1.0 : -1.0;
        double c = 0, a = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            var u = U(mean, inv, sigma, i);
            c += u * u;
            a += u * y[i];
        }

        var f = 2 * a / c;
        for (var i = 0; i < mean.Length; i++)
        {
            y[i] = -sigma * (y[i] - (f * U(mean, inv, sigma, i)));
        }
    }

    private static double U(ReadOnlySpan<double> mean, double inv, double sigma, int i)
        => i == 0 ? 1 + (sigma * mean[0] * inv) : sigma * mean[i] * inv;

    // ∂θ/∂κ at fixed F, θ = arccos(1 − t), 0 < t < 2.
    private static double MarginalThetaGradient(int d, double kappa, double t)
    {
        if (!(t > 0 && t < 2))
        {
            return double.IsNaN(t) ? double.NaN : 0;
        }

        MarginalCore(d, kappa, t, out _, out var dTheta);
        return dTheta;
    }

    // F(1 − t | κ) and ∂θ/∂κ (see MarginalCdf and MarginalSampleGradient).
    private static void MarginalCore(int d, double kappa, double t, out double cdf, out double dTheta)
    {
        if (!(t > 0))
        {
            cdf = 1;
            dTheta = 0;
            return;
        }

        if (!(t < 2))
        {
            cdf = 0;
            dTheta = 0;
            return;
        }

        var dm2 = d - 2.0;
        var thetaX = 2 * Math.Asin(Math.Sqrt(0.5 * t));
        double theta0;
        if (d == 2)
        {
            theta0 = 0;
        }
        else if (kappa == 0)
        {
            theta0 = 0.5 * Math.PI;
        }
        else
        {
            // 1 − cos θ₀ = ((d − 2) + (d − 2)²/(R + 2κ))/((d − 2) + R), R = √((d − 2)² + 4κ²).
            var r = Hypot(dm2, 2 * kappa);
            var t0 = (dm2 + (dm2 * dm2 / (r + (2 * kappa)))) / (dm2 + r);
            theta0 = 2 * Math.Asin(Math.Sqrt(Math.Min(1.0, 0.5 * t0)));
        }

        var phiX = Phi(thetaX, kappa, dm2, out _);
        var phi0 = Phi(theta0, kappa, dm2, out _);
        if (phiX > phi0)
        {
            phi0 = phiX;   // rounding in θ₀
        }

        // Tail side: the side of θx away from the mode, relative to φ(θx). Mode side: relative to φ₀.
        double a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        var tailIsLow = thetaX <= theta0;
        if (tailIsLow)
        {
            Piece(thetaX, 0, phiX, kappa, dm2, ref a0, ref a1);
            Piece(theta0, thetaX, phi0, kappa, dm2, ref b0, ref b1);
            Piece(theta0, Math.PI, phi0, kappa, dm2, ref b0, ref b1);
        }
        else
        {
            Piece(thetaX, Math.PI, phiX, kappa, dm2, ref a0, ref a1);
            Piece(theta0, thetaX, phi0, kappa, dm2, ref b0, ref b1);
            Piece(theta0, 0, phi0, kappa, dm2, ref b0, ref b1);
        }

        var scale = Math.Exp(phiX - phi0);
        var total = (a0 * scale) + b0;
        var meanT = ((a1 * scale) + b1) / total;

        // F(w) = P(W ≤ w) = P(θ ≥ θx): the upper side of θ.
        cdf = tailIsLow ? b0 / total : a0 * scale / total;

        // ∂θ/∂κ = ∫_{θx}^π (E t − t)e^{φ − φx} = −∫_0^{θx} (E t − t)e^{φ − φx}, on the side where E t − t has one sign.
        var tailDefinite = tailIsLow ? t <= meanT : t >= meanT;
        double side;
        if (tailDefinite)
        {
            side = (meanT * a0) - a1;
        }
        else
        {
            side = ((meanT * b0) - b1) * Math.Exp(phi0 - phiX);
        }

        var sideIsLow = tailIsLow == tailDefinite;
        dTheta = sideIsLow ? -side : side;
    }

    // φ(θ) = −κ(1 − cos θ) + (d − 2)·log sin θ, and t = 1 − cos θ = 2sin²(θ/2).
    private static double Phi(double theta, double kappa, double dm2, out double t)
    {
        var s = Math.Sin(0.5 * theta);
        t = 2 * s * s;
        var value = -kappa * t;
        if (dm2 != 0)
        {
            value += dm2 * Math.Log(2 * s * Math.Cos(0.5 * theta));
        }

        return value;
    }

    private static double PhiSlope(double theta, double kappa, double dm2)
    {
        var sin = Math.Sin(theta);
        return (-kappa * sin) + (dm2 == 0 ? 0 : dm2 * Math.Cos(theta) / sin);
    }

    // ∫ e^{φ − reference}·(1, t) over [from, to], φ decreasing from `from` (where φ ≤ reference) towards `to`; panels end
    // where φ has dropped below the reference by the von Mises panel levels, the rest beyond the last level is cut.
    private static void Piece(double from, double to, double reference, double kappa, double dm2, ref double s0, ref double s1)
    {
        if (from == to)
        {
            return;
        }

        var levels = SpecialFunctions.VonMisesPanelLevels;
        var phiTo = Phi(to, kappa, dm2, out _);
        var lo = from;
        for (var j = 1; j < levels.Length; j++)
        {
            var target = reference - levels[j];
            var last = phiTo >= target;
            var hi = last ? to : SolveLevel(lo, to, target, kappa, dm2);
            Panel(lo, hi, reference, kappa, dm2, ref s0, ref s1);
            if (last)
            {
                return;
            }

            lo = hi;
        }
    }

    // θ between `above` (φ ≥ target) and `below` (φ < target) with φ(θ) within 0.05 of target: safeguarded Newton.
    private static double SolveLevel(double above, double below, double target, double kappa, double dm2)
    {
        var x = above;
        for (var i = 0; i < 100; i++)
        {
            var f = Phi(x, kappa, dm2, out _) - target;
            if (Math.Abs(f) <= 0.05)
            {
                return x;
            }

            if (f > 0)
            {
                above = x;
            }
            else
            {
                below = x;
            }

            var next = x - (f / PhiSlope(x, kappa, dm2));
            if (!(next > Math.Min(above, below) && next < Math.Max(above, below)))
            {
                next = 0.5 * (above + below);
            }

            if (next == x)
            {
                return x;
            }

            x = next;
        }

        return x;
    }

    private static void Panel(double a, double b, double reference, double kappa, double dm2, ref double s0, ref double s1)
    {
        var half = 0.5 * Math.Abs(b - a);
        var mid = 0.5 * (a + b);
        var nodes = GaussLegendre.Nodes;
        var weights = GaussLegendre.Weights;
        double sum0 = 0, sum1 = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            var e = Math.Exp(Phi(mid + (half * nodes[i]), kappa, dm2, out var t) - reference);
            sum0 += weights[i] * e;
            sum1 += weights[i] * t * e;
        }

        s0 += half * sum0;
        s1 += half * sum1;
    }

    // 1/‖mean‖ (NaN when the mean holds NaN); throws unless d ≥ 2 and the norm is within 1e-8 of 1.
    private static double InverseNorm(ReadOnlySpan<double> mean)
    {
        if (mean.Length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean.Length, "The dimension (the length of 'mean') must be at least 2.");
        }

        var sum = 0.0;
        for (var i = 0; i < mean.Length; i++)
        {
            sum += mean[i] * mean[i];
        }

        if (double.IsNaN(sum))
        {
            return double.NaN;
        }

        var norm = Math.Sqrt(sum);
        if (!(Math.Abs(norm - 1) <= NormTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), norm, "'mean' must be a unit vector (its norm must lie within 1e-8 of 1).");
        }

        return 1 / norm;
    }

    private static void CheckDimension(int dimension)
    {
        if (dimension < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 2.");
        }
    }

    private static void CheckConcentration(double concentration)
    {
        if (concentration < 0 || double.IsPositiveInfinity(concentration))
        {
            throw new ArgumentOutOfRangeException(nameof(concentration), concentration, "'concentration' must be finite and non-negative.");
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException("Length of '" + name + "' must equal the length of 'mean'.", name);
        }
    }
}
