using System;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    // Orders at or above this are evaluated by Debye's uniform expansion directly; lower orders are reached from it by
    // the backward recurrence. With DebyeTerms = 14 the first omitted term, u₁₅(p)/ν¹⁵, is below 1e-18 for ν ≥ 25 (the
    // truncation error measured in mpmath is 2.5e-17 at ν = 20 and falls by about ν per term).
    private const double DebyeMinOrder = 25;
    private const int DebyeTerms = 14;

    // Coefficients of Debye's polynomials uₖ(p) (index = power of p), and of wₖ(p) = ½uₖ₋₁(p) + p·u′ₖ₋₁(p) used by the
    // ratio I_{ν+1}/I_ν (index k = 1 … DebyeTerms).
    private static readonly double[][] DebyeU = DebyePolynomials(DebyeTerms);
    private static readonly double[][] DebyeW = DebyeRatioPolynomials(DebyeU);

    /// <summary>
    /// <c>log I_ν(x)</c>, the log of the modified Bessel function of the first kind of real order ν ≥ 0, for x ≥ 0
    /// (<c>log I_ν(0) = −∞</c> for ν &gt; 0, 0 for ν = 0). Stable for any order and argument: no overflow for
    /// x up to the double range, ν in the thousands.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Method. For ν ≥ 25, Debye's uniform asymptotic expansion (DLMF 10.41.3) with 14 correction terms,
    /// <c>log I_ν(νz) = νη − ½log(2πν) − ¼log(1 + z²) + log Σₖ uₖ(p)/νᵏ</c>, <c>η = √(1 + z²) − asinh(1/z)</c>,
    /// <c>p = 1/√(1 + z²)</c>, where the polynomials uₖ come from the recurrence DLMF 10.41.9 (computed once, exactly
    /// rational, rounded to doubles). The expansion is uniform in z ∈ (0, ∞), so it covers small and large x alike.
    /// For ν &lt; 25, the order N = ν + m ≥ 25 (m an integer) is evaluated that way together with the ratio
    /// <c>ρ_N = I_{N+1}/I_N</c> (<see cref="BesselIRatio"/>), and the backward recurrence DLMF 10.29.1,
    /// <c>I_{k−1}/I_k = 2k/x + ρ_k</c>, <c>ρ_{k−1} = 1/(2k/x + ρ_k)</c>, steps down to ν: every step adds positive terms
    /// (the recurrence is stable in this direction, I being its minimal solution), and
    /// <c>log I_ν = log I_N + Σₖ log(I_{k−1}/I_k)</c>; for ν &lt; 25 and x ≤ 10, where those logarithms are large and
    /// cancel, log I_ν comes from the power series (DLMF 10.25.2, positive terms) instead. Arguments below 1e-100 use the
    /// first two terms of the series.
    /// </para>
    /// <para>
    /// Accuracy, measured against mpmath (50 digits) on <c>vmf_bessel.csv</c> (396 points, ν from 0 to 499, x from
    /// 1e-3 to 1e5): absolute error at most 7.3e-16·S with <c>S = max(1, |log I_ν(x)|, ν + x·I_{ν+1}/I_ν)</c>, the size
    /// of the change of log I under one rounding of x (the leading terms of the expansion are of size S and cancel when
    /// log I is small, e.g. ν = 499, x = 333, where the absolute error is 1.2e-13 on log I = 0.02).
    /// </para>
    /// </remarks>
    /// <param name="order">Order ν ≥ 0.</param>
    /// <param name="x">Argument x ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The order or the argument is negative (NaN propagates).</exception>
    public static double LogBesselI([Constant] double order, double x)
    {
        BesselICore(order, x, out var logI, out _);
        return logI;
    }

    /// <summary>
    /// Tangent rule of <see cref="LogBesselI"/> in its argument: <c>d log I_ν(x) = (I_{ν+1}(x)/I_ν(x) + ν/x)·dx</c>
    /// (DLMF 10.29.2), from the same evaluation (<see cref="BesselIRatio"/>'s accuracy). The order is a constant: a
    /// differentiated order is reported by the generator at the call. At x = 0 the derivative is 0 for ν = 0 (I₀ is
    /// even) and +∞ for ν &gt; 0 (log I_ν → −∞ like ν·log x).
    /// </summary>
    /// <param name="order">Order ν ≥ 0 (constant).</param>
    /// <param name="x">Argument x ≥ 0.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(LogBesselI))]
    public static double LogBesselITangent([Constant] double order, double x, double dX, out double dResult)
    {
        BesselICore(order, x, out var logI, out var ratio);
        var slope = order == 0 ? ratio : ratio + (order / x);
        dResult = dX == 0 ? 0 : slope * dX;
        return logI;
    }

    /// <summary>
    /// The ratio <c>I_{ν+1}(x)/I_ν(x)</c> for ν ≥ 0, x ≥ 0 (in [0, 1); 0 at x = 0, 1 at x = +∞). For ν = d/2 − 1 it is
    /// the mean resultant length <c>A_d(x)</c> of the von Mises–Fisher distribution on the unit sphere in ℝᵈ and equals
    /// <c>d/dx log I_ν(x) − ν/x</c> (DLMF 10.29.2).
    /// </summary>
    /// <remarks>
    /// Method: at order N ≥ 25 the quotient of Debye's expansions of <c>I′_N</c> and <c>I_N</c> (DLMF 10.41.3–4, with
    /// <c>vₖ − uₖ = −p(1 − p²)(½uₖ₋₁ + p·u′ₖ₋₁)</c>, DLMF 10.41.11), rearranged to
    /// <c>x/(√(N² + x²) + N) − Nx/(N² + x²)·Σₖ≥₁ wₖ(p)/Nᵏ / Σₖ uₖ(p)/Nᵏ</c>, so that no difference of nearly equal
    /// numbers is formed; lower orders by the backward recurrence described at <see cref="LogBesselI"/> (each step
    /// divides by a sum of positive terms, and errors do not grow). Measured against mpmath on
    /// <c>vmf_bessel.csv</c>: relative error a few units of 1e-16.
    /// </remarks>
    /// <param name="order">Order ν ≥ 0.</param>
    /// <param name="x">Argument x ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The order or the argument is negative (NaN propagates).</exception>
    public static double BesselIRatio(double order, double x)
    {
        BesselICore(order, x, out _, out var ratio);
        return ratio;
    }

    internal static void BesselICore(double order, double x, out double logI, out double ratio)
    {
        if (order < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be non-negative.");
        }

        if (x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The argument must be non-negative.");
        }

        if (double.IsNaN(order) || double.IsNaN(x) || double.IsPositiveInfinity(order))
        {
            logI = ratio = double.NaN;
            return;
        }

        if (double.IsPositiveInfinity(x))
        {
            logI = double.PositiveInfinity;
            ratio = 1;
            return;
        }

        if (x < 1e-100)
        {
            // I_ν(x) = (x/2)^ν/Γ(ν + 1)·(1 + x²/(4(ν + 1)) + …) (DLMF 10.25.2); x² < 1e-200 makes the rest negligible.
            logI = x == 0 ? (order == 0 ? 0 : double.NegativeInfinity) : (order * Math.Log(0.5 * x)) - LogGamma(order + 1);
            ratio = x / (2 * (order + 1));
            return;
        }

        var steps = order >= DebyeMinOrder ? 0 : (int)Math.Ceiling(DebyeMinOrder - order);
        var top = order + steps;
        DebyeExpansion(top, x, out logI, out ratio);
        for (var j = 0; j < steps; j++)
        {
            var k = top - j;
            var back = (2 * k / x) + ratio;   // I_{k−1}/I_k
            logI += Math.Log(back);
            ratio = 1 / back;                 // I_k/I_{k−1}
        }

        if (steps > 0 && x <= 10)
        {
            // The recurrence adds terms of size N·log(2N/x) that cancel when x is small; the power series does not.
            logI = BesselISeriesLog(order, x);
        }
    }

    // log I_ν(x) = ν·log(x/2) − log Γ(ν + 1) + log1p(Σₖ≥₁ (x²/4)ᵏ/(k!(ν + 1)ₖ)) (DLMF 10.25.2; positive terms, at most
    // about 40 of them for x ≤ 10).
    private static double BesselISeriesLog(double order, double x)
    {
        var q = 0.25 * x * x;
        double term = 1, tail = 0;
        for (var k = 1; k < 200; k++)
        {
            term *= q / (k * (order + k));
            tail += term;
            if (term <= SeriesTolerance * tail)
            {
                break;
            }
        }

        return (order == 0 ? 0 : order * Math.Log(0.5 * x)) - LogGamma(order + 1) + Log1p(tail);
    }

    // log I_ν(x) and I_{ν+1}(x)/I_ν(x) from Debye's expansion (ν ≥ 25, x ≥ 1e-100).
    private static void DebyeExpansion(double nu, double x, out double logI, out double ratio)
    {
        var r = Math.Sqrt((nu * nu) + (x * x));  // ν√(1 + z²)
        var p = nu / r;
        double sumU = 0, sumW = 0, power = 1;
        for (var k = 0; k <= DebyeTerms; k++)
        {
            sumU += Polynomial(DebyeU[k], p) * power;
            if (k > 0)
            {
                sumW += Polynomial(DebyeW[k], p) * power;
            }

            power /= nu;
        }

        // νη = ν√(1 + z²) + ν·log(z/(1 + √(1 + z²))) = r − ν·asinh(ν/x).
        logI = r - (nu * Math.Asinh(nu / x)) - (0.5 * Math.Log(2 * Math.PI * nu)) - (0.5 * Math.Log(r / nu)) + Math.Log(sumU);
        ratio = (x / (r + nu)) - (nu * x / (r * r) * sumW / sumU);
    }

    private static double Polynomial(double[] c, double p)
    {
        var s = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            s = (s * p) + c[i];
        }

        return s;
    }

    // u₀ = 1, u_{k+1}(t) = ½t²(1 − t²)u′ₖ(t) + ⅛∫₀ᵗ(1 − 5s²)uₖ(s)ds (DLMF 10.41.9); uₖ has degree 3k.
    private static double[][] DebyePolynomials(int count)
    {
        var u = new double[count + 1][];
        u[0] = new[] { 1.0 };
        for (var k = 0; k < count; k++)
        {
            var prev = u[k];
            var next = new double[(3 * (k + 1)) + 1];
            for (var i = 1; i < prev.Length; i++)
            {
                // ½t²(1 − t²)·i·cᵢtⁱ⁻¹ = ½i·cᵢ(tⁱ⁺¹ − tⁱ⁺³)
                next[i + 1] += 0.5 * i * prev[i];
                next[i + 3] -= 0.5 * i * prev[i];
            }

            for (var i = 0; i < prev.Length; i++)
            {
                // ⅛∫₀ᵗ(1 − 5s²)cᵢsⁱ ds = ⅛cᵢ(tⁱ⁺¹/(i + 1) − 5tⁱ⁺³/(i + 3))
                next[i + 1] += prev[i] / (8.0 * (i + 1));
                next[i + 3] -= 5.0 * prev[i] / (8.0 * (i + 3));
            }

            u[k + 1] = next;
        }

        return u;
    }

    // wₖ(t) = ½uₖ₋₁(t) + t·u′ₖ₋₁(t), k ≥ 1 (index 0 unused).
    private static double[][] DebyeRatioPolynomials(double[][] u)
    {
        var w = new double[u.Length][];
        w[0] = Array.Empty<double>();
        for (var k = 1; k < u.Length; k++)
        {
            var prev = u[k - 1];
            var c = new double[prev.Length];
            for (var i = 0; i < prev.Length; i++)
            {
                c[i] = (0.5 + i) * prev[i];
            }

            w[k] = c;
        }

        return w;
    }
}
