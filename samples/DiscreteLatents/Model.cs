using System;
using ReparamGen;

namespace DiscreteLatents;

/// <summary>
/// The discrete-choice problem: a choice among K = 8 positions 0…7 with logits quadratic in the position
/// (two parameters θ), and a cost that prefers position 2.6 (not a grid point, so no single choice is free).
/// </summary>
/// <remarks>
/// Objective: <c>L(θ) = E_{z~π_θ}[f(z)] − β·H(π_θ)</c>, expected cost minus an entropy bonus (the usual
/// regularized objective of softmax policies). Its minimiser over all distributions is
/// <c>π* = softmax(−f/β)</c> with value <c>L* = −β log Σᵢ exp(−fᵢ/β)</c>. With <c>fᵢ = (i − 2.6)²/4</c> and β = ½,
/// <c>π*ᵢ ∝ exp(−(i − 2.6)²/2)</c>, which this family reaches at θ* = (slope −0.9, curvature −0.5): a known, finite optimum.
/// Every estimator below estimates only <c>∇θ E[f(z)]</c>; the entropy gradient is exact and shared.
/// </remarks>
public static partial class Model
{
    /// <summary>Number of choices.</summary>
    public const int K = 8;

    /// <summary>The cost's preferred position (between grid points 2 and 3).</summary>
    public const double Target = 2.6;

    /// <summary>Entropy weight β.</summary>
    public const double EntropyWeight = 0.5;

    /// <summary>
    /// The known optimum θ*: logits* = −f/β = −(uᵢ + 3.5 − 2.6)²/(4β) = (2.6 − 3.5)/(2β)·uᵢ − uᵢ²/(4β) + const,
    /// i.e. slope −0.9 and curvature −0.5.
    /// </summary>
    public static readonly Theta Optimum = new((Target - Centre) / (2 * EntropyWeight), -1.0 / (4 * EntropyWeight));

    /// <summary>Centre of the grid, (K − 1)/2: centred features u, u² are far less correlated than i, i², which conditions SGD better.</summary>
    public const double Centre = (K - 1) / 2.0;

    /// <summary>
    /// Logits quadratic in the position: <c>logitsᵢ = slope·uᵢ + curvature·uᵢ²</c>, uᵢ = i − 3.5.
    /// The build generates <c>LogitsGumbelMax</c>, <c>LogitsRelaxed</c>, <c>LogitsRelaxedBackward</c>,
    /// <c>LogitsStraightThrough</c>, … and <c>LogitsTangent</c> from this method.
    /// </summary>
    [GumbelSoftmax]
    public static void Logits(double slope, double curvature, Span<double> logits)
    {
        for (var i = 0; i < logits.Length; i++)
        {
            var u = i - Centre;
            logits[i] = slope * u + curvature * u * u;
        }
    }

    /// <summary>
    /// Cost of a (one-hot or relaxed) choice vector y: <c>(position − 2.6)²/4</c> with position = Σᵢ i·yᵢ.
    /// On a one-hot vector for choice z it is <c>f(z) = (z − 2.6)²/4</c>; on a relaxed sample it is what the
    /// Gumbel-Softmax estimator differentiates. The build generates <c>CostTangent</c>.
    /// </summary>
    [Differentiable]
    public static double Cost(ReadOnlySpan<double> y)
    {
        var position = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            position += i * y[i];
        }

        var d = position - Target;
        return d * d / 4.0;
    }

    /// <summary>Cost of choice z, <c>f(z)</c>.</summary>
    public static double CostOf(int z) => (z - Target) * (z - Target) / 4.0;

    /// <summary>
    /// ∂Cost/∂y at y, one forward-mode pass (<c>CostTangent</c>) per unit direction. The generator emits only a
    /// tangent for span inputs, so the K-component gradient takes K passes (K = 8: cheap).
    /// </summary>
    public static void CostGradient(ReadOnlySpan<double> y, Span<double> gradient)
    {
        Span<double> direction = stackalloc double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            direction.Clear();
            direction[i] = 1.0;
            CostTangent(y, direction, out gradient[i]);
        }
    }

    /// <summary>
    /// ∂logitsᵢ/∂slope and ∂logitsᵢ/∂curvature, from the generated <c>LogitsTangent</c> (one pass per parameter).
    /// </summary>
    public static void LogitJacobian(Theta theta, Span<double> dSlope, Span<double> dCurvature)
    {
        Span<double> logits = stackalloc double[dSlope.Length];
        LogitsTangent(theta.Slope, theta.Curvature, logits, 1.0, 0.0, dSlope);
        LogitsTangent(theta.Slope, theta.Curvature, logits, 0.0, 1.0, dCurvature);
    }
}
