using System;
using System.Buffers;

namespace ReparamGen.Distributions;

/// <summary>
/// The Plackett–Luce distribution over rankings (Plackett 1975; Luce 1959): items are drawn one after another
/// without replacement, each with probability proportional to <c>exp(logit)</c> among the items not yet drawn.
/// Sampling uses the Gumbel top-k trick (perturb every logit with independent standard Gumbel noise and sort
/// in descending order; Yellott 1977, Kool, van Hoof and Welling 2019, "Stochastic beams and where to find
/// them"), which gives an exact Plackett–Luce ranking, or its first k items for a partial ranking.
/// </summary>
/// <remarks>
/// <para>
/// <b>Log-probability.</b> For a ranking <c>π</c> of length <c>k ≤ n</c> (the first k places of a full ranking),
/// <c>log P(π) = Σᵢ₌₀^{k−1} [sₚᵢ − log Σ_{j ∈ Rᵢ} exp(sⱼ)]</c>, where <c>Rᵢ</c> holds the items not among
/// <c>π₀ … πᵢ₋₁</c> (so, for a partial ranking, the unranked items stay in every denominator). The denominators
/// are computed as a running log-sum-exp from the tail of the ranking, so nothing overflows for logits up to ±1e4.
/// </para>
/// <para>
/// <b>Relaxations.</b> The sample is discrete and has no pathwise gradient; the score-function gradient uses
/// <see cref="LogProbabilityBackward"/>. Continuous relaxations of the same choices are
/// <see cref="Relaxation.RelaxedTopK"/> (a relaxed k-hot subset) and <see cref="Relaxation.GumbelSinkhorn"/>
/// (a relaxed permutation matrix).
/// </para>
/// <para>
/// <b>Domain.</b> Logits must be finite or −∞ (a masked item: never drawn while others remain, so a ranking that puts it
/// before a finite item has probability 0, and places where only masked items remain are forced and contribute log 1;
/// masked items get zero gradient); a NaN logit throws
/// <see cref="ArgumentException"/> naming <c>logits</c>. A ranking longer than the logits, with an index out of range
/// or repeated, throws <see cref="ArgumentException"/> naming it. Nothing allocates for up to 1,024 items (larger
/// inputs rent scratch space from <see cref="ArrayPool{T}.Shared"/>).
/// </para>
/// </remarks>
public static class PlackettLuce
{
    private const int StackLimit = 1024;

    /// <summary>
    /// Draws a Plackett–Luce ranking by the Gumbel top-k trick: fills <paramref name="ranking"/> with the indices of
    /// the <c>ranking.Length</c> largest <c>logits[i] + γᵢ</c> in descending order, γ drawn with
    /// <see cref="GumbelNoise.FillGumbel(Random, Span{double})"/>. A ranking as long as the logits is a full ranking;
    /// a shorter one is the top-k (an exact draw of the first k places).
    /// </summary>
    /// <param name="logits">Log-weights of the n items (finite, or −∞).</param>
    /// <param name="rng">The source of randomness (n Gumbel draws per call).</param>
    /// <param name="ranking">Receives k ≤ n distinct item indices, best first.</param>
    /// <exception cref="ArgumentException"><paramref name="ranking"/> is longer than <paramref name="logits"/>, or a logit is NaN.</exception>
    public static void Sample(ReadOnlySpan<double> logits, Random rng, Span<int> ranking)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckRankingLength(logits.Length, ranking.Length);
        CheckLogits(logits);
        var n = logits.Length;
        double[]? rented = null;
        var gumbel = n <= StackLimit ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        GumbelNoise.FillGumbel(rng, gumbel);
        TopK(logits, gumbel, ranking);
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The Gumbel top-k ranking for given noise: the indices of the <c>ranking.Length</c> largest
    /// <c>logits[i] + gumbel[i]</c>, in descending order (ties keep no particular order; they have probability 0).
    /// With standard Gumbel noise this is a Plackett–Luce draw (see <see cref="Sample"/>).
    /// </summary>
    /// <param name="logits">Log-weights of the n items (finite, or −∞).</param>
    /// <param name="gumbel">n standard Gumbel draws.</param>
    /// <param name="ranking">Receives k ≤ n distinct item indices, best first.</param>
    /// <exception cref="ArgumentException"><paramref name="gumbel"/> differs in length from <paramref name="logits"/>, <paramref name="ranking"/> is longer, or a logit is NaN.</exception>
    public static void SampleFromGumbel(ReadOnlySpan<double> logits, [Noise] ReadOnlySpan<double> gumbel, Span<int> ranking)
    {
        Relaxation.CheckLength(logits.Length, gumbel.Length, nameof(gumbel));
        CheckRankingLength(logits.Length, ranking.Length);
        CheckLogits(logits);
        TopK(logits, gumbel, ranking);
    }

    /// <summary>
    /// Log-probability of a full or partial ranking under Plackett–Luce,
    /// <c>Σᵢ [s_{πᵢ} − log Σ_{j not among π₀…πᵢ₋₁} exp(sⱼ)]</c>, with the denominators as a running log-sum-exp from the tail.
    /// </summary>
    /// <param name="logits">Log-weights of the n items (finite, or −∞).</param>
    /// <param name="ranking">k ≤ n distinct item indices, best first (k = n: a full ranking; k &lt; n: its first k places).</param>
    /// <returns>The log-probability (≤ 0; −∞ when a ranked item has logit −∞ while a finite one remains).</returns>
    /// <exception cref="ArgumentException"><paramref name="ranking"/> is too long, holds an index out of range or repeats one; or a logit is NaN.</exception>
    public static double LogProbability(ReadOnlySpan<double> logits, ReadOnlySpan<int> ranking)
    {
        CheckRankingLength(logits.Length, ranking.Length);
        CheckLogits(logits);
        var n = logits.Length;
        var k = ranking.Length;
        byte[]? rentedMask = null;
        var ranked = n <= StackLimit ? stackalloc byte[n] : (rentedMask = ArrayPool<byte>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            MarkRanking(ranked, ranking);
            var tail = LogSumExpUnranked(logits, ranked);
            var result = 0.0;
            for (var i = k - 1; i >= 0; i--)
            {
                var s = logits[ranking[i]];
                tail = LogAddExp(tail, s);

                // A place where every remaining item is masked (−∞) is forced: it contributes log 1.
                if (!double.IsNegativeInfinity(tail))
                {
                    result += s - tail;
                }
            }

            return result;
        }
        finally
        {
            if (rentedMask is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedMask);
            }
        }
    }

    /// <summary>
    /// Reverse mode of <see cref="LogProbability"/>: adds <c>seed · ∂ log P(π) / ∂logits</c> to <paramref name="gradLogits"/>.
    /// The partial derivative for item m is <c>[m ranked] − Σᵢ exp(sₘ − Lᵢ)</c> over the places i whose remaining set
    /// holds m (<c>Lᵢ</c> the log of that place's denominator); the inner sum is a running log-sum-exp of <c>−Lᵢ</c>,
    /// each term at most 1, so nothing overflows.
    /// </summary>
    /// <param name="logits">As for <see cref="LogProbability"/>.</param>
    /// <param name="ranking">As for <see cref="LogProbability"/>.</param>
    /// <param name="seed">The upstream gradient <c>∂L/∂ log P</c> (1 for the plain gradient).</param>
    /// <param name="gradLogits">Accumulates <c>∂L/∂logits</c> (n entries).</param>
    /// <returns><see cref="LogProbability"/> of the same arguments (so that it is also the reverse-mode rule generated callers use).</returns>
    /// <exception cref="ArgumentException">As for <see cref="LogProbability"/>, or <paramref name="gradLogits"/> differs in length from <paramref name="logits"/>.</exception>
    [BackwardOf(typeof(PlackettLuce), nameof(LogProbability))]
    public static double LogProbabilityBackward(ReadOnlySpan<double> logits, ReadOnlySpan<int> ranking, double seed, Span<double> gradLogits)
    {
        CheckRankingLength(logits.Length, ranking.Length);
        Relaxation.CheckLength(logits.Length, gradLogits.Length, nameof(gradLogits));
        var value = LogProbability(logits, ranking);
        AddLogProbabilityGradient(logits, ranking, seed, gradLogits);
        return value;
    }

    private static void AddLogProbabilityGradient(ReadOnlySpan<double> logits, ReadOnlySpan<int> ranking, double seed, Span<double> gradLogits)
    {
        var n = logits.Length;
        var k = ranking.Length;
        if (k == 0)
        {
            return;
        }

        byte[]? rentedMask = null;
        double[]? rentedLog = null;
        var ranked = n <= StackLimit ? stackalloc byte[n] : (rentedMask = ArrayPool<byte>.Shared.Rent(n)).AsSpan(0, n);
        var prefix = k <= StackLimit ? stackalloc double[k] : (rentedLog = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        try
        {
            MarkRanking(ranked, ranking);

            // Lᵢ (log-denominators) from the tail, then in place Pᵢ = log Σ_{i' ≤ i} exp(−L_{i'}).
            var tail = LogSumExpUnranked(logits, ranked);
            for (var i = k - 1; i >= 0; i--)
            {
                tail = LogAddExp(tail, logits[ranking[i]]);
                prefix[i] = tail;
            }

            var running = double.NegativeInfinity;
            for (var i = 0; i < k; i++)
            {
                running = LogAddExp(running, -prefix[i]);
                prefix[i] = running;
            }

            for (var i = 0; i < k; i++)
            {
                var m = ranking[i];
                if (!double.IsNegativeInfinity(logits[m]))
                {
                    gradLogits[m] += seed * (1.0 - Weight(logits[m], prefix[i]));
                }
            }

            var last = prefix[k - 1];
            for (var m = 0; m < n; m++)
            {
                if (ranked[m] == 0)
                {
                    gradLogits[m] -= seed * Weight(logits[m], last);
                }
            }
        }
        finally
        {
            if (rentedMask is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedMask);
            }

            if (rentedLog is not null)
            {
                ArrayPool<double>.Shared.Return(rentedLog);
            }
        }
    }

    /// <summary>
    /// Tangent rule (directional derivative) of <see cref="LogProbability"/>: returns <c>log P(π)</c> and writes
    /// <c>Σₘ (∂ log P/∂sₘ)·dLogitsₘ</c>, the partials being those of <see cref="LogProbabilityBackward"/>.
    /// </summary>
    /// <param name="logits">As for <see cref="LogProbability"/>.</param>
    /// <param name="ranking">As for <see cref="LogProbability"/>.</param>
    /// <param name="dLogits">Tangent of the logits (n entries).</param>
    /// <param name="dLogProbability">Receives the tangent of the log-probability.</param>
    /// <returns>The log-probability.</returns>
    /// <exception cref="ArgumentException">As for <see cref="LogProbability"/>, or <paramref name="dLogits"/> differs in length from <paramref name="logits"/>.</exception>
    [TangentOf(typeof(PlackettLuce), nameof(LogProbability))]
    public static double LogProbabilityTangent(ReadOnlySpan<double> logits, ReadOnlySpan<int> ranking, ReadOnlySpan<double> dLogits, out double dLogProbability)
    {
        Relaxation.CheckLength(logits.Length, dLogits.Length, nameof(dLogits));
        var value = LogProbability(logits, ranking);
        var n = logits.Length;
        double[]? rented = null;
        var grad = n <= StackLimit ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        grad.Clear();
        LogProbabilityBackward(logits, ranking, 1.0, grad);
        var d = 0.0;
        for (var m = 0; m < n; m++)
        {
            if (grad[m] != 0.0)
            {
                d += grad[m] * dLogits[m];
            }
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        dLogProbability = d;
        return value;
    }

    // exp(s + P) with a masked item (s = −∞) giving exactly 0.
    private static double Weight(double s, double logPrefix)
        => double.IsNegativeInfinity(s) ? 0.0 : Math.Exp(s + logPrefix);

    /// <summary>log(eᵃ + eᵇ) without overflow; −∞ when both are −∞.</summary>
    internal static double LogAddExp(double a, double b)
    {
        var max = Math.Max(a, b);
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        return max + Math.Log(1.0 + Math.Exp(Math.Min(a, b) - max));
    }

    private static double LogSumExpUnranked(ReadOnlySpan<double> logits, ReadOnlySpan<byte> ranked)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < logits.Length; j++)
        {
            if (ranked[j] == 0 && logits[j] > max)
            {
                max = logits[j];
            }
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            if (ranked[j] == 0)
            {
                sum += Math.Exp(logits[j] - max);
            }
        }

        return max + Math.Log(sum);
    }

    private static void MarkRanking(Span<byte> ranked, ReadOnlySpan<int> ranking)
    {
        ranked.Clear();
        foreach (var index in ranking)
        {
            if ((uint)index >= (uint)ranked.Length)
            {
                throw new ArgumentException("'ranking' holds " + index + ", outside [0, " + ranked.Length + ").", nameof(ranking));
            }

            if (ranked[index] != 0)
            {
                throw new ArgumentException("'ranking' holds " + index + " twice.", nameof(ranking));
            }

            ranked[index] = 1;
        }
    }

    private static void CheckRankingLength(int n, int k)
    {
        if (k > n)
        {
            throw new ArgumentException("Length of 'ranking' (" + k + ") must be at most the number of logits (" + n + ").", "ranking");
        }
    }

    private static void CheckLogits(ReadOnlySpan<double> logits)
    {
        foreach (var s in logits)
        {
            if (double.IsNaN(s))
            {
                throw new ArgumentException("'logits' holds NaN.", nameof(logits));
            }
        }
    }

    // Sorts the perturbed logits in descending order (ascending on their negation), the item indices riding along.
    private static void TopK(ReadOnlySpan<double> logits, ReadOnlySpan<double> gumbel, Span<int> ranking)
    {
        var n = logits.Length;
        double[]? rentedKeys = null;
        int[]? rentedItems = null;
        var keys = n <= StackLimit ? stackalloc double[n] : (rentedKeys = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        var items = n <= StackLimit ? stackalloc int[n] : (rentedItems = ArrayPool<int>.Shared.Rent(n)).AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = -(logits[i] + gumbel[i]);
            items[i] = i;
        }

        keys.Sort(items);
        items[..ranking.Length].CopyTo(ranking);
        if (rentedKeys is not null)
        {
            ArrayPool<double>.Shared.Return(rentedKeys);
        }

        if (rentedItems is not null)
        {
            ArrayPool<int>.Shared.Return(rentedItems);
        }
    }
}
