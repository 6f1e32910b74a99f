using System;

namespace ReparamGen;

// The binary Concrete density (Maddison et al. 2017, App. B, eq. (17)), for α = exp(a), λ = τ:
//   p(y) = λ α y^{−λ−1} (1 − y)^{−λ−1} / (α y^{−λ} + (1 − y)^{−λ})²,  y ∈ (0, 1).
// Through the sample's logit x = log y − log(1 − y), which is (a + L)/λ with L standard logistic:
//   log p = log λ − g(λx − a) − log y − log(1 − y),   g(u) = log(1 + eᵘ) + log(1 + e⁻ᵘ) = |u| + 2 log(1 + e^{−|u|}),
// and −log y − log(1 − y) = g(x). g never overflows; g'(u) = tanh(u/2). With u = λx − a:
//   ∂/∂a = tanh(u/2),  ∂/∂λ = 1/λ − x tanh(u/2),  ∂/∂x = tanh(x/2) − λ tanh(u/2),  ∂/∂y = (∂/∂x)/(y(1 − y)).
// At y = 0 or 1 (x = ∓∞) the limit is −∞ for λ > 1, +∞ for λ < 1, and ∓a for λ = 1.
// ∂/∂x cancels (to ~0 for λ = 1 and |x| large, then divided by y(1 − y) ≈ y): with tanh(v/2) = s(1 − 2m),
// s = sign v, m = sigmoid(−|v|), it is (sₓ − λsᵤ) − 2sₓmₓ + 2λsᵤmᵤ, whose constant part is exact.
public static partial class Relaxation
{
    /// <summary>Log-density of the binary Concrete (relaxed Bernoulli) distribution at <paramref name="sample"/> (Maddison et al. 2017, eq. 17), in log space.</summary>
    /// <param name="logit">Finite log-odds <c>a</c> (<c>α = exp(a)</c>).</param>
    /// <param name="temperature">Temperature λ = τ &gt; 0.</param>
    /// <param name="sample">A point of [0, 1].</param>
    /// <returns>The log-density; −∞ outside [0, 1]; at 0 and 1 its limit (see the source's header).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryConcreteLogDensity(double logit, double temperature, double sample)
        => BinaryConcreteLogDensityTangent(logit, temperature, sample, 0.0, 0.0, 0.0, out _);

    /// <summary>Tangent rule of <see cref="BinaryConcreteLogDensity"/> (derivatives NaN at 0 and 1).</summary>
    /// <param name="logit">As for <c>BinaryConcreteLogDensity</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcreteLogDensity</c>.</param>
    /// <param name="sample">As for <c>BinaryConcreteLogDensity</c>.</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Tangent of the sample.</param>
    /// <param name="dResult">Receives the directional derivative.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryConcreteLogDensity))]
    public static double BinaryConcreteLogDensityTangent(double logit, double temperature, double sample, double dLogit, double dTemperature, double dSample, out double dResult)
    {
        CheckTemperature(temperature);
        if (double.IsNaN(sample) || double.IsNaN(logit))
        {
            dResult = double.NaN;
            return double.NaN;
        }

        if (sample < 0 || sample > 1)
        {
            dResult = 0.0;
            return double.NegativeInfinity;
        }

        var x = Math.Log(sample) - Math.Log(1.0 - sample);
        if (double.IsInfinity(x))
        {
            dResult = double.NaN;
            return BinaryEdgeLimit(logit, temperature, x);
        }

        var u = temperature * x - logit;
        var value = Math.Log(temperature) - G(u) - Math.Log(sample) - Math.Log(1.0 - sample);
        var t = Math.Tanh(0.5 * u);

        // sigmoid(−|x|) is the smaller of y and 1 − y, without rounding x.
        var dX = DensitySlopeInLogit(x, Math.Min(sample, 1.0 - sample), u, temperature);
        dResult = t * dLogit + (1.0 / temperature - x * t) * dTemperature + dX / (sample * (1.0 - sample)) * dSample;
        return value;
    }

    /// <summary>
    /// <see cref="BinaryConcreteLogDensity"/> at the sample <c>sigmoid(sampleLogit)</c>, computed from the sample's
    /// logit (for a relaxed sample <c>(logit + L)/τ</c>), so that samples rounding to 0 or 1 keep a finite density.
    /// </summary>
    /// <param name="logit">Finite log-odds <c>a</c>.</param>
    /// <param name="temperature">Temperature λ = τ &gt; 0.</param>
    /// <param name="sampleLogit">The sample's logit <c>log y − log(1 − y)</c>.</param>
    /// <returns>The log-density of the sample y (not of its logit).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryConcreteLogDensityFromLogit(double logit, double temperature, double sampleLogit)
        => BinaryConcreteLogDensityFromLogitTangent(logit, temperature, sampleLogit, 0.0, 0.0, 0.0, out _);

    /// <summary>Tangent rule of <see cref="BinaryConcreteLogDensityFromLogit"/>.</summary>
    /// <param name="logit">As for <c>BinaryConcreteLogDensityFromLogit</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcreteLogDensityFromLogit</c>.</param>
    /// <param name="sampleLogit">As for <c>BinaryConcreteLogDensityFromLogit</c>.</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSampleLogit">Tangent of the sample's logit.</param>
    /// <param name="dResult">Receives the directional derivative.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryConcreteLogDensityFromLogit))]
    public static double BinaryConcreteLogDensityFromLogitTangent(double logit, double temperature, double sampleLogit, double dLogit, double dTemperature, double dSampleLogit, out double dResult)
    {
        CheckTemperature(temperature);
        var x = sampleLogit;
        if (double.IsInfinity(x))
        {
            dResult = double.NaN;
            return BinaryEdgeLimit(logit, temperature, x);
        }

        var u = temperature * x - logit;
        var value = Math.Log(temperature) - G(u) + G(x);
        var t = Math.Tanh(0.5 * u);
        dResult = t * dLogit + (1.0 / temperature - x * t) * dTemperature + DensitySlopeInLogit(x, SmallSigmoid(x), u, temperature) * dSampleLogit;
        return value;
    }

    /// <summary>∂ log p/∂x = tanh(x/2) − λ tanh(u/2) without cancellation; <paramref name="smallX"/> is sigmoid(−|x|).</summary>
    private static double DensitySlopeInLogit(double x, double smallX, double u, double lambda)
    {
        var sx = x < 0 ? -1.0 : 1.0;
        var su = u < 0 ? -1.0 : 1.0;
        return (sx - lambda * su) - 2.0 * sx * smallX + 2.0 * lambda * su * SmallSigmoid(u);
    }

    /// <summary>sigmoid(−|v|), in (0, ½].</summary>
    private static double SmallSigmoid(double v)
    {
        var e = Math.Exp(-Math.Abs(v));
        return e / (1.0 + e);
    }

    /// <summary>g(u) = log(1 + eᵘ) + log(1 + e⁻ᵘ), without overflow.</summary>
    private static double G(double u)
    {
        var m = Math.Abs(u);
        return m + 2.0 * Math.Log(1.0 + Math.Exp(-m));
    }

    private static double BinaryEdgeLimit(double logit, double lambda, double x)
    {
        if (lambda == 1.0)
        {
            return x > 0 ? logit : -logit;
        }

        return lambda < 1.0 ? double.PositiveInfinity : double.NegativeInfinity;
    }
}
