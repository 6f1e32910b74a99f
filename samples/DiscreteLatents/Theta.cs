using System;

namespace DiscreteLatents;

/// <summary>Parameters θ of the choice distribution (also used for gradients with respect to them).</summary>
/// <param name="Slope">Linear coefficient of the logits in the centred position.</param>
/// <param name="Curvature">Quadratic coefficient of the logits in the centred position.</param>
public readonly record struct Theta(double Slope, double Curvature)
{
    /// <summary>Euclidean norm.</summary>
    public double Norm => Math.Sqrt(Slope * Slope + Curvature * Curvature);

    /// <summary>Component-wise sum.</summary>
    public static Theta operator +(Theta a, Theta b) => new(a.Slope + b.Slope, a.Curvature + b.Curvature);

    /// <summary>Component-wise difference.</summary>
    public static Theta operator -(Theta a, Theta b) => new(a.Slope - b.Slope, a.Curvature - b.Curvature);

    /// <summary>Scaling.</summary>
    public static Theta operator *(double s, Theta a) => new(s * a.Slope, s * a.Curvature);

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"({Slope:F3}, {Curvature:F3})");
}
