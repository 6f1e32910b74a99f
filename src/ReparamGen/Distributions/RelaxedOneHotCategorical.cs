using System;

namespace ReparamGen.Distributions;

/// <summary>
/// The relaxed one-hot categorical (Concrete, Gumbel-Softmax) distribution of Maddison, Mnih and Teh (2017)
/// and Jang, Gu and Poole (2017): <c>y = softmax((logits + γ) / temperature)</c> with <c>γ</c> K independent
/// standard Gumbel draws, a continuous stand-in on the simplex for a one-hot categorical variable that tends
/// to it as the temperature goes to 0.
/// </summary>
/// <remarks>
/// <para>
/// <b>Parameters.</b> <c>logits</c> are unnormalized log-probabilities of the K categories: the categorical being
/// relaxed has <c>πᵢ = exp(logitsᵢ) / Σⱼ exp(logitsⱼ)</c> (see <see cref="Probabilities"/>); adding one constant to
/// every logit changes nothing; from probabilities, <c>logitsᵢ = log πᵢ</c>. <c>temperature</c> is τ &gt; 0
/// (τ ≤ 0 or NaN throws <see cref="ArgumentOutOfRangeException"/>).
/// </para>
/// <para>
/// <b>Gradients.</b> Generated from the attributes: <c>TransformTangent</c>, <c>TransformLogTangent</c>,
/// <c>LogDensityTangent</c> and <c>LogDensityFromLogTangent</c> (Jacobian-vector products). Written by hand because
/// the generator cannot make them yet: <see cref="SampleTangent"/> (the tangent rule of <see cref="Sample"/>, whose
/// body fills a noise span) and the reverse-mode members <see cref="TransformBackward"/>, <see cref="TransformLogBackward"/>,
/// <see cref="LogDensityBackward"/> and <see cref="LogDensityFromLogBackward"/> (vector-Jacobian products for span
/// inputs and outputs, which the generator does not emit). To differentiate a loss of a sample: fill Gumbel noise with
/// <see cref="GumbelNoise.FillGumbel(Random, Span{double})"/>, call <see cref="Transform"/>, compute the loss and its
/// gradient with respect to the sample, then call <see cref="TransformBackward"/>. Batches of rows:
/// <see cref="Relaxation.GumbelSoftmaxBatch(ReadOnlySpan{double}, int, double, ReadOnlySpan{double}, Span{double})"/>.
/// </para>
/// <para>
/// <b>Near one-hot samples.</b> For small τ most coordinates underflow to 0, where the density is not finite
/// (see <see cref="LogDensity"/>). For relaxed ELBO terms use the log-space pair <see cref="TransformLog"/> and
/// <see cref="LogDensityFromLog"/>, which stay finite.
/// </para>
/// </remarks>
public static partial class RelaxedOneHotCategorical
{
    /// <summary>Draws a relaxed one-hot sample (K Gumbel draws from <paramref name="rng"/>), without allocating.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories (finite, or −∞ for a masked category).</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="rng">The source of randomness.</param>
    /// <param name="sample">Receives the K coordinates of the sample (non-negative, summing to 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException"><paramref name="sample"/>'s length differs from <paramref name="logits"/>'s.</exception>
    public static void Sample(ReadOnlySpan<double> logits, double temperature, Random rng, Span<double> sample)
    {
        Relaxation.CheckRelaxed(logits.Length, temperature, sample.Length, nameof(sample));

        // The noise is drawn into the output, which the softmax then overwrites in place.
        GumbelNoise.FillGumbel(rng, sample);
        Relaxation.SoftmaxForward(logits, temperature, sample, sample);
    }

    /// <summary>
    /// Tangent rule of <see cref="Sample"/>: draws as <c>Sample</c> does (same use of <paramref name="rng"/>) and writes
    /// the sample's directional derivative along (<paramref name="dLogits"/>, <paramref name="dTemperature"/>).
    /// </summary>
    /// <param name="logits">As for <c>Sample</c>.</param>
    /// <param name="temperature">As for <c>Sample</c>.</param>
    /// <param name="rng">As for <c>Sample</c>.</param>
    /// <param name="sample">Receives the sample.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dSample">Receives the tangent of the sample.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [TangentOf(typeof(RelaxedOneHotCategorical), nameof(Sample))]
    public static void SampleTangent(ReadOnlySpan<double> logits, double temperature, Random rng, Span<double> sample, ReadOnlySpan<double> dLogits, double dTemperature, Span<double> dSample)
    {
        Relaxation.CheckRelaxed(logits.Length, temperature, sample.Length, nameof(sample));
        Relaxation.CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        Relaxation.CheckLength(logits.Length, dSample.Length, nameof(dSample));

        // The noise goes into dSample, which the kernel reads index by index before overwriting.
        GumbelNoise.FillGumbel(rng, dSample);
        Relaxation.SoftmaxTangent(logits, temperature, dSample, sample, dLogits, dTemperature, dSample);
    }

    /// <summary>The sample for given Gumbel noise: <c>softmax((logits + gumbel) / temperature)</c>.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="sample">Receives the sample.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [Reparameterizable]
    public static void Transform(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel, Span<double> sample)
    {
        Relaxation.GumbelSoftmax(logits, temperature, gumbel, sample);
    }

    /// <summary>Reverse mode of <see cref="Transform"/>: adds <c>∂L/∂logits</c> and <c>∂L/∂τ</c> for the upstream gradient <c>∂L/∂sample</c>.</summary>
    /// <param name="logits">As for <c>Transform</c>.</param>
    /// <param name="temperature">As for <c>Transform</c>.</param>
    /// <param name="gumbel">As for <c>Transform</c>.</param>
    /// <param name="sample">The output of <c>Transform</c> for these arguments.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂sample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void TransformBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> sample, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
        => Relaxation.GumbelSoftmaxBackward(logits, temperature, gumbel, sample, upstream, gradLogits, ref gradTemperature);

    /// <summary>The sample in log space for given Gumbel noise, <c>log softmax((logits + gumbel) / temperature)</c>: finite where the sample underflows.</summary>
    /// <param name="logits">Unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="gumbel">K standard Gumbel draws.</param>
    /// <param name="logSample">Receives the logarithms of the sample's coordinates.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [Reparameterizable]
    public static void TransformLog(ReadOnlySpan<double> logits, double temperature, [Noise] ReadOnlySpan<double> gumbel, Span<double> logSample)
    {
        Relaxation.GumbelLogSoftmax(logits, temperature, gumbel, logSample);
    }

    /// <summary>Reverse mode of <see cref="TransformLog"/>: adds <c>∂L/∂logits</c> and <c>∂L/∂τ</c> for the upstream gradient <c>∂L/∂logSample</c>.</summary>
    /// <param name="logits">As for <c>TransformLog</c>.</param>
    /// <param name="temperature">As for <c>TransformLog</c>.</param>
    /// <param name="gumbel">As for <c>TransformLog</c>.</param>
    /// <param name="logSample">The output of <c>TransformLog</c> for these arguments.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂logSample</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void TransformLogBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> gumbel, ReadOnlySpan<double> logSample, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
        => Relaxation.GumbelLogSoftmaxBackward(logits, temperature, gumbel, logSample, upstream, gradLogits, ref gradTemperature);

    /// <summary>
    /// Log-density of the relaxed one-hot categorical at <paramref name="sample"/> (Maddison et al. 2017, eq. 4), in log space;
    /// see <see cref="Relaxation.ConcreteLogDensity"/> for the behaviour on the simplex's edge.
    /// </summary>
    /// <param name="logits">Finite unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="sample">A point of the simplex.</param>
    /// <returns>The log-density with respect to Lebesgue measure on the first K − 1 coordinates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [Differentiable]
    public static double LogDensity(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample)
        => Relaxation.ConcreteLogDensity(logits, temperature, sample);

    /// <summary>Reverse mode of <see cref="LogDensity"/>: adds <c>seed</c> times its gradients with respect to the logits, τ and the sample.</summary>
    /// <param name="logits">As for <c>LogDensity</c>.</param>
    /// <param name="temperature">As for <c>LogDensity</c>.</param>
    /// <param name="sample">As for <c>LogDensity</c>.</param>
    /// <param name="seed">Upstream derivative with respect to the log-density (1 for the plain gradient).</param>
    /// <param name="gradLogits">Accumulates the logits' gradient.</param>
    /// <param name="gradTemperature">Accumulates the temperature's gradient.</param>
    /// <param name="gradSample">Accumulates the sample's gradient.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double LogDensityBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> sample, double seed, Span<double> gradLogits, ref double gradTemperature, Span<double> gradSample)
        => Relaxation.ConcreteLogDensityBackward(logits, temperature, sample, seed, gradLogits, ref gradTemperature, gradSample);

    /// <summary>The log-density of the sample whose coordinate-wise logarithm is <paramref name="logSample"/> (as from <see cref="TransformLog"/>).</summary>
    /// <param name="logits">Finite unnormalized log-probabilities of the K categories.</param>
    /// <param name="temperature">Temperature τ &gt; 0.</param>
    /// <param name="logSample">The logarithms of the sample's coordinates.</param>
    /// <returns>The log-density of the sample with respect to Lebesgue measure on the first K − 1 coordinates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [Differentiable]
    public static double LogDensityFromLog(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> logSample)
        => Relaxation.ConcreteLogDensityFromLog(logits, temperature, logSample);

    /// <summary>Reverse mode of <see cref="LogDensityFromLog"/>: adds <c>seed</c> times its gradients with respect to the logits, τ and the log-sample.</summary>
    /// <param name="logits">As for <c>LogDensityFromLog</c>.</param>
    /// <param name="temperature">As for <c>LogDensityFromLog</c>.</param>
    /// <param name="logSample">As for <c>LogDensityFromLog</c>.</param>
    /// <param name="seed">Upstream derivative with respect to the log-density.</param>
    /// <param name="gradLogits">Accumulates the logits' gradient.</param>
    /// <param name="gradTemperature">Accumulates the temperature's gradient.</param>
    /// <param name="gradLogSample">Accumulates the log-sample's gradient.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double LogDensityFromLogBackward(ReadOnlySpan<double> logits, double temperature, ReadOnlySpan<double> logSample, double seed, Span<double> gradLogits, ref double gradTemperature, Span<double> gradLogSample)
        => Relaxation.ConcreteLogDensityFromLogBackward(logits, temperature, logSample, seed, gradLogits, ref gradTemperature, gradLogSample);

    /// <summary>The class probabilities of the categorical being relaxed, <c>softmax(logits)</c>, computed stably.</summary>
    /// <param name="logits">Unnormalized log-probabilities (finite, or −∞ for a masked category).</param>
    /// <param name="probabilities">Receives <c>exp(logitsᵢ) / Σⱼ exp(logitsⱼ)</c>.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Probabilities(ReadOnlySpan<double> logits, Span<double> probabilities)
    {
        Relaxation.CheckLength(logits.Length, probabilities.Length, nameof(probabilities));
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = double.IsNaN(logit) ? logit : Math.Max(max, logit);
        }

        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }
}
