using System;

namespace ReparamGen.Generator.Tests.Oracles;

/// <summary>
/// The independent oracle for derivatives: the fourth-order central difference
/// f'(x) ≈ [f(x−2h) − 8f(x−h) + 8f(x+h) − f(x+2h)] / 12h (Fornberg 1988, the 5-point stencil).
/// Truncation error is h⁴·f⁽⁵⁾/30; rounding error about ε·|f|/h. With h = 1e-3·max(1, |x|) both
/// stay near 1e-12 relative for the smooth, O(1)-scaled functions the tests use, so the tests'
/// 1e-8 relative bar leaves four orders of margin and still catches any wrong formula.
/// </summary>
public static class FiniteDifference
{
    /// <summary>Relative tolerance for comparing a derivative with <see cref="Derivative"/> (see the class remarks).</summary>
    public const double RelativeTolerance = 1e-8;

    public static double Derivative(Func<double, double> f, double x)
    {
        var h = 1e-3 * Math.Max(1.0, Math.Abs(x));
        return (f(x - (2 * h)) - (8 * f(x - h)) + (8 * f(x + h)) - f(x + (2 * h))) / (12 * h);
    }

    /// <summary>|actual − expected| ≤ tol·max(1, |expected|): relative for large values, absolute near zero.</summary>
    public static bool Close(double expected, double actual, double tolerance = RelativeTolerance)
        => Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected));
}
