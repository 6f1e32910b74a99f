using System;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955125739;   // 2/√π
    private const double HalfSqrtPi = 0.88622692545275801365;     // √π/2

    /// <summary>
    /// The error function <c>erf(x) = 2/√π ∫₀ˣ e^{−t²} dt</c>.
    /// </summary>
    /// <remarks>
    /// Method: the Maclaurin series (DLMF 7.6.1) for <c>|x| &lt; ½</c>; <c>1 − erfc(x)</c> above, with erfc from
    /// the Chebyshev expansion of <see cref="Erfc"/>. Measured against mpmath on <c>erf.csv</c>: worst relative
    /// error 2.2e-16.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var ax = Math.Abs(x);
        if (ax < 0.5)
        {
            return ErfSeries(x);
        }

        var r = 1.0 - ErfcPositive(ax);
        return x < 0 ? -r : r;
    }

    /// <summary>Tangent rule of <see cref="Erf"/>: <c>d erf(x) = 2/√π·e^{−x²}·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Erf))]
    public static double ErfTangent(double x, double dX, out double dResult)
    {
        dResult = dX == 0 ? 0 : TwoOverSqrtPi * ExpMinusSquare(x) * dX;
        return Erf(x);
    }

    /// <summary>
    /// The complementary error function <c>erfc(x) = 1 − erf(x)</c>, accurate in the right tail down to the smallest
    /// subnormal (x ≈ 27.2).
    /// </summary>
    /// <remarks>
    /// Method: for <c>x ≥ ½</c>, <c>erfc(x) = e^{−x²}·g(x)/x</c> with g a 26-term Chebyshev expansion of <c>x·e^{x²}erfc(x)</c>
    /// in <c>s = (x − 4)/(x + 3)</c> (Schonfelder 1978, Math. Comp. 32; coefficients from mpmath), and <c>e^{−x²}</c>
    /// formed from the exact split <c>x² = hi + lo</c> (one fused multiply-add) so that rounding of x² costs nothing;
    /// <c>1 − erf</c> for <c>|x| &lt; ½</c>; <c>2 − erfc(−x)</c> for <c>x ≤ −½</c>.
    /// Measured against mpmath on <c>erf.csv</c>: worst relative error 4.4e-16.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (Math.Abs(x) < 0.5)
        {
            return 1.0 - ErfSeries(x);
        }

        return x > 0 ? ErfcPositive(x) : 2.0 - ErfcPositive(-x);
    }

    /// <summary>Tangent rule of <see cref="Erfc"/>: <c>d erfc(x) = −2/√π·e^{−x²}·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Erfc))]
    public static double ErfcTangent(double x, double dX, out double dResult)
    {
        dResult = dX == 0 ? 0 : -TwoOverSqrtPi * ExpMinusSquare(x) * dX;
        return Erfc(x);
    }

    /// <summary>
    /// The inverse error function: <c>erf(ErfInv(y)) = y</c> for y in [−1, 1]; ±1 give ±∞.
    /// </summary>
    /// <remarks>
    /// Method: for <c>|y| ≤ ½</c>, Newton's method on <c>erf(x) = y</c> from the Maclaurin series of erfinv to y⁷
    /// (DLMF 7.17.2); for <c>|y| &gt; ½</c>, <see cref="ErfcInv"/> of the exact <c>1 − |y|</c>.
    /// Measured against mpmath on <c>erfinv.csv</c>: worst relative error 4.4e-16.
    /// </remarks>
    /// <param name="y">Argument in [−1, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="y"/> is outside [−1, 1].</exception>
    public static double ErfInv(double y)
    {
        if (double.IsNaN(y))
        {
            return y;
        }

        if (y < -1.0 || y > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "ErfInv needs y in [−1, 1].");
        }

        var ay = Math.Abs(y);
        if (ay <= 0.5)
        {
            // Newton on erf(x) − y; erf'(x) = 2/√π e^{−x²}. The start is within 2e-4 relative; three steps reach 1 ulp.
            var y2 = y * y;
            var x = HalfSqrtPi * y * (1.0 + y2 * (Math.PI / 12.0 + y2 * (7.0 * Math.PI * Math.PI / 480.0
                + y2 * (127.0 * Math.PI * Math.PI * Math.PI / 40320.0))));
            for (var i = 0; i < 4 && x != 0; i++)
            {
                var step = (Erf(x) - y) / (TwoOverSqrtPi * Math.Exp(-x * x));
                x -= step;
                if (Math.Abs(step) <= 1e-17 * Math.Abs(x))
                {
                    break;
                }
            }

            return x;
        }

        var r = ErfcInvBelowOne(1.0 - ay);
        return y < 0 ? -r : r;
    }

    /// <summary>Tangent rule of <see cref="ErfInv"/>: <c>d erfinv(y) = √π/2·e^{erfinv(y)²}·dy</c> (in the tails as
    /// <c>√π/2·erfcx(|r|)/(1 − |y|)</c>, insensitive to the rounding of r).</summary>
    /// <param name="y">Argument.</param>
    /// <param name="dY">Tangent of <paramref name="y"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(ErfInv))]
    public static double ErfInvTangent(double y, double dY, out double dResult)
    {
        var r = ErfInv(y);
        dResult = dY == 0 ? 0 : InverseSlope(r, 1.0 - Math.Abs(y)) * dY;
        return r;
    }

    /// <summary>
    /// The inverse complementary error function: <c>erfc(ErfcInv(q)) = q</c> for q in [0, 2]; 0 gives +∞, 2 gives −∞.
    /// </summary>
    /// <remarks>
    /// Method: for <c>q &lt; ½</c>, Newton's method on <c>log erfc(x) = log q</c> (log space, so q down to the smallest
    /// subnormal works), with <c>log erfc(x) = −x² + log(e^{x²}erfc x)</c> from the expansion of <see cref="Erfc"/>,
    /// started from the rational approximation A&amp;S 26.2.23 (error &lt; 4.5e-4); for <c>½ ≤ q ≤ 1</c>,
    /// <see cref="ErfInv"/> of the exact <c>1 − q</c>; <c>q &gt; 1</c> by <c>−ErfcInv(2 − q)</c>.
    /// Measured against mpmath on <c>erfcinv.csv</c> (q from 5e-324 to 2): worst relative error 3.3e-16.
    /// </remarks>
    /// <param name="q">Argument in [0, 2].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 2].</exception>
    public static double ErfcInv(double q)
    {
        if (double.IsNaN(q))
        {
            return q;
        }

        if (q < 0.0 || q > 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "ErfcInv needs q in [0, 2].");
        }

        return q > 1.0 ? -ErfcInvBelowOne(2.0 - q) : ErfcInvBelowOne(q);
    }

    /// <summary>Tangent rule of <see cref="ErfcInv"/>: <c>d erfcinv(q) = −√π/2·e^{erfcinv(q)²}·dq</c>.</summary>
    /// <param name="q">Argument.</param>
    /// <param name="dQ">Tangent of <paramref name="q"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(ErfcInv))]
    public static double ErfcInvTangent(double q, double dQ, out double dResult)
    {
        var r = ErfcInv(q);
        dResult = dQ == 0 ? 0 : -InverseSlope(r, q > 1.0 ? 2.0 - q : q) * dQ;
        return r;
    }

    // √π/2·e^{r²} given r and the exact tail t = erfc(|r|): for |r| ≥ ½ as √π/2·erfcx(|r|)/t, because e^{r²} would
    // amplify the rounding of r by 2r² (≈ 1500 at the smallest tails).
    private static double InverseSlope(double r, double tail)
    {
        var ar = Math.Abs(r);
        return ar < 0.5 || tail == 0 ? HalfSqrtPi * Math.Exp(r * r) : HalfSqrtPi * ErfcScaledPositive(ar, out _) / tail;
    }

    // q in [0, 1].
    private static double ErfcInvBelowOne(double q)
    {
        if (q == 0)
        {
            return double.PositiveInfinity;
        }

        if (q >= 0.5)
        {
            return ErfInv(1.0 - q);
        }

        // Start: A&S 26.2.23 for the normal upper quantile at p = q/2, divided by √2.
        var logQ = Math.Log(q);
        var t = Math.Sqrt(-2.0 * (logQ - Math.Log(2.0))); // log(q/2) without underflow of q/2
        var x = (t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))))
                / Math.Sqrt(2.0);
        for (var i = 0; i < 12; i++)
        {
            // f(x) = log erfc(x) − log q, f'(x) = −2/(√π·erfcx(x)) with erfcx = e^{x²}erfc(x).
            var scaled = ErfcScaledPositive(x, out var logErfc);
            var step = -(logErfc - logQ) * scaled / TwoOverSqrtPi;
            x -= step;
            if (Math.Abs(step) <= 1e-17 * x)
            {
                break;
            }
        }

        return x;
    }

    // Maclaurin series of erf, |x| < ½ (DLMF 7.6.1): 2/√π Σ (−1)ⁿx²ⁿ⁺¹/(n!(2n+1)); the first correction is below 1/12.
    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        var power = x;       // (−1)ⁿx²ⁿ⁺¹/n!
        var sum = x;
        for (var n = 1; n < 40; n++)
        {
            power *= -x2 / n;
            var term = power / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) <= SeriesTolerance * Math.Abs(sum))
            {
                break;
            }
        }

        return TwoOverSqrtPi * sum;
    }

    // erfc(x) for x ≥ ½.
    private static double ErfcPositive(double x) => ExpMinusSquare(x) * ErfcScaledPositive(x, out _);

    // Chebyshev coefficients of g(s) = x·e^{x²}·erfc(x), s = (x − 4)/(x + 3) ∈ [−1, 1) for x ∈ [½, ∞) (Schonfelder 1978,
    // Math. Comp. 32, with K = 3 and [t(½), 1] mapped onto [−1, 1]); computed with mpmath by
    // tools/reference-data/coefficients.py; the omitted terms are below 1e-19, g ≥ 0.29, so uniform relative accuracy.
    private static readonly double[] ErfcxChebyshev =
    {
        0.49738135231679492, 0.10706264326363667, -0.055847669273843895, 0.020033048939530014,
        -0.0053753111002911615, 0.0010696344671245863, -0.00014255758991106121, 7.2114833423680547e-06,
        1.5635247496235982e-06, -3.4038844413593917e-07, 5.0011080285406262e-10, 8.1469767830983618e-09,
        -5.7921217765607114e-10, -1.9150378477062206e-10, 2.4547395601567411e-11, 5.1452828483684409e-12,
        -8.6272771193863617e-13, -1.6731922304419078e-13, 2.8759707379218095e-14, 6.4783341761999211e-15,
        -8.9787438376881387e-16, -2.801718451542642e-16, 2.3108158647737948e-17, 1.2610281825007675e-17,
        -2.0114740457985775e-19, -5.5453111355153982e-19,
    };

    // e^{x²}erfc(x) for x ≥ 0 (Chebyshev expansion above ½, 1 − erf below), and log erfc(x) = −x² + log of it.
    private static double ErfcScaledPositive(double x, out double logErfc)
    {
        var hi = x * x;
        var lo = Math.FusedMultiplyAdd(x, x, -hi);
        double scaled;
        if (x < 0.5)
        {
            scaled = Math.Exp(hi) * (1.0 + lo) * (1.0 - ErfSeries(x));
        }
        else if (double.IsPositiveInfinity(x))
        {
            scaled = 0;
        }
        else
        {
            var s = (x - 4.0) / (x + 3.0);
            var c = ErfcxChebyshev;
            double b1 = 0, b2 = 0;
            for (var k = c.Length - 1; k >= 1; k--)
            {
                var b0 = 2.0 * s * b1 - b2 + c[k];
                b2 = b1;
                b1 = b0;
            }

            scaled = (s * b1 - b2 + c[0]) / x;   // Clenshaw's recurrence
        }

        logErfc = -hi - lo + Math.Log(scaled);
        return scaled;
    }

    /// <summary>
    /// The scaled complementary error function <c>erfcx(x) = e^{x²}·erfc(x)</c> for <c>x ≥ 0</c> (+∞ gives 0), accurate to a
    /// few units in the last place from the same Chebyshev expansion as <see cref="Erfc"/>; it does not underflow
    /// where erfc does, so ratios of normal tail probabilities far out (x in the hundreds) stay representable.
    /// </summary>
    /// <param name="x">Argument, x ≥ 0.</param>
    internal static double ErfcxNonNegative(double x) => double.IsNaN(x) ? x : ErfcScaledPositive(x, out _);

    /// <summary>
    /// Tangent rule of <see cref="ErfcxNonNegative"/>: <c>d erfcx(x) = (2x·erfcx(x) − 2/√π)·dx</c>. For x ≥ 10 the
    /// bracket, a difference of two numbers that agree to about 2x² parts, is taken from its asymptotic series
    /// <c>2/√π·Σₖ≥₁ (−1)ᵏ(2k − 1)!!/(2x²)ᵏ</c> (DLMF 7.12.1), whose terms shrink at least 5-fold there; at x = +∞ it is 0.
    /// </summary>
    /// <param name="x">Argument, x ≥ 0.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(ErfcxNonNegative))]
    internal static double ErfcxNonNegativeTangent(double x, double dX, out double dResult)
    {
        var value = ErfcxNonNegative(x);
        if (dX == 0 || double.IsPositiveInfinity(x))
        {
            dResult = 0;
            return value;
        }

        double slope;
        if (x < 10)
        {
            slope = (2 * x * value) - TwoOverSqrtPi;
        }
        else
        {
            var inv = 1.0 / (2 * x * x);
            var term = -inv;
            var sum = term;
            for (var k = 2; k < 40; k++)
            {
                term *= -(2 * k - 1) * inv;
                sum += term;
                if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            slope = TwoOverSqrtPi * sum;
        }

        dResult = slope * dX;
        return value;
    }

    // e^{−x²} with the exact split x² = hi + lo.
    private static double ExpMinusSquare(double x)
    {
        var hi = x * x;
        if (hi > 1e3)
        {
            return 0.0; // e^{−1000} underflows (and x = ±∞ would make the split NaN)
        }

        var lo = Math.FusedMultiplyAdd(x, x, -hi);
        return Math.Exp(-hi) * (1.0 - lo);
    }
}
