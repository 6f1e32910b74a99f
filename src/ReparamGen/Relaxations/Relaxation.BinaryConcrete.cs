using System;
using System.Numerics;

namespace ReparamGen;

// The binary Concrete (relaxed Bernoulli) sample y = sigmoid((a + L)/τ), L standard logistic
// (Maddison et al. 2017 §3.3 and App. B; the two-category Gumbel-Softmax, since L = γ₁ − γ₂ in law).
// With x = (a + L)/τ: dy = y(1 − y)(da − x dτ)/τ, and y(1 − y) = e^{−|x|}/(1 + e^{−|x|})² is computed
// without forming 1 − y, which would cancel for y near 1.
public static partial class Relaxation
{
    /// <summary>
    /// The binary Concrete (relaxed Bernoulli) sample <c>sigmoid((logit + logistic) / temperature)</c>, in (0, 1)
    /// up to rounding; as τ → 0 it tends to the Bernoulli(sigmoid(logit)) draw <c>logit + logistic &gt; 0</c>.
    /// </summary>
    /// <param name="logit">Log-odds <c>a</c>: <c>P(1) = sigmoid(a)</c>.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="logistic">A standard logistic draw (see <see cref="GumbelNoise.NextLogistic"/>).</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryConcrete(double logit, double temperature, [Noise] double logistic)
    {
        CheckTemperature(temperature);
        return Sigmoid((logit + logistic) / temperature);
    }

    /// <summary>Single-precision form of <see cref="BinaryConcrete(double, double, double)"/>.</summary>
    /// <param name="logit">Log-odds.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0.</param>
    /// <param name="logistic">A standard logistic draw.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static float BinaryConcrete(float logit, float temperature, [Noise] float logistic)
    {
        CheckTemperature(temperature);
        return Sigmoid((logit + logistic) / temperature);
    }

    /// <summary>Tangent rule of <see cref="BinaryConcrete(double, double, double)"/>: <c>dy = y(1 − y)(dLogit − x·dTemperature)/τ</c>, <c>x = (logit + logistic)/τ</c>.</summary>
    /// <param name="logit">As for <c>BinaryConcrete</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcrete</c>.</param>
    /// <param name="logistic">As for <c>BinaryConcrete</c> (noise: no tangent).</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dResult">Receives the tangent of the sample.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryConcrete))]
    public static double BinaryConcreteTangent(double logit, double temperature, double logistic, double dLogit, double dTemperature, out double dResult)
    {
        CheckTemperature(temperature);
        return SigmoidTangent(logit, temperature, logistic, dLogit, dTemperature, out dResult);
    }

    /// <summary>Single-precision form of <see cref="BinaryConcreteTangent(double, double, double, double, double, out double)"/>.</summary>
    /// <param name="logit">As for <c>BinaryConcrete</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcrete</c>.</param>
    /// <param name="logistic">As for <c>BinaryConcrete</c>.</param>
    /// <param name="dLogit">Tangent of the logit.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dResult">Receives the tangent of the sample.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    [TangentOf(typeof(Relaxation), nameof(BinaryConcrete))]
    public static float BinaryConcreteTangent(float logit, float temperature, float logistic, float dLogit, float dTemperature, out float dResult)
    {
        CheckTemperature(temperature);
        return SigmoidTangent(logit, temperature, logistic, dLogit, dTemperature, out dResult);
    }

    /// <summary>Reverse mode of <see cref="BinaryConcrete(double, double, double)"/>: adds <c>seed·∂y/∂logit</c> and <c>seed·∂y/∂τ</c>.</summary>
    /// <param name="logit">As for <c>BinaryConcrete</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcrete</c>.</param>
    /// <param name="logistic">As for <c>BinaryConcrete</c>.</param>
    /// <param name="seed">Upstream derivative <c>∂L/∂y</c>.</param>
    /// <param name="gradLogit">Accumulates <c>∂L/∂logit</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static double BinaryConcreteBackward(double logit, double temperature, double logistic, double seed, ref double gradLogit, ref double gradTemperature)
    {
        CheckTemperature(temperature);
        return SigmoidBackward(logit, temperature, logistic, seed, ref gradLogit, ref gradTemperature);
    }

    /// <summary>Single-precision form of <see cref="BinaryConcreteBackward(double, double, double, double, ref double, ref double)"/>.</summary>
    /// <param name="logit">As for <c>BinaryConcrete</c>.</param>
    /// <param name="temperature">As for <c>BinaryConcrete</c>.</param>
    /// <param name="logistic">As for <c>BinaryConcrete</c>.</param>
    /// <param name="seed">Upstream derivative <c>∂L/∂y</c>.</param>
    /// <param name="gradLogit">Accumulates <c>∂L/∂logit</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <returns>The relaxed sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN.</exception>
    public static float BinaryConcreteBackward(float logit, float temperature, float logistic, float seed, ref float gradLogit, ref float gradTemperature)
    {
        CheckTemperature(temperature);
        return SigmoidBackward(logit, temperature, logistic, seed, ref gradLogit, ref gradTemperature);
    }

    /// <summary>sigmoid(x) without overflow: exp of a non-positive argument only.</summary>
    private static T Sigmoid<T>(T x)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (x >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-x));
        }

        var e = T.Exp(x);
        return e / (T.One + e);
    }

    /// <summary>y(1 − y) for y = sigmoid(x), from e^{−|x|}.</summary>
    private static T SigmoidSlope<T>(T x)
        where T : struct, IFloatingPointIeee754<T>
    {
        var t = T.Exp(-T.Abs(x));
        var onePlus = T.One + t;
        return t / (onePlus * onePlus);
    }

    private static T SigmoidTangent<T>(T logit, T temperature, T logistic, T dLogit, T dTemperature, out T dResult)
        where T : struct, IFloatingPointIeee754<T>
    {
        var x = (logit + logistic) / temperature;
        var slope = SigmoidSlope(x);

        // A zero slope (|x| huge or infinite) has zero tangent; the test avoids 0·∞ when x = ±∞.
        dResult = slope == T.Zero ? T.Zero : slope * (dLogit - x * dTemperature) / temperature;
        return Sigmoid(x);
    }

    private static T SigmoidBackward<T>(T logit, T temperature, T logistic, T seed, ref T gradLogit, ref T gradTemperature)
        where T : struct, IFloatingPointIeee754<T>
    {
        var x = (logit + logistic) / temperature;
        var slope = SigmoidSlope(x);
        if (slope != T.Zero || T.IsNaN(seed))
        {
            var v = seed * slope / temperature;
            gradLogit += v;
            gradTemperature -= v * x;
        }

        return Sigmoid(x);
    }
}
