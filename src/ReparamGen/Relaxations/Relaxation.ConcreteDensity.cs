using System;

namespace ReparamGen;

// The Concrete density (Maddison, Mnih and Teh 2017, Def. 1 / eq. (4)) of x on the simplex, with
// respect to Lebesgue measure on its first K − 1 coordinates, for α = exp(logits) and λ = τ:
//   p(x) = (K − 1)! λ^{K−1} Πₖ αₖ xₖ^{−λ−1} / (Σᵢ αᵢ xᵢ^{−λ})^K.
// In log space, with zₖ = log xₖ, wₖ = aₖ − λzₖ and W = logsumexp(w):
//   log p = log (K − 1)! + (K − 1) log λ + Σₖ (wₖ − W) − Σₖ zₖ,
// every (wₖ − W) ≤ 0, so nothing overflows. With π = softmax(w):
//   ∂/∂aₖ = 1 − Kπₖ,  ∂/∂λ = (K − 1)/λ + Σₖ zₖ(Kπₖ − 1),  ∂/∂zₖ = Kλπₖ − (λ + 1),  ∂/∂xₖ = (∂/∂zₖ)/xₖ.
// For the largest w (m, a tiny xₘ near the edge) πₘ ≈ 1 and ∂/∂zₘ cancels to ~0 when (K − 1)λ = 1, then is
// divided by a tiny xₘ; there πₘ is replaced by 1 − cₘ with cₘ = Σ_{j≠m} πⱼ summed directly:
//   ∂/∂zₘ = (K − 1)λ − 1 − Kλcₘ,  ∂/∂aₘ = 1 − K + Kcₘ.
// On the simplex's edge (some xₖ = 0, as when a sample underflows) the density has no unique limit; we
// return the limit as the zero coordinates go to 0 together (equal zₖ → −∞), which is +∞, −∞ or, when
// n₀(λ + 1) = Kλ, finite. Samples from GumbelLogSoftmax never reach the edge: use the FromLog form.
public static partial class Relaxation
{
    /// <summary>
    /// Log-density of the Concrete (relaxed one-hot categorical) distribution at <paramref name="sample"/>
    /// (Maddison et al. 2017, eq. 4), computed in log space with a log-sum-exp.
    /// </summary>
    /// <param name="logits">Finite unnormalized log-probabilities of the K categories (<c>α = exp(logits)</c>).</param>
    /// <param name="temperature">Temperature λ = τ &gt; 0.</param>
    /// <param name="sample">A point of the simplex (K non-negative coordinates summing to 1; the sum is not checked).</param>
    /// <returns>
    /// The log-density with respect to Lebesgue measure on the first K − 1 coordinates; −∞ outside the support
    /// (a negative coordinate). With zero coordinates: the limit as they go to 0 together (see remarks).
    /// </returns>
    /// <remarks>
    /// A zero coordinate (an underflowed sample) makes the density's limit path-dependent: n₀ zero coordinates going
    /// to 0 together give +∞ if n₀(τ + 1) &gt; Kτ, −∞ if less, and a finite value if equal. Derivatives there are NaN.
    /// For near one-hot samples (small τ) use <see cref="GumbelLogSoftmax"/> and <see cref="ConcreteLogDensityFromLog"/>, which stay finite.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double ConcreteLogDensity(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample)
        => ConcreteLogDensityTangent(logits, temperature, sample, default, 0.0, default, out _);

    /// <summary>
    /// Tangent rule of <see cref="ConcreteLogDensity"/>: the log-density and its directional derivative along
    /// the tangents of the logits, the temperature and the sample (the sample moves with the parameters in a
    /// reparameterized ELBO). Pass empty spans for tangents that are zero.
    /// </summary>
    /// <param name="logits">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="temperature">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="sample">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="dLogits">Tangent of the logits (empty: zero).</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Tangent of the sample (empty: zero).</param>
    /// <param name="dResult">Receives the directional derivative (NaN on the simplex's edge).</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(ConcreteLogDensity))]
    public static double ConcreteLogDensityTangent(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample, ReadOnlySpan<double> dLogits, double dTemperature, ReadOnlySpan<double> dSample, out double dResult)
    {
        var d = new DensityDirection(dLogits, dTemperature, dSample);
        var value = ConcreteCore(logits, temperature, sample, isLog: false, ref d, default, default);
        dResult = d.Result;
        return value;
    }

    /// <summary>
    /// Reverse mode of <see cref="ConcreteLogDensity"/>: adds <c>seed·∂/∂logits</c>, <c>seed·∂/∂τ</c> and
    /// <c>seed·∂/∂sample</c> of the log-density (NaN on the simplex's edge).
    /// </summary>
    /// <param name="logits">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="temperature">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="sample">As for <c>ConcreteLogDensity</c>.</param>
    /// <param name="seed">Upstream derivative with respect to the log-density (1 for the plain gradient).</param>
    /// <param name="gradLogits">Accumulates the logits' gradient.</param>
    /// <param name="gradTemperature">Accumulates the temperature's gradient.</param>
    /// <param name="gradSample">Accumulates the sample's gradient.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [BackwardOf(typeof(Relaxation), nameof(ConcreteLogDensity))]
    public static double ConcreteLogDensityBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample, double seed, Span<double> gradLogits, ref double gradTemperature, Span<double> gradSample)
    {
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        CheckLength(logits.Length, gradSample.Length, nameof(gradSample));
        var d = new DensityDirection(seed);
        var value = ConcreteCore(logits, temperature, sample, isLog: false, ref d, gradLogits, gradSample);
        gradTemperature += d.Result;
        return value;
    }

    /// <summary>
    /// <see cref="ConcreteLogDensity"/> at the point whose coordinate-wise logarithm is <paramref name="logSample"/>
    /// (as written by <see cref="GumbelLogSoftmax"/>): the same density of the sample on the simplex, but finite
    /// for near one-hot samples whose small coordinates underflow in linear space.
    /// </summary>
    /// <param name="logits">Finite unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature λ = τ &gt; 0.</param>
    /// <param name="logSample">The logarithms of the sample's coordinates (finite; their exponentials sum to 1).</param>
    /// <returns>The log-density of the sample with respect to Lebesgue measure on the first K − 1 coordinates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double ConcreteLogDensityFromLog(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> logSample)
        => ConcreteLogDensityFromLogTangent(logits, temperature, logSample, default, 0.0, default, out _);

    /// <summary>Tangent rule of <see cref="ConcreteLogDensityFromLog"/> (<c>dLogSample</c> is the tangent of the log-sample). Empty spans mean zero tangents.</summary>
    /// <param name="logits">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="temperature">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="logSample">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="dLogits">Tangent of the logits (empty: zero).</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dLogSample">Tangent of the log-sample (empty: zero).</param>
    /// <param name="dResult">Receives the directional derivative.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(Relaxation), nameof(ConcreteLogDensityFromLog))]
    public static double ConcreteLogDensityFromLogTangent(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> logSample, ReadOnlySpan<double> dLogits, double dTemperature, ReadOnlySpan<double> dLogSample, out double dResult)
    {
        var d = new DensityDirection(dLogits, dTemperature, dLogSample);
        var value = ConcreteCore(logits, temperature, logSample, isLog: true, ref d, default, default);
        dResult = d.Result;
        return value;
    }

    /// <summary>Reverse mode of <see cref="ConcreteLogDensityFromLog"/>: adds <c>seed</c> times the gradients with respect to the logits, τ and the log-sample.</summary>
    /// <param name="logits">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="temperature">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="logSample">As for <c>ConcreteLogDensityFromLog</c>.</param>
    /// <param name="seed">Upstream derivative with respect to the log-density.</param>
    /// <param name="gradLogits">Accumulates the logits' gradient.</param>
    /// <param name="gradTemperature">Accumulates the temperature's gradient.</param>
    /// <param name="gradLogSample">Accumulates the log-sample's gradient.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [BackwardOf(typeof(Relaxation), nameof(ConcreteLogDensityFromLog))]
    public static double ConcreteLogDensityFromLogBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> logSample, double seed, Span<double> gradLogits, ref double gradTemperature, Span<double> gradLogSample)
    {
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        CheckLength(logits.Length, gradLogSample.Length, nameof(gradLogSample));
        var d = new DensityDirection(seed);
        var value = ConcreteCore(logits, temperature, logSample, isLog: true, ref d, gradLogits, gradLogSample);
        gradTemperature += d.Result;
        return value;
    }

    /// <summary>What the density kernel differentiates: a forward direction (JVP) or a reverse seed (VJP).</summary>
    private ref struct DensityDirection
    {
        public readonly ReadOnlySpan<double> DLogits;
        public readonly double DTemperature;
        public readonly ReadOnlySpan<double> DSample;
        public readonly double Seed;
        public readonly bool Reverse;

        /// <summary>JVP: the directional derivative; VJP: the temperature's gradient.</summary>
        public double Result;

        public DensityDirection(ReadOnlySpan<double> dLogits, double dTemperature, ReadOnlySpan<double> dSample)
        {
            DLogits = dLogits;
            DTemperature = dTemperature;
            DSample = dSample;
            Seed = 0.0;
            Reverse = false;
            Result = 0.0;
        }

        public DensityDirection(double seed)
        {
            DLogits = default;
            DTemperature = 0.0;
            DSample = default;
            Seed = seed;
            Reverse = true;
            Result = 0.0;
        }
    }

    private static double ConcreteCore(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample, bool isLog, ref DensityDirection d, Span<double> gradLogits, Span<double> gradSample)
    {
        CheckTemperature(temperature);
        var k = logits.Length;
        CheckLength(k, sample.Length, isLog ? "logSample" : "sample");
        if (!d.DLogits.IsEmpty)
        {
            CheckLength(k, d.DLogits.Length, "dLogits");
        }

        if (!d.DSample.IsEmpty)
        {
            CheckLength(k, d.DSample.Length, isLog ? "dLogSample" : "dSample");
        }

        var lambda = temperature;

        // Pass 1: support, edge and NaN checks; the largest wₖ for the log-sum-exp.
        var zeros = 0;
        var wMax = double.NegativeInfinity;
        var m = -1;
        var zeroLogitMax = double.NegativeInfinity;
        for (var i = 0; i < k; i++)
        {
            var x = sample[i];
            if (double.IsNaN(x) || double.IsNaN(logits[i]))
            {
                return Fail(double.NaN, ref d, gradLogits, gradSample);
            }

            if (!isLog && x < 0)
            {
                // Outside the support: zero density; the derivatives are zero there too.
                return double.NegativeInfinity;
            }

            var z = isLog ? x : Math.Log(x);
            if (double.IsNegativeInfinity(z))
            {
                zeros++;
                zeroLogitMax = Math.Max(zeroLogitMax, logits[i]);
                continue;
            }

            var wi = logits[i] - lambda * z;
            if (m < 0 || wi > wMax)
            {
                m = i;
                wMax = wi;
            }
        }

        if (k == 0)
        {
            return Fail(double.NaN, ref d, gradLogits, gradSample);
        }

        var logNormalizer = LogFactorial(k - 1) + (k - 1) * Math.Log(lambda);
        if (zeros > 0)
        {
            return Fail(EdgeLimit(logits, lambda, sample, isLog, zeros, zeroLogitMax, logNormalizer), ref d, gradLogits, gradSample);
        }

        // Pass 2: W = logsumexp(w) = wₘ + log(1 + Σ_{j≠m} exp(wⱼ − wₘ)), and cₘ.
        var others = 0.0;
        for (var i = 0; i < k; i++)
        {
            if (i != m)
            {
                others += Math.Exp(logits[i] - lambda * Z(sample, i, isLog) - wMax);
            }
        }

        var w = wMax + Math.Log(1.0 + others);
        var complement = others / (1.0 + others);

        // Pass 3: the value and the derivatives, with πₖ = exp(wₖ − W).
        var value = logNormalizer;
        var dLambda = (k - 1) / lambda;
        var jvp = 0.0;
        for (var i = 0; i < k; i++)
        {
            var z = Z(sample, i, isLog);
            var wi = logits[i] - lambda * z;
            value += wi - w - z;
            var pi = Math.Exp(wi - w);
            var kPi = k * pi;
            dLambda += z * (kPi - 1.0);
            var dA = i == m ? 1.0 - k + k * complement : 1.0 - kPi;
            var dZ = i == m ? (k - 1) * lambda - 1.0 - k * lambda * complement : lambda * kPi - (lambda + 1.0);
            var dX = isLog ? dZ : dZ / sample[i];
            if (d.Reverse)
            {
                gradLogits[i] += d.Seed * dA;
                gradSample[i] += d.Seed * dX;
            }
            else
            {
                if (!d.DLogits.IsEmpty)
                {
                    jvp += dA * d.DLogits[i];
                }

                if (!d.DSample.IsEmpty)
                {
                    jvp += dX * d.DSample[i];
                }
            }
        }

        d.Result += d.Reverse ? d.Seed * dLambda : jvp + dLambda * d.DTemperature;
        return value;
    }

    private static double Z(ReadOnlySpan<double> sample, int i, bool isLog) => isLog ? sample[i] : Math.Log(sample[i]);

    /// <summary>The equal-rate limit on the simplex's edge (see the file header).</summary>
    private static double EdgeLimit(ReadOnlySpan<double> logits, double lambda, ReadOnlySpan<double> sample, bool isLog, int zeros, double zeroLogitMax, double logNormalizer)
    {
        var k = logits.Length;
        var rate = zeros * (lambda + 1.0) - k * lambda;
        if (rate != 0.0)
        {
            return rate > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        }

        var value = logNormalizer;
        var zeroSum = 0.0;
        for (var i = 0; i < k; i++)
        {
            value += logits[i];
            var z = Z(sample, i, isLog);
            if (double.IsNegativeInfinity(z))
            {
                zeroSum += Math.Exp(logits[i] - zeroLogitMax);
            }
            else
            {
                value -= (lambda + 1.0) * z;
            }
        }

        return value - k * (zeroLogitMax + Math.Log(zeroSum));
    }

    /// <summary>Where the density is not differentiable (edge) or undefined (NaN): the value, with NaN derivatives.</summary>
    private static double Fail(double value, ref DensityDirection d, Span<double> gradLogits, Span<double> gradSample)
    {
        d.Result = double.NaN;
        for (var i = 0; i < gradLogits.Length; i++)
        {
            gradLogits[i] = double.NaN;
            gradSample[i] = double.NaN;
        }

        return value;
    }

    /// <summary>log n! by summing logarithms: exact to rounding, and the density's other terms cost O(n) anyway.</summary>
    private static double LogFactorial(int n)
    {
        var sum = 0.0;
        for (var j = 2; j <= n; j++)
        {
            sum += Math.Log(j);
        }

        return sum;
    }
}
