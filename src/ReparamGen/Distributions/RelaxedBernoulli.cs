using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The relaxed Bernoulli (binary Concrete) distribution of Maddison, Mnih and Teh (2017) and Jang, Gu and
/// Poole (2017): <c>y = sigmoid((logit + L) / temperature)</c> with <c>L</c> standard logistic noise, a
/// continuous stand-in on (0, 1) for a Bernoulli variable that tends to it as the temperature goes to 0.
/// </summary>
/// <remarks>
/// <para>
/// <b>Parameters.</b> <c>logit</c> is the log-odds <c>a</c> of the Bernoulli being relaxed: <c>P(1) = sigmoid(a)
/// = 1/(1 + e^{−a})</c> (see <see cref="Probability"/>); from a probability <c>p</c>, <c>a = log p − log(1 − p)</c>.
/// <c>temperature</c> is τ &gt; 0 (τ ≤ 0 or NaN throws <see cref="ArgumentOutOfRangeException"/>).
/// </para>
/// <para>
/// <b>Gradients.</b> <see cref="Sample"/>, <see cref="Transform"/>, <see cref="SampleStraightThrough"/>,
/// <see cref="LogDensity"/> and <see cref="LogDensityFromLogit"/> carry the ReparamGen attributes, so their
/// <c>…Tangent</c>, <c>…WithGradient</c> (with a <c>…Gradient</c> record: <c>Value</c>, <c>DLogit</c>,
/// <c>DTemperature</c>, …), <c>…Backward</c> and batch members are generated, through the tangent rules of
/// <see cref="Relaxation"/>.
/// </para>
/// </remarks>
public static partial class RelaxedBernoulli
{
    /// <summary>Draws a relaxed Bernoulli sample; generated gradients are with respect to the logit and the temperature at that draw.</summary>
    /// <param name="logit">Log-odds: <c>P(1) = sigmoid(logit)</c>.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="rng">The source of randomness (one logistic draw, <see cref="GumbelNoise.NextLogistic"/>).</param>
    /// <returns>A sample in [0, 1] (in (0, 1) unless it rounds to an end point).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [Reparameterizable]
    public static double Sample(double logit, double temperature, Random rng)
    {
        var logistic = GumbelNoise.NextLogistic(rng);
        return Relaxation.BinaryConcrete(logit, temperature, logistic);
    }

    /// <summary>The sample for given standard logistic noise: <c>sigmoid((logit + logistic) / temperature)</c>.</summary>
    /// <param name="logit">Log-odds: <c>P(1) = sigmoid(logit)</c>.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="logistic">Standard logistic noise.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [Reparameterizable]
    public static double Transform(double logit, double temperature, [Noise] double logistic)
        => Relaxation.BinaryConcrete(logit, temperature, logistic);

    /// <summary>
    /// Straight-through draw: the hard Bernoulli(sigmoid(logit)) sample, 0 or 1, whose generated gradients are those
    /// of the relaxed sample at the same noise and <paramref name="temperature"/> (biased, low-variance).
    /// </summary>
    /// <param name="logit">Log-odds: <c>P(1) = sigmoid(logit)</c>.</param>
    /// <param name="temperature">Temperature τ &gt; 0 of the relaxation used for the gradient.</param>
    /// <param name="rng">The source of randomness.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [Reparameterizable]
    public static double SampleStraightThrough(double logit, double temperature, Random rng)
    {
        var logistic = GumbelNoise.NextLogistic(rng);
        return Relaxation.BinaryStraightThrough(logit, temperature, logistic);
    }

    /// <summary>Log-density of the relaxed Bernoulli at <paramref name="sample"/> (Maddison et al. 2017, eq. 17), in log space.</summary>
    /// <param name="logit">Finite log-odds.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="sample">A point of [0, 1]; −∞ outside; the limit at 0 and 1.</param>
    /// <returns>The log-density with respect to Lebesgue measure on (0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [Differentiable]
    public static double LogDensity(double logit, double temperature, double sample)
        => Relaxation.BinaryConcreteLogDensity(logit, temperature, sample);

    /// <summary>
    /// <see cref="LogDensity"/> at <c>sigmoid(sampleLogit)</c>, from the sample's logit <c>(logit + L)/τ</c>:
    /// finite where a sample in double would round to 0 or 1.
    /// </summary>
    /// <param name="logit">Finite log-odds.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="sampleLogit">The sample's logit <c>log y − log(1 − y)</c>.</param>
    /// <returns>The log-density of the sample y.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [Differentiable]
    public static double LogDensityFromLogit(double logit, double temperature, double sampleLogit)
        => Relaxation.BinaryConcreteLogDensityFromLogit(logit, temperature, sampleLogit);

    /// <summary>The probability of 1 of the Bernoulli being relaxed, <c>sigmoid(logit)</c>, without overflow.</summary>
    /// <param name="logit">Log-odds.</param>
    /// <returns><c>1/(1 + e^{−logit})</c>.</returns>
    public static double Probability(double logit)
        => logit >= 0 ? 1.0 / (1.0 + Math.Exp(-logit)) : Math.Exp(logit) / (1.0 + Math.Exp(logit));
}
