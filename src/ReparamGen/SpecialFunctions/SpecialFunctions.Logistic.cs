using System;

namespace ReparamGen;

// The logistic family: softplus log(1 + eˣ), the sigmoid 1/(1 + e⁻ˣ), its logarithm, and the log-sum-exp
// reductions. Every exponential here has a non-positive argument, so nothing overflows; the small quantities
// (log(1 + e⁻|x|), e⁻|x|) are formed directly rather than as differences of numbers near 1.
public static partial class SpecialFunctions
{
    private const double Ln2 = 0.69314718055994530942; // log 2

    /// <summary>
    /// Softplus <c>log(1 + eˣ)</c>, without overflow for large x and without losing the small value for x ≪ 0.
    /// <c>+∞</c> gives +∞, <c>−∞</c> gives 0, NaN gives NaN.
    /// </summary>
    /// <remarks>
    /// Method: <c>log1p(eˣ)</c> for <c>x ≤ 0</c> and <c>x + log1p(e⁻ˣ)</c> for <c>x &gt; 0</c> (both terms positive), with the
    /// accurate <see cref="Log1p"/>. Measured against mpmath on <c>logistic.csv</c> (|x| from 1e-10 to 1e4, exact
    /// results down to 5e-324): worst relative error 2.2e-16.
    /// </remarks>
    /// <param name="x">Argument.</param>
    /// <returns><c>log(1 + eˣ)</c>, positive.</returns>
    public static double Softplus(double x) => x > 0 ? x + Log1p(Math.Exp(-x)) : Log1p(Math.Exp(x));

    /// <summary>Tangent rule of <see cref="Softplus"/>: <c>d log(1 + eˣ) = σ(x)·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns><c>log(1 + eˣ)</c>.</returns>
    [TangentOf(typeof(SpecialFunctions), nameof(Softplus))]
    public static double SoftplusTangent(double x, double dX, out double dResult)
    {
        dResult = Sigmoid(x) * dX;
        return Softplus(x);
    }

    /// <summary><c>log(1 + eˣ)</c>: the same function as <see cref="Softplus"/> under its other common name.</summary>
    /// <param name="x">Argument.</param>
    /// <returns><c>log(1 + eˣ)</c>.</returns>
    public static double Log1pExp(double x) => Softplus(x);

    /// <summary>Tangent rule of <see cref="Log1pExp"/>: <c>σ(x)·dx</c>, as for <see cref="Softplus"/>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns><c>log(1 + eˣ)</c>.</returns>
    [TangentOf(typeof(SpecialFunctions), nameof(Log1pExp))]
    public static double Log1pExpTangent(double x, double dX, out double dResult) => SoftplusTangent(x, dX, out dResult);

    /// <summary>
    /// The logistic sigmoid <c>σ(x) = 1/(1 + e⁻ˣ)</c>, in [0, 1]; accurate in relative terms on both sides
    /// (σ(−700) ≈ 9.9e-305 is not rounded to 0).
    /// </summary>
    /// <remarks>
    /// Method: <c>1/(1 + e⁻ˣ)</c> for <c>x ≥ 0</c>, <c>eˣ/(1 + eˣ)</c> for <c>x &lt; 0</c>: an exponential of <c>−|x|</c>, one
    /// addition, one division. Measured against mpmath on <c>logistic.csv</c>: worst relative error 2.2e-16.
    /// </remarks>
    /// <param name="x">Argument.</param>
    /// <returns>σ(x).</returns>
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        var e = Math.Exp(x); // NaN stays NaN
        return e / (1.0 + e);
    }

    /// <summary>
    /// Tangent rule of <see cref="Sigmoid"/>: <c>dσ = σ(x)σ(−x)·dx</c>, formed as <c>e/(1 + e)²</c> with <c>e = e^{−|x|}</c>,
    /// so that it keeps its relative accuracy where σ(x) rounds to 1.
    /// </summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns>σ(x).</returns>
    [TangentOf(typeof(SpecialFunctions), nameof(Sigmoid))]
    public static double SigmoidTangent(double x, double dX, out double dResult)
    {
        var e = Math.Exp(-Math.Abs(x));
        var onePlus = 1.0 + e;
        dResult = e / onePlus / onePlus * dX;
        return Sigmoid(x);
    }

    /// <summary>
    /// <c>log σ(x) = −log(1 + e⁻ˣ)</c>, in (−∞, 0]: the log-likelihood of a logit, without overflow and accurate near 0
    /// for large x (log σ(40) ≈ −4.2e-18).
    /// </summary>
    /// <remarks>Method: <c>−Softplus(−x)</c>. Measured against mpmath on <c>logistic.csv</c>: worst relative error 2.2e-16.</remarks>
    /// <param name="x">Argument.</param>
    /// <returns>log σ(x).</returns>
    public static double LogSigmoid(double x) => -Softplus(-x);

    /// <summary>Tangent rule of <see cref="LogSigmoid"/>: <c>d log σ(x) = σ(−x)·dx</c>.</summary>
    /// <param name="x">Argument.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns>log σ(x).</returns>
    [TangentOf(typeof(SpecialFunctions), nameof(LogSigmoid))]
    public static double LogSigmoidTangent(double x, double dX, out double dResult)
    {
        dResult = Sigmoid(-x) * dX;
        return LogSigmoid(x);
    }

    /// <summary>
    /// <c>log(eᵃ + eᵇ)</c> without overflow or underflow: <c>max + log1p(e^{min − max})</c>. Both −∞ give −∞; a +∞
    /// argument gives +∞; NaN in either gives NaN.
    /// </summary>
    /// <remarks>Measured against mpmath on <c>logaddexp.csv</c> (all pairs of 0, ±1e-10, ±1, ±30, ±40, ±700, ±745, ±1e4, 2.5
    /// and −0.3): worst error 1.6e-16 relative to <c>|max| + log 2</c> (the relative error, except where the two terms of
    /// the final addition cancel). The rounding of <c>a − b</c> is compensated (its exact error enters the exponential),
    /// so the tangent rule's weights are accurate to a few ulp even for <c>|a − b|</c> near 700.</remarks>
    /// <param name="a">First argument.</param>
    /// <param name="b">Second argument.</param>
    /// <returns><c>log(eᵃ + eᵇ)</c>.</returns>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return a + b;
        }

        if (a == b)
        {
            return a + Ln2; // also ±∞, where a − b would be NaN
        }

        return a > b ? a + Log1p(ExpDifference(b, a)) : b + Log1p(ExpDifference(a, b));
    }

    /// <summary>
    /// Tangent rule of <see cref="LogAddExp"/>: <c>σ(a − b)·da + σ(b − a)·db</c>, the softmax weights of (a, b).
    /// Where a − b is undefined (both +∞ or both −∞) the weights are ½ and ½, their limit along a = b.
    /// </summary>
    /// <param name="a">First argument.</param>
    /// <param name="b">Second argument.</param>
    /// <param name="dA">Tangent of <paramref name="a"/>.</param>
    /// <param name="dB">Tangent of <paramref name="b"/>.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns><c>log(eᵃ + eᵇ)</c>.</returns>
    [TangentOf(typeof(SpecialFunctions), nameof(LogAddExp))]
    public static double LogAddExpTangent(double a, double b, double dA, double dB, out double dResult)
    {
        double wa, wb;
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            wa = wb = a + b;
        }
        else if (a == b)
        {
            wa = wb = 0.5; // also both +∞ or both −∞
        }
        else
        {
            // The larger argument's weight 1/(1 + e), the smaller's e/(1 + e), e = e^{min − max} ≤ 1.
            var e = a > b ? ExpDifference(b, a) : ExpDifference(a, b);
            var large = 1.0 / (1.0 + e);
            var small = e / (1.0 + e);
            wa = a > b ? large : small;
            wb = a > b ? small : large;
        }

        dResult = wa * dA + wb * dB;
        return LogAddExp(a, b);
    }

    /// <summary>
    /// <c>log Σᵢ e^{xᵢ}</c>, shifted by the maximum so that nothing overflows, and accurate when one term dominates:
    /// <c>m + log1p(Σ_{i≠k} e^{xᵢ − m})</c> with <c>m = x_k</c> the maximum. An empty span or all −∞ give −∞; any +∞
    /// gives +∞; any NaN gives NaN.
    /// </summary>
    /// <remarks>Measured against mpmath on <c>logsumexp.csv</c> (55 vectors of 1–6 terms, magnitudes up to 1e300): worst
    /// error 1.6e-16 relative to <c>|max| + log n</c>; the tangent rule's weights, worst 2.2e-16 relative (the rounding of
    /// <c>xᵢ − max</c> is compensated).</remarks>
    /// <param name="x">The terms' logarithms.</param>
    /// <returns><c>log Σᵢ e^{xᵢ}</c>.</returns>
    public static double LogSumExp(ReadOnlySpan<double> x) => LogSumExpCore(x, default, out _);

    /// <summary>
    /// Tangent rule of <see cref="LogSumExp"/>: <c>Σᵢ softmax(x)ᵢ·dXᵢ</c>. Where the softmax is undefined the weights
    /// are its limits along equal arguments: equal among the +∞ entries (and 0 elsewhere) when one is +∞, and 1/n each
    /// when all are −∞. An empty <paramref name="dX"/> stands for a zero tangent.
    /// </summary>
    /// <param name="x">The terms' logarithms.</param>
    /// <param name="dX">Tangent of <paramref name="x"/>: empty, or of the same length.</param>
    /// <param name="dResult">Tangent of the result.</param>
    /// <returns><c>log Σᵢ e^{xᵢ}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is neither empty nor as long as <paramref name="x"/>.</exception>
    [TangentOf(typeof(SpecialFunctions), nameof(LogSumExp))]
    public static double LogSumExpTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double dResult)
    {
        if (dX.Length != 0 && dX.Length != x.Length)
        {
            throw new ArgumentException("Length of 'dX' must be 0 or the length of 'x'.", nameof(dX));
        }

        return LogSumExpCore(x, dX, out dResult);
    }

    /// <summary>
    /// Reverse mode of <see cref="LogSumExp"/>: adds <c>seed·softmax(x)ᵢ</c> to <c>gradX[i]</c> (the weights of
    /// <see cref="LogSumExpTangent"/>, including its conventions for infinite arguments) and returns the value.
    /// </summary>
    /// <param name="x">The terms' logarithms.</param>
    /// <param name="seed">Upstream derivative with respect to the result.</param>
    /// <param name="gradX">Accumulates <c>seed·∂/∂xᵢ</c>; same length as <paramref name="x"/>.</param>
    /// <returns><c>log Σᵢ e^{xᵢ}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="gradX"/> is not as long as <paramref name="x"/>.</exception>
    [BackwardOf(typeof(SpecialFunctions), nameof(LogSumExp))]
    public static double LogSumExpBackward(ReadOnlySpan<double> x, double seed, Span<double> gradX)
    {
        if (gradX.Length != x.Length)
        {
            throw new ArgumentException("Length of 'gradX' must equal the length of 'x'.", nameof(gradX));
        }

        return LogSumExpCore(x, default, out _, seed, gradX);
    }

    // e^{x − m} for x ≤ m (m finite or x = −∞), with the rounding of x − m compensated: Knuth's TwoSum gives the exact
    // error r of the rounded difference d, and e^{d + r} = e^d·(1 + r) to first order (|r| ≤ 2⁻⁵³·745 wherever e^d is
    // not 0). Without it the weights would carry a relative error of up to 2⁻⁵³|x − m| (4.6e-14 at x − m = −700).
    private static double ExpDifference(double x, double m)
    {
        var d = x - m;
        var e = Math.Exp(d);
        if (e == 0 || double.IsNaN(e))
        {
            return e;
        }

        var mPart = d - x;
        var xPart = d - mPart;
        var r = (x - xPart) + (-m - mPart);
        return Math.FusedMultiplyAdd(e, r, e);
    }

    // log Σ e^{xᵢ}; with a non-empty dX also Σ wᵢ·dXᵢ, with a non-empty gradX also gradXᵢ += seed·wᵢ (w = softmax(x)).
    private static double LogSumExpCore(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double dResult, double seed = 0, Span<double> gradX = default)
    {
        dResult = 0;
        if (x.Length == 0)
        {
            return double.NegativeInfinity;
        }

        var k = 0;
        var max = x[0];
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            if (double.IsNaN(v))
            {
                dResult = v;
                for (var j = 0; j < gradX.Length; j++)
                {
                    gradX[j] += v;
                }

                return v;
            }

            if (v > max)
            {
                max = v;
                k = i;
            }
        }

        if (double.IsInfinity(max))
        {
            // All −∞ (weights 1/n), or some +∞ (weights equal among them).
            var count = 0;
            double sum = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (x[i] == max)
                {
                    count++;
                    sum += dX.Length != 0 ? dX[i] : 0.0;
                }
            }

            dResult = sum / count;
            for (var i = 0; i < gradX.Length; i++)
            {
                gradX[i] += x[i] == max ? seed / count : 0.0;
            }

            return max;
        }

        double rest = 0; // Σ_{i≠k} e^{xᵢ − m}
        for (var i = 0; i < x.Length; i++)
        {
            if (i != k)
            {
                rest += ExpDifference(x[i], max);
            }
        }

        if (dX.Length != 0 || gradX.Length != 0)
        {
            // wᵢ = e^{xᵢ − m}/(1 + rest), the maximum's exponential being exactly 1.
            var scale = 1.0 / (1.0 + rest);
            double sum = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var e = i == k ? 1.0 : ExpDifference(x[i], max);
                if (dX.Length != 0)
                {
                    sum += e * dX[i];
                }

                if (gradX.Length != 0)
                {
                    gradX[i] += seed * (e * scale);
                }
            }

            dResult = sum * scale;
        }

        return max + Log1p(rest);
    }
}
