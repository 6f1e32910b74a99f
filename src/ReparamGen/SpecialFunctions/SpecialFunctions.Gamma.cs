using System;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178; // ½·log(2π)
    private const double EulerGamma = 0.57721566490153286061;

    // Root of digamma, x0 = 1.46163214496836234126..., split hi + lo so that x − x0 is exact to ~1e-32.
    private const double DigammaRootHi = 1.4616321449683622;
    private const double DigammaRootLo = 9.549995429965697e-17;

    // Taylor coefficients ψ⁽ᵏ⁾(x0)/k!, k = 1…44, of digamma about its root (mpmath, 40 digits; radius of
    // convergence x0, used on [1, 2] where |x − x0| ≤ 0.54, so the tail after k = 44 is below 1e-19).
    private static readonly double[] DigammaRootTaylor =
    {
        0.9676722454476212, -0.44276316898359208, 0.25849976095565103, -0.16394270544240652,
        0.10782405069126237, -0.072199561256454714, 0.04880428816414311, -0.033161126474847362,
        0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.0072045343863568687,
        0.0049267813957298533, -0.0033698016554393282, 0.002305126326734928, -0.0015769367714301972,
        0.0010788252019162967, -0.00073807093899600515, 0.00050495326583460199, -0.00034546802510630769,
        0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.5691795821950661e-05,
        5.1785757952220809e-05, -3.5430070947659604e-05, 2.4240066118601318e-05, -1.6584242271854135e-05,
        1.134638458466385e-05, -7.7628176684620943e-06, 5.3110609208898636e-06, -3.6336507898010456e-06,
        2.4860227331295378e-06, -1.7008538854332607e-06, 1.1636675363548843e-06, -7.9614254312419699e-07,
        5.4469419306694457e-07, -3.7266161283438227e-07, 2.5496265520215542e-07, -1.7443695117727745e-07,
        1.1934394829830244e-07, -8.1651151894884088e-08, 5.5862996835321712e-08, -3.8219600619174942e-08,
    };

    // Coefficients (−1)ᵏ(ζ(k) − 1)/k, k = 2…30, of log Γ(2 + ε) = (1 − γ)ε + Σ dₖεᵏ (A&S 6.1.33 shifted by one;
    // mpmath, 40 digits). Used for |ε| ≤ ½, where the tail after k = 30 is below 1e-19.
    private static readonly double[] LogGammaTwoTaylor =
    {
        0.3224670334241132, -0.067352301053198102, 0.020580808427784546, -0.0073855510286739857,
        0.0028905103307415234, -0.001192753911703261, 0.00050966952474304245, -0.00022315475845357939,
        9.9457512781808531e-05, -4.4926236738133142e-05, 2.0507212775670691e-05, -9.4394882752683967e-06,
        4.3748667899074882e-06, -2.0392157538013662e-06, 9.5514121304074194e-07, -4.4924691987645662e-07,
        2.1207184805554665e-07, -1.0043224823968099e-07, 4.7698101693639804e-08, -2.2711094608943164e-08,
        1.0838659214896955e-08, -5.1834750419700466e-09, 2.4836745438024785e-09, -1.1921401405860912e-09,
        5.7313672416788623e-10, -2.7595228851242334e-10, 1.3304764374244489e-10, -6.4229645638380996e-11,
        3.1044247747322276e-11,
    };

    /// <summary>
    /// <c>log |Γ(x)|</c>. Poles (<c>x = 0, −1, −2, …</c>) give +∞; NaN propagates.
    /// </summary>
    /// <remarks>
    /// Method: for <c>x ≥ 13</c> Stirling's series with eight Bernoulli terms (DLMF 5.11.1); on <c>[½, 2½)</c> the Taylor
    /// series of <c>log Γ</c> about 1 and 2 in the zeta values (A&amp;S 6.1.33, DLMF 5.7.3), written so that the zeros at
    /// 1 and 2 keep full relative accuracy; in between the recurrence <c>Γ(x+1) = xΓ(x)</c> (DLMF 5.5.1) down to
    /// <c>[1½, 2½)</c>; below ½ the recurrence up; negative <c>x</c> by reflection (DLMF 5.5.3).
    /// Measured against mpmath on <c>loggamma.csv</c> (x from 5e-324 to 1e300): worst relative error 2.6e-16 for
    /// positive x.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= 0)
        {
            return LogGammaNegative(x);
        }

        if (x < 0.5)
        {
            return LogGammaOnePlus(x) - Math.Log(x);
        }

        if (x < 1.5)
        {
            return LogGammaOnePlus(x - 1.0);
        }

        if (x < 2.5)
        {
            return LogGammaTwoPlus(x - 2.0);
        }

        if (x < 13.0)
        {
            // Γ(x) = (x−1)(x−2)…(x−n)·Γ(x−n) with x−n in [1.5, 2.5).
            var product = 1.0;
            var y = x;
            while (y >= 2.5)
            {
                y -= 1.0;
                product *= y;
            }

            return LogGammaTwoPlus(y - 2.0) + Math.Log(product);
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + StirlingSeries(x);
    }

    /// <summary>Tangent rule of <see cref="LogGamma"/>: <c>d log Γ(x) = ψ(x)·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(LogGamma))]
    public static double LogGammaTangent(double x, double dX, out double dResult)
    {
        dResult = dX == 0 ? 0 : Digamma(x) * dX;
        return LogGamma(x);
    }

    /// <summary>
    /// The digamma function <c>ψ(x) = Γ'(x)/Γ(x)</c>. Poles (<c>x = 0, −1, …</c>) give NaN; NaN propagates.
    /// </summary>
    /// <remarks>
    /// Method: for <c>x ≥ 10</c> the asymptotic series with eight Bernoulli terms (DLMF 5.11.2); on <c>[1, 2]</c> the
    /// Taylor series about the positive root <c>x0 = 1.4616…</c> (coefficients ψ⁽ᵏ⁾(x0)/k! from mpmath), so the zero
    /// keeps full relative accuracy; the recurrence <c>ψ(x+1) = ψ(x) + 1/x</c> (DLMF 5.5.2) down to [1, 2] for
    /// <c>2 &lt; x &lt; 10</c> and up for <c>x &lt; 1</c>; reflection (DLMF 5.5.4) for negative x.
    /// Measured against mpmath on <c>loggamma.csv</c>: worst relative error 4.4e-16 for positive x.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= 0)
        {
            if (x == Math.Floor(x))
            {
                return double.NaN;
            }

            // ψ(x) = ψ(1 − x) − π/tan(πx)
            return Digamma(1.0 - x) - Math.PI / TanPi(x);
        }

        if (x < 1.0)
        {
            // ψ(x) = ψ(x + 1) − 1/x; x + 1 in [1, 2) (rounded when x is tiny, where 1/x dominates anyway).
            return DigammaOneToTwo(x + 1.0) - 1.0 / x;
        }

        if (x <= 2.0)
        {
            return DigammaOneToTwo(x);
        }

        if (x < 10.0)
        {
            // ψ(x) = ψ(x − n) + Σ 1/(x − j): positive terms added to ψ on [1, 2].
            var sum = 0.0;
            var y = x;
            while (y > 2.0)
            {
                y -= 1.0;
                sum += 1.0 / y;
            }

            return DigammaOneToTwo(y) + sum;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        return Math.Log(x) - LogMinusDigammaAsymptotic(x);
    }

    /// <summary>Tangent rule of <see cref="Digamma"/>: <c>dψ(x) = ψ'(x)·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Digamma))]
    public static double DigammaTangent(double x, double dX, out double dResult)
    {
        dResult = dX == 0 ? 0 : Trigamma(x) * dX;
        return Digamma(x);
    }

    /// <summary>
    /// The trigamma function <c>ψ'(x) = Σₖ 1/(x+k)²</c>. Poles give +∞; NaN propagates.
    /// </summary>
    /// <remarks>
    /// Method: the recurrence <c>ψ'(x) = ψ'(x+1) + 1/x²</c> (DLMF 5.15.5) up to <c>x ≥ 10</c>, then the asymptotic series
    /// <c>1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹</c> (DLMF 5.15.8) with eight terms; every term is positive, so no cancellation;
    /// reflection (DLMF 5.15.6) for negative x.
    /// Measured against mpmath on <c>loggamma.csv</c>: worst relative error 4.4e-16 for positive x.
    /// </remarks>
    /// <param name="x">Argument.</param>
    public static double Trigamma(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= 0)
        {
            if (x == Math.Floor(x))
            {
                return double.PositiveInfinity;
            }

            // ψ'(1 − x) + ψ'(x) = π²/sin²(πx)
            var s = SinPi(x);
            return -Trigamma(1.0 - x) + Math.PI * Math.PI / (s * s);
        }

        var sum = 0.0;
        var y = x;
        while (y < 10.0)
        {
            sum += 1.0 / (y * y);
            y += 1.0;
        }

        if (double.IsPositiveInfinity(y))
        {
            return 0.0;
        }

        var inv = 1.0 / y;
        var inv2 = inv * inv;
        // B₂ₖ: 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6, −3617/510
        var series = inv2 * (1.0 / 6 + inv2 * (-1.0 / 30 + inv2 * (1.0 / 42 + inv2 * (-1.0 / 30 + inv2 * (5.0 / 66
            + inv2 * (-691.0 / 2730 + inv2 * (7.0 / 6 + inv2 * (-3617.0 / 510))))))));
        return sum + inv * (1.0 + 0.5 * inv + series);
    }

    /// <summary>Tangent rule of <see cref="Trigamma"/>: <c>dψ'(x) = ψ''(x)·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    [TangentOf(typeof(SpecialFunctions), nameof(Trigamma))]
    public static double TrigammaTangent(double x, double dX, out double dResult)
    {
        dResult = dX == 0 ? 0 : Tetragamma(x) * dX;
        return Trigamma(x);
    }

    /// <summary>
    /// <c>ψ''(x) = −2 Σₖ 1/(x+k)³</c> for x &gt; 0 by recurrence to <c>x ≥ 10</c> and the asymptotic series
    /// <c>−1/x² − 1/x³ − Σ (2k+1)B₂ₖ/x²ᵏ⁺²</c> (DLMF 5.15.8 differentiated); all terms negative.
    /// </summary>
    internal static double Tetragamma(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= 0)
        {
            if (x == Math.Floor(x))
            {
                return double.NaN;
            }

            // ψ''(1 − x) − ψ''(x) = 2π³ cos(πx)/sin³(πx) (DLMF 5.15.6 differentiated)
            var s = SinPi(x);
            return Tetragamma(1.0 - x) - 2.0 * Math.PI * Math.PI * Math.PI * CosPi(x) / (s * s * s);
        }

        var sum = 0.0;
        var y = x;
        while (y < 10.0)
        {
            sum -= 2.0 / (y * y * y);
            y += 1.0;
        }

        var inv = 1.0 / y;
        var inv2 = inv * inv;
        // (2k+1)B₂ₖ: 3/6, −5/30, 7/42, −9/30, 55/66, −(13·691)/2730, 15·7/6, −17·3617/510
        var series = inv2 * (3.0 / 6 + inv2 * (-5.0 / 30 + inv2 * (7.0 / 42 + inv2 * (-9.0 / 30 + inv2 * (55.0 / 66
            + inv2 * (-8983.0 / 2730 + inv2 * (105.0 / 6 + inv2 * (-61489.0 / 510))))))));
        return sum - inv2 * (1.0 + inv + series);
    }

    /// <summary>
    /// <c>log x − ψ(x)</c> for x &gt; 0 without the cancellation of the two large terms at large x:
    /// <c>1/(2x) + Σ B₂ₖ/(2k x²ᵏ)</c> (DLMF 5.11.2) for <c>x ≥ 10</c>, the direct difference below.
    /// </summary>
    internal static double LogMinusDigamma(double x) => x >= 10.0 ? LogMinusDigammaAsymptotic(x) : Math.Log(x) - Digamma(x);

    /// <summary>
    /// <c>log Γ(x) − [(x − ½)log x − x + ½log 2π]</c>, Stirling's remainder, for x &gt; 0: the series for
    /// <c>x ≥ 13</c>, otherwise the direct difference (absolute error ≤ 1e-15 there).
    /// </summary>
    internal static double StirlingCorrection(double x)
        => x >= 13.0 ? StirlingSeries(x) : LogGamma(x) - ((x - 0.5) * Math.Log(x) - x + HalfLogTwoPi);

    // Σ B₂ₖ/(2k(2k−1)x²ᵏ⁻¹), k = 1…8 (DLMF 5.11.1): truncation < 3e-20 relative for x ≥ 13.
    private static double StirlingSeries(double x)
    {
        var inv = 1.0 / x;
        var inv2 = inv * inv;
        return inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680 + inv2 * (1.0 / 1188
            + inv2 * (-691.0 / 360360 + inv2 * (1.0 / 156 + inv2 * (-3617.0 / 122400))))))));
    }

    // 1/(2x) + Σ B₂ₖ/(2k x²ᵏ), k = 1…8 (DLMF 5.11.2): truncation < 3e-18 absolute for x ≥ 10.
    private static double LogMinusDigammaAsymptotic(double x)
    {
        var inv = 1.0 / x;
        var inv2 = inv * inv;
        var series = inv2 * (1.0 / 12 + inv2 * (-1.0 / 120 + inv2 * (1.0 / 252 + inv2 * (-1.0 / 240 + inv2 * (1.0 / 132
            + inv2 * (-691.0 / 32760 + inv2 * (1.0 / 12 + inv2 * (-3617.0 / 8160))))))));
        return 0.5 * inv + series;
    }

    // ψ on [1, 2] from its Taylor series about the root.
    private static double DigammaOneToTwo(double x)
    {
        var e = (x - DigammaRootHi) - DigammaRootLo;
        var c = DigammaRootTaylor;
        var sum = c[c.Length - 1];
        for (var k = c.Length - 2; k >= 0; k--)
        {
            sum = sum * e + c[k];
        }

        return sum * e;
    }

    // Σ dₖ εᵏ for k ≥ 2, the common tail of log Γ(1+ε) and log Γ(2+ε); |ε| ≤ ½.
    private static double LogGammaTaylorTail(double e)
    {
        var c = LogGammaTwoTaylor;
        var sum = c[c.Length - 1];
        for (var k = c.Length - 2; k >= 0; k--)
        {
            sum = sum * e + c[k];
        }

        return sum * e * e;
    }

    // log Γ(2 + ε) = (1 − γ)ε + tail(ε), |ε| ≤ ½.
    private static double LogGammaTwoPlus(double e) => (1.0 - EulerGamma) * e + LogGammaTaylorTail(e);

    // log Γ(1 + ε) = log Γ(2 + ε) − log(1 + ε) = −γε − [log(1+ε) − ε] + tail(ε), |ε| ≤ ½.
    private static double LogGammaOnePlus(double e) => -EulerGamma * e - Log1pmx(e) + LogGammaTaylorTail(e);

    private static double LogGammaNegative(double x)
    {
        if (x == Math.Floor(x) || double.IsNegativeInfinity(x))
        {
            return double.PositiveInfinity;
        }

        // |Γ(x)| = π / (|sin πx|·Γ(1 − x))
        return Math.Log(Math.PI / Math.Abs(SinPi(x))) - LogGamma(1.0 - x);
    }

    // sin(πx) and cos(πx) with exact reduction of x modulo 2.
    internal static double SinPi(double x)
    {
        var r = x - 2.0 * Math.Round(0.5 * x);
        return Math.Sin(Math.PI * r);
    }

    internal static double CosPi(double x)
    {
        var r = x - 2.0 * Math.Round(0.5 * x);
        return Math.Cos(Math.PI * r);
    }

    private static double TanPi(double x)
    {
        var r = x - Math.Round(x); // tan has period π
        return Math.Tan(Math.PI * r);
    }
}
