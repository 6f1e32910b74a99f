using System;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>The tolerances of the special-function tests, each with where it comes from.</summary>
internal static class Bars
{
    /// <summary>Half an ulp of 1 in double, 2⁻⁵³ ≈ 1.1e-16: the unit of every bar below.</summary>
    public const double Unit = 1.1102230246251565e-16;

    /// <summary>
    /// Implicit reparameterization derivatives (Gamma ∂z/∂α, Beta ∂z/∂a and ∂z/∂b, von Mises
    /// ∂z/∂κ) to a relative error of at most 1e-10 over the whole reference grid.
    /// </summary>
    public const double Implicit = 1e-10;

    /// <summary>
    /// Float32 overloads evaluate in double and round once: half an ulp of float (2⁻²⁴ ≈ 5.96e-8) plus the double bar.
    /// Only points whose exact result is a normal float count (subnormal floats carry fewer than 24 bits).
    /// </summary>
    public const double Float32 = 5.9604644775390625e-8 + Implicit;

    /// <summary>
    /// Functions evaluated as one short series or recurrence followed by a few roundings (log1p, log Γ, ψ, ψ', erf,
    /// erfc, erfinv, erfcinv and their tangents): 8 units, i.e. 4 ulp; the measured worst is 2–4 units.
    /// </summary>
    public const double FewUlp = 8 * Unit;

    /// <summary>
    /// ψ'' (the trigamma tangent), log B and I₁/I₀: sums of a handful of terms up to 10× larger than the result
    /// (recurrence plus asymptotic series; Stirling terms), or a ratio of two power series of up to ~30 positive terms
    /// each rounded once: 32 units. Measured worst: 7 units (ψ''), 16 units (log B), 8 units (I₁/I₀).
    /// </summary>
    public const double FewTerms = 32 * Unit;

    /// <summary>
    /// 1 − I₁/I₀ below x = 20 is a difference of two power series cancelling by up to a factor 2x ≤ 40: 40 × 4 units
    /// = 160 units. Measured worst 61 units.
    /// </summary>
    public const double BesselComplement = 160 * Unit;

    /// <summary>
    /// von Mises CDF and ∂κF: a sum of up to 14 panels × 20 Gauss–Legendre nodes of same-sign terms (≈ 300 roundings
    /// of relative size ≤ 1 unit each) plus 1 − A (≤ 160 units): 1000 units ≈ 1.1e-13. Measured worst 58 units.
    /// </summary>
    public const double VonMises = 1000 * Unit;

    /// <summary>
    /// Incomplete gamma and beta values, their shape derivatives and densities. Per point, in units:
    /// <list type="bullet">
    /// <item>100 for the series / continued fraction (up to a few hundred steps for shapes up to 1e4);</item>
    /// <item>8·|log smaller| for the prefactor <c>exp(L)</c>, <c>|L| ≈ |log smaller|</c>: exp turns L's absolute error into a
    /// relative one, and L's terms (e.g. <c>a·log(x/a)</c> and <c>x − a</c>) may exceed |L| by up to 3.6× before they cancel;</item>
    /// <item>times larger/smaller when the side the method evaluates directly (chosen by x against the mean, not by which
    /// tail is smaller) is the larger tail, so that the smaller one is formed as 1 minus it;</item>
    /// <item>times <paramref name="fractionLoss"/>: for the beta continued fraction <c>1/|1 + d₁|</c>, the cancellation of its
    /// first odd step near x = (a+1)/(a+b+2) when one shape is tiny (see BetaContinuedFraction's remarks).</item>
    /// </list>
    /// </summary>
    public static double Incomplete(double smaller, double larger, bool directIsLarger, double fractionLoss = 1.0)
    {
        var amplification = directIsLarger ? larger / smaller : 1.0;
        return Unit * (100.0 + 8.0 * Math.Abs(Math.Log(smaller))) * amplification * Math.Max(1.0, fractionLoss);
    }
}
