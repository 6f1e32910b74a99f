using System;

namespace ReparamGen;

/// <summary>
/// The stopping test for loops that run "until converged" (series, continued fractions, Newton
/// iterations). In differentiated code the generator extends it to every tangent: the loop stops only
/// when the value and each directional derivative have converged, so a derivative is as accurate as
/// its value (the separate derivative test of TFP/Eigen's incomplete-gamma gradients, made automatic).
/// </summary>
/// <example>
/// <code>
/// var sum = 1.0; var term = 1.0;
/// for (var k = 1; k &lt; 500; k++)
/// {
///     term *= x / k;
///     sum += term;
///     if (Convergence.Reached(term, sum, 1e-16)) break;
/// }
/// </code>
/// </example>
public static class Convergence
{
    /// <summary>Whether <c>|term| ≤ relativeTolerance·|sum|</c> (a zero term with a zero sum has converged). NaN never converges.</summary>
    /// <param name="term">The latest correction.</param>
    /// <param name="sum">The running value it corrects.</param>
    /// <param name="relativeTolerance">Relative tolerance, e.g. <c>1e-16</c> for double precision.</param>
    public static bool Reached(double term, double sum, double relativeTolerance) => Math.Abs(term) <= relativeTolerance * Math.Abs(sum);

    /// <summary>Single-precision form of <see cref="Reached(double, double, double)"/>.</summary>
    /// <param name="term">The latest correction.</param>
    /// <param name="sum">The running value it corrects.</param>
    /// <param name="relativeTolerance">Relative tolerance, e.g. <c>1e-7f</c>.</param>
    public static bool Reached(float term, float sum, float relativeTolerance) => MathF.Abs(term) <= relativeTolerance * MathF.Abs(sum);
}
