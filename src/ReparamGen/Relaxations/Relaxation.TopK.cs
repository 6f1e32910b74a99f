using System;
using System.Buffers;

namespace ReparamGen;

// The relaxed top-k subset of Xie and Ermon (2019), "Reparameterizable subset sampling via continuous
// relaxations" (IJCAI), Algorithm 1: with keys α⁰ = logits + γ, for j = 0 … k−1
//     pʲ = softmax(αʲ/τ),   αʲ⁺¹ = αʲ + log(1 − pʲ),   khot = Σⱼ pʲ.
// Each pʲ sums to 1, so khot sums to k (an entry is not bounded by 1 in general); as τ → 0, pʲ tends to the one-hot of the j-th largest key and khot to
// the hard top-k of the Gumbel-perturbed logits (an exact draw of a k-subset without replacement).
//
// Stable form. Each step works with z' = (α − α_a)/τ ≤ 0, a = argmax α, and S = Σ exp(z') ≥ 1. For i ≠ a,
// pᵢ ≤ 1/2 and log(1 − pᵢ) = log1p(−pᵢ) is accurate. For the leader, 1 − p_a underflows to 0 as τ → 0, so
// log(1 − p_a) = log Σ_{l≠a} exp(z'ₗ) − log S is computed as its own log-sum-exp (shifted by m₂, the largest z'
// among the others), which stays finite (of order −(α_a − α₂)/τ). Hence the keys only ever become very negative,
// never −∞ or NaN, for τ down to 1e−3 and logits up to ±1e4.
//
// Reverse mode. With gℓ = ∂L/∂αʲ⁺¹ flowing back along the identity path, ∂ℓᵢ/∂zₗ = [l≠i] q⁽ⁱ⁾ₗ − pₗ where
// q⁽ⁱ⁾ is the softmax without item i. For i ≠ a, q⁽ⁱ⁾ₗ = pₗ/(1 − pᵢ) with 1 − pᵢ ≥ 1/2; for i = a, q⁽ᵃ⁾ is computed
// directly (no division by 1 − p_a). So the VJP through ℓ is
//     gzₗ = pₗ(W − [l≠a] gℓₗ/(1 − pₗ) − G) + [l≠a] gℓ_a q⁽ᵃ⁾ₗ,   W = Σ_{i≠a} gℓᵢ/(1 − pᵢ),   G = Σᵢ gℓᵢ,
// plus the softmax VJP of the upstream gradient (taken relative to u_a as in GumbelSoftmax). The temperature
// gradient uses zₗ = αₗ/τ: ∂L/∂τ += −(1/τ) Σₗ gzₗ z'ₗ (Σₗ gzₗ = 0, so the shift by α_a changes nothing).
public static partial class Relaxation
{
    private const int TopKStackLimit = 2048;

    /// <summary>
    /// The relaxed top-k subset (Xie and Ermon 2019, "Reparameterizable subset sampling via continuous relaxations",
    /// Algorithm 1): k successive relaxed softmaxes of the Gumbel-perturbed logits, each one damping the keys it chose
    /// through <c>α ← α + log(1 − softmax(α/τ))</c> (in log space), summed into a relaxed k-hot vector.
    /// </summary>
    /// <param name="logits">Log-weights of the n items (finite).</param>
    /// <param name="gumbel">n standard Gumbel draws (see <see cref="GumbelNoise.FillGumbel(Random, Span{double})"/>).</param>
    /// <param name="k">Subset size, 0 ≤ k ≤ n.</param>
    /// <param name="temperature">Relaxation temperature τ &gt; 0; as τ → 0 the output tends to the k-hot indicator of the k largest <c>logits + gumbel</c>.</param>
    /// <param name="khot">Receives the n relaxed inclusion weights, non-negative and summing to k (each is a sum of k softmax
    /// weights; at τ = 1 or small τ each stays near [0, 1], but for large τ an entry can exceed 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN; or <paramref name="k"/> is outside [0, n].</exception>
    /// <exception cref="ArgumentException"><paramref name="gumbel"/> or <paramref name="khot"/> differs in length from <paramref name="logits"/>.</exception>
    public static void RelaxedTopK(ReadOnlySpan<double> logits, [Noise] ReadOnlySpan<double> gumbel, int k, double temperature, Span<double> khot)
    {
        CheckTopK(logits.Length, gumbel.Length, k, temperature);
        CheckLength(logits.Length, khot.Length, nameof(khot));
        var n = logits.Length;
        double[]? rented = null;
        var scratch = 2 * n <= TopKStackLimit ? stackalloc double[2 * n] : (rented = ArrayPool<double>.Shared.Rent(2 * n)).AsSpan(0, 2 * n);
        var alpha = scratch[..n];
        var p = scratch[n..];
        for (var i = 0; i < n; i++)
        {
            alpha[i] = logits[i] + gumbel[i];
        }

        khot.Clear();
        var inverse = InverseTemperature(temperature);
        for (var j = 0; j < k; j++)
        {
            TopKStep(alpha, inverse, p, default, out _);
            for (var i = 0; i < n; i++)
            {
                khot[i] += p[i];
            }

            if (j + 1 < k)
            {
                TopKUpdate(alpha, p, inverse);
            }
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Tangent rule (Jacobian-vector product) of <see cref="RelaxedTopK"/>: writes the relaxed k-hot vector and its
    /// directional derivative along (<paramref name="dLogits"/>, <paramref name="dTemperature"/>), carrying the keys'
    /// tangents through the k steps (<c>d log(1 − pᵢ) = (Σₗ pₗ dzₗ − pᵢ dzᵢ)/(1 − pᵢ) − Σₗ pₗ dzₗ</c> for the non-leaders,
    /// and from the softmax of the others for the leader).
    /// </summary>
    /// <param name="logits">As for <see cref="RelaxedTopK"/>.</param>
    /// <param name="gumbel">As for <see cref="RelaxedTopK"/> (noise: no tangent).</param>
    /// <param name="k">As for <see cref="RelaxedTopK"/>.</param>
    /// <param name="temperature">As for <see cref="RelaxedTopK"/>.</param>
    /// <param name="khot">Receives the relaxed k-hot vector.</param>
    /// <param name="dLogits">Tangent of the logits.</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dKhot">Receives the tangent of <paramref name="khot"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="RelaxedTopK"/>.</exception>
    /// <exception cref="ArgumentException">A span differs in length from <paramref name="logits"/>.</exception>
    [TangentOf(typeof(Relaxation), nameof(RelaxedTopK))]
    public static void RelaxedTopKTangent(ReadOnlySpan<double> logits, ReadOnlySpan<double> gumbel, int k, double temperature, Span<double> khot, ReadOnlySpan<double> dLogits, double dTemperature, Span<double> dKhot)
    {
        CheckTopK(logits.Length, gumbel.Length, k, temperature);
        CheckLength(logits.Length, khot.Length, nameof(khot));
        CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        CheckLength(logits.Length, dKhot.Length, nameof(dKhot));
        var n = logits.Length;
        var size = 5 * n;
        double[]? rented = null;
        var scratch = size <= TopKStackLimit ? stackalloc double[size] : (rented = ArrayPool<double>.Shared.Rent(size)).AsSpan(0, size);
        var alpha = scratch[..n];
        var p = scratch.Slice(n, n);
        var q = scratch.Slice(2 * n, n);
        var dAlpha = scratch.Slice(3 * n, n);
        var dz = scratch.Slice(4 * n, n);
        for (var i = 0; i < n; i++)
        {
            alpha[i] = logits[i] + gumbel[i];
            dAlpha[i] = dLogits[i];
        }

        khot.Clear();
        dKhot.Clear();
        var inverse = InverseTemperature(temperature);
        for (var j = 0; j < k; j++)
        {
            var more = j + 1 < k;
            TopKStep(alpha, inverse, p, more ? q : default, out var a);
            if (a < 0)
            {
                khot.Fill(double.NaN);
                dKhot.Fill(double.NaN);
                break;
            }

            // dz'ₗ = (dαₗ − dα_a)/τ − z'ₗ·dτ/τ (shifted like z' = (α − α_a)/τ; everything below is shift-invariant).
            var alphaA = alpha[a];
            var dAlphaA = dAlpha[a];
            var mean = 0.0;
            for (var l = 0; l < n; l++)
            {
                var v = 0.0;
                if (p[l] != 0.0 || (more && q[l] != 0.0))
                {
                    var zShift = (alpha[l] - alphaA) * inverse;
                    v = ((dAlpha[l] - dAlphaA) - zShift * dTemperature) * inverse;
                }

                dz[l] = v;
                mean += p[l] * v;
            }

            for (var l = 0; l < n; l++)
            {
                khot[l] += p[l];
                dKhot[l] += p[l] * (dz[l] - mean);
            }

            if (more)
            {
                var leader = 0.0;
                for (var l = 0; l < n; l++)
                {
                    leader += q[l] * dz[l];
                }

                for (var i = 0; i < n; i++)
                {
                    dAlpha[i] += i == a ? leader - mean : ((mean - (p[i] * dz[i])) / (1.0 - p[i])) - mean;
                }

                TopKUpdate(alpha, p, inverse);
            }
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reverse mode of <see cref="RelaxedTopK"/>: adds <c>∂L/∂logits</c> to <paramref name="gradLogits"/> and <c>∂L/∂τ</c>
    /// to <paramref name="gradTemperature"/> given the upstream gradient <c>∂L/∂khot</c>, by running the k steps
    /// forward (keeping every step's keys: k·n doubles, on the stack up to 2,048 values, otherwise rented from
    /// <see cref="ArrayPool{T}.Shared"/>) and then back through them in reverse order.
    /// </summary>
    /// <param name="logits">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="k">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂khot</c>.</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c>.</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for the forward pass.</exception>
    /// <exception cref="ArgumentException"><paramref name="gumbel"/>, <paramref name="upstream"/> or <paramref name="gradLogits"/> differs in length from <paramref name="logits"/>.</exception>
    public static void RelaxedTopKBackward(ReadOnlySpan<double> logits, ReadOnlySpan<double> gumbel, int k, double temperature, ReadOnlySpan<double> upstream, Span<double> gradLogits, ref double gradTemperature)
    {
        CheckTopK(logits.Length, gumbel.Length, k, temperature);
        CheckLength(logits.Length, upstream.Length, nameof(upstream));
        CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        var n = logits.Length;
        if (k == 0 || n == 0)
        {
            return;
        }

        // Layout: k rows of keys, then p, q, gα, gz.
        var size = (k + 4) * n;
        double[]? rented = null;
        var buffer = size <= TopKStackLimit ? stackalloc double[size] : (rented = ArrayPool<double>.Shared.Rent(size)).AsSpan(0, size);
        var keys = buffer[..(k * n)];
        var p = buffer.Slice(k * n, n);
        var q = buffer.Slice((k + 1) * n, n);
        var gAlpha = buffer.Slice((k + 2) * n, n);
        var gz = buffer.Slice((k + 3) * n, n);
        var inverse = InverseTemperature(temperature);

        var alpha = keys[..n];
        for (var i = 0; i < n; i++)
        {
            alpha[i] = logits[i] + gumbel[i];
        }

        for (var j = 0; j + 1 < k; j++)
        {
            var current = keys.Slice(j * n, n);
            var next = keys.Slice((j + 1) * n, n);
            current.CopyTo(next);
            TopKStep(next, inverse, p, default, out _);
            TopKUpdate(next, p, inverse);
        }

        gAlpha.Clear();
        var tauSum = 0.0;
        for (var j = k - 1; j >= 0; j--)
        {
            alpha = keys.Slice(j * n, n);
            var last = j == k - 1;
            TopKStep(alpha, inverse, p, last ? default : q, out var a);
            if (a < 0)
            {
                // A NaN key: the gradient is NaN too.
                gAlpha.Fill(double.NaN);
                tauSum = double.NaN;
                break;
            }

            // Softmax VJP of the upstream gradient, relative to item a.
            var ua = upstream[a];
            var mean = 0.0;
            for (var l = 0; l < n; l++)
            {
                mean += p[l] * (upstream[l] - ua);
            }

            for (var l = 0; l < n; l++)
            {
                gz[l] = p[l] * (upstream[l] - ua - mean);
            }

            // VJP through ℓ = log(1 − p) (not used after the last step, so gα is still 0 there).
            if (!last)
            {
                var w = 0.0;
                var g = 0.0;
                for (var i = 0; i < n; i++)
                {
                    g += gAlpha[i];
                    if (i != a)
                    {
                        w += gAlpha[i] / (1.0 - p[i]);
                    }
                }

                var gla = gAlpha[a];
                for (var l = 0; l < n; l++)
                {
                    var v = l == a ? p[l] * (w - g) : p[l] * (w - gAlpha[l] / (1.0 - p[l]) - g) + gla * q[l];
                    gz[l] += v;
                }
            }

            // z = α/τ: gα += gz/τ, and ∂L/∂τ from z' = (α − α_a)/τ.
            var alphaA = alpha[a];
            for (var l = 0; l < n; l++)
            {
                var v = gz[l];
                if (v == 0.0)
                {
                    continue;
                }

                gAlpha[l] += v * inverse;
                tauSum += v * ((alpha[l] - alphaA) * inverse);
            }
        }

        for (var i = 0; i < n; i++)
        {
            gradLogits[i] += gAlpha[i];
        }

        gradTemperature -= tauSum * inverse;
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static void CheckTopK(int n, int gumbelLength, int k, double temperature)
    {
        CheckTemperature(temperature);
        CheckLength(n, gumbelLength, "gumbel");
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "'k' must lie in [0, " + n + "].");
        }
    }

    /// <summary>
    /// One relaxed softmax p = softmax(α/τ) of the top-k recursion. Also returns the leader a (−1 on NaN), and, when
    /// <paramref name="q"/> is not empty, writes into it the softmax of the other items (the leader left out).
    /// </summary>
    private static void TopKStep(ReadOnlySpan<double> alpha, double inverse, Span<double> p, Span<double> q, out int a)
    {
        var n = alpha.Length;
        a = -1;
        var max = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(alpha[i]))
            {
                a = -1;
                break;
            }

            if (a < 0 || alpha[i] > max)
            {
                a = i;
                max = alpha[i];
            }
        }

        var m2 = double.NegativeInfinity;
        if (a < 0)
        {
            p.Fill(double.NaN);
            q.Fill(double.NaN);
            return;
        }

        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var t = (alpha[i] - max) * inverse;
            p[i] = t;
            if (i != a && t > m2)
            {
                m2 = t;
            }
        }

        // Rest: Σ_{l≠a} exp(z'ₗ − m₂), before p is exponentiated in place.
        var rest = 0.0;
        if (!double.IsNegativeInfinity(m2))
        {
            for (var i = 0; i < n; i++)
            {
                if (i != a)
                {
                    var e = Math.Exp(p[i] - m2);
                    rest += e;
                    if (!q.IsEmpty)
                    {
                        q[i] = e;
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var e = Math.Exp(p[i]);
            p[i] = e;
            sum += e;
        }

        var scale = 1.0 / sum;
        for (var i = 0; i < n; i++)
        {
            p[i] *= scale;
        }

        if (!q.IsEmpty)
        {
            q[a] = 0.0;
            if (rest > 0.0)
            {
                var restScale = 1.0 / rest;
                for (var i = 0; i < n; i++)
                {
                    q[i] *= restScale;
                }
            }
        }
    }

    /// <summary>α ← α + log(1 − p) for the p of <see cref="TopKStep"/> on this α (recomputing the leader's term in log space).</summary>
    private static void TopKUpdate(Span<double> alpha, ReadOnlySpan<double> p, double inverse)
    {
        var n = alpha.Length;
        var a = 0;
        for (var i = 1; i < n; i++)
        {
            if (alpha[i] > alpha[a])
            {
                a = i;
            }
        }

        var max = alpha[a];
        var m2 = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (i != a)
            {
                m2 = Math.Max(m2, (alpha[i] - max) * inverse);
            }
        }

        var rest = 0.0;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var t = (alpha[i] - max) * inverse;
            sum += Math.Exp(t);
            if (i != a && !double.IsNegativeInfinity(m2))
            {
                rest += Math.Exp(t - m2);
            }
        }

        var leader = rest > 0.0 ? m2 + Math.Log(rest) - Math.Log(sum) : double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            alpha[i] += i == a ? leader : SpecialFunctions.Log1p(-p[i]);
        }
    }
}
