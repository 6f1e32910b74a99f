using System;
using System.Buffers;

namespace ReparamGen;

// Gumbel-Sinkhorn (Mena, Belanger, Linderman and Snoek 2018, "Learning latent permutations with Gumbel-Sinkhorn
// networks", ICLR, sections 2 and 3): the Sinkhorn operator S(X) applied to X⁰ = (scores + γ)/τ, unrolled for L iterations,
// each a row normalization then a column normalization, in log space:
//     Rᵗ = Cᵗ⁻¹ − LSE_row(Cᵗ⁻¹),   Cᵗ = Rᵗ − LSE_col(Rᵗ),   output P = exp(Cᴸ)  (C⁰ = X⁰).
// Every entry of Rᵗ and Cᵗ is ≤ 0, so exp never overflows; the log-sum-exps subtract their maximum, so they stay
// finite for (scores + γ)/τ of any finite size (1e4/1e−3 = 1e7 included). Columns of P sum to 1 up to rounding
// after every iteration; rows converge (Sinkhorn 1964), slowly when τ is small.
//
// Reverse mode. The VJP of Y = X − LSE_row(X) is gXᵢⱼ = gYᵢⱼ − exp(Yᵢⱼ) Σⱼ' gYᵢⱼ' (exp(Yᵢ·) is the row softmax of
// X), and the same down the columns. So the backward pass needs only the output of each half-step: the Rᵗ are kept
// (L·n² doubles) and each Cᵗ is recomputed from Rᵗ. The temperature gradient: ∂X⁰/∂τ = −X⁰/τ, and every row of
// g(X⁰) sums to 0, so ∂L/∂τ = −(1/τ) Σᵢⱼ gX⁰ᵢⱼ (X⁰ᵢⱼ − maxⱼ' X⁰ᵢⱼ'), which stays accurate when X⁰ is huge.
public static partial class Relaxation
{
    /// <summary>
    /// Gumbel-Sinkhorn relaxed permutation matrix (Mena et al. 2018, "Learning latent permutations with Gumbel-Sinkhorn
    /// networks"): <c>exp</c> of <paramref name="iterations"/> rounds of log-space Sinkhorn normalization (rows, then
    /// columns) of <c>(scores + gumbel) / temperature</c>. As τ → 0 with enough iterations it tends to the permutation
    /// matrix of the maximum-weight matching of <c>scores + gumbel</c> (see <see cref="MatchingFromGumbel"/>).
    /// </summary>
    /// <param name="scores">n×n matching scores, row-major (finite).</param>
    /// <param name="gumbel">n×n standard Gumbel draws (zeros for the noiseless Sinkhorn operator).</param>
    /// <param name="n">Matrix order, n ≥ 0.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="iterations">Sinkhorn iterations L ≥ 1 (each normalizes the rows, then the columns).</param>
    /// <param name="doublyStochastic">Receives the n×n result, row-major: columns sum to 1 up to rounding, rows approximately (closer with more iterations).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not positive or is NaN; <paramref name="n"/> is negative; <paramref name="iterations"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/>, <paramref name="gumbel"/> or <paramref name="doublyStochastic"/> does not have n² entries.</exception>
    public static void GumbelSinkhorn(ReadOnlySpan<double> scores, [Noise] ReadOnlySpan<double> gumbel, int n, double temperature, int iterations, Span<double> doublyStochastic)
    {
        CheckSinkhorn(scores.Length, gumbel.Length, n, temperature, iterations);
        CheckLength(n * n, doublyStochastic.Length, nameof(doublyStochastic));
        var inverse = InverseTemperature(temperature);
        var x = doublyStochastic;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (scores[i] + gumbel[i]) * inverse;
        }

        for (var t = 0; t < iterations; t++)
        {
            NormalizeRowsLog(x, n);
            NormalizeColumnsLog(x, n);
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Exp(x[i]);
        }
    }

    /// <summary>
    /// Tangent rule (Jacobian-vector product) of <see cref="GumbelSinkhorn"/>: writes the doubly stochastic matrix and its
    /// directional derivative along (<paramref name="dScores"/>, <paramref name="dTemperature"/>). Each log-normalization
    /// <c>Y = X − LSE(X)</c> maps a tangent as <c>dY = dX − Σ exp(Y)·dX</c> along its row (or column); the output's tangent
    /// is <c>P ⊙ dY</c>. Works in place in the two output spans (no scratch).
    /// </summary>
    /// <param name="scores">As for <see cref="GumbelSinkhorn"/>.</param>
    /// <param name="gumbel">As for <see cref="GumbelSinkhorn"/> (noise: no tangent).</param>
    /// <param name="n">As for <see cref="GumbelSinkhorn"/>.</param>
    /// <param name="temperature">As for <see cref="GumbelSinkhorn"/>.</param>
    /// <param name="iterations">As for <see cref="GumbelSinkhorn"/>.</param>
    /// <param name="doublyStochastic">Receives the n×n result.</param>
    /// <param name="dScores">Tangent of the scores (n², row-major).</param>
    /// <param name="dTemperature">Tangent of the temperature.</param>
    /// <param name="dDoublyStochastic">Receives the tangent of the result.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="GumbelSinkhorn"/>.</exception>
    /// <exception cref="ArgumentException">A span does not have n² entries.</exception>
    [TangentOf(typeof(Relaxation), nameof(GumbelSinkhorn))]
    public static void GumbelSinkhornTangent(ReadOnlySpan<double> scores, ReadOnlySpan<double> gumbel, int n, double temperature, int iterations, Span<double> doublyStochastic, ReadOnlySpan<double> dScores, double dTemperature, Span<double> dDoublyStochastic)
    {
        CheckSinkhorn(scores.Length, gumbel.Length, n, temperature, iterations);
        CheckLength(n * n, doublyStochastic.Length, nameof(doublyStochastic));
        CheckLength(n * n, dScores.Length, nameof(dScores));
        CheckLength(n * n, dDoublyStochastic.Length, nameof(dDoublyStochastic));
        var inverse = InverseTemperature(temperature);
        var x = doublyStochastic;
        var dx = dDoublyStochastic;

        // X⁰ and its tangent, the τ term shifted by each row's maximum (the row step ignores a constant per row).
        for (var i = 0; i < n; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                max = Math.Max(max, scores[(i * n) + j] + gumbel[(i * n) + j]);
            }

            for (var j = 0; j < n; j++)
            {
                var index = (i * n) + j;
                var shifted = (scores[index] + gumbel[index] - max) * inverse;
                x[index] = (scores[index] + gumbel[index]) * inverse;
                dx[index] = (dScores[index] - (shifted * dTemperature)) * inverse;
            }
        }

        for (var t = 0; t < iterations; t++)
        {
            NormalizeRowsLog(x, n);
            for (var i = 0; i < n; i++)
            {
                var mean = 0.0;
                for (var j = 0; j < n; j++)
                {
                    mean += Math.Exp(x[(i * n) + j]) * dx[(i * n) + j];
                }

                for (var j = 0; j < n; j++)
                {
                    dx[(i * n) + j] -= mean;
                }
            }

            NormalizeColumnsLog(x, n);
            for (var j = 0; j < n; j++)
            {
                var mean = 0.0;
                for (var i = 0; i < n; i++)
                {
                    mean += Math.Exp(x[(i * n) + j]) * dx[(i * n) + j];
                }

                for (var i = 0; i < n; i++)
                {
                    dx[(i * n) + j] -= mean;
                }
            }
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Exp(x[i]);
            dx[i] *= x[i];
        }
    }

    /// <summary>
    /// Reverse mode of <see cref="GumbelSinkhorn"/>: adds <c>∂L/∂scores</c> to <paramref name="gradScores"/> and <c>∂L/∂τ</c>
    /// to <paramref name="gradTemperature"/> given <c>∂L/∂doublyStochastic</c>, by reverse-mode differentiation through the
    /// unrolled iterations. Memory: the row-normalized log-matrix of every iteration is kept, <c>n²·(iterations + 2)</c>
    /// doubles rented from <see cref="ArrayPool{T}.Shared"/> (no allocation once the pool holds an array that size).
    /// </summary>
    /// <param name="scores">As for the forward pass.</param>
    /// <param name="gumbel">As for the forward pass.</param>
    /// <param name="n">As for the forward pass.</param>
    /// <param name="temperature">As for the forward pass.</param>
    /// <param name="iterations">As for the forward pass.</param>
    /// <param name="upstream">The upstream gradient <c>∂L/∂doublyStochastic</c> (n², row-major).</param>
    /// <param name="gradScores">Accumulates <c>∂L/∂scores</c> (n², row-major).</param>
    /// <param name="gradTemperature">Accumulates <c>∂L/∂τ</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for the forward pass.</exception>
    /// <exception cref="ArgumentException">A span does not have n² entries.</exception>
    public static void GumbelSinkhornBackward(ReadOnlySpan<double> scores, ReadOnlySpan<double> gumbel, int n, double temperature, int iterations, ReadOnlySpan<double> upstream, Span<double> gradScores, ref double gradTemperature)
    {
        CheckSinkhorn(scores.Length, gumbel.Length, n, temperature, iterations);
        CheckLength(n * n, upstream.Length, nameof(upstream));
        CheckLength(n * n, gradScores.Length, nameof(gradScores));
        if (n == 0)
        {
            return;
        }

        var nn = n * n;
        var size = checked((iterations + 2) * nn);
        var rented = ArrayPool<double>.Shared.Rent(size);
        try
        {
            var buffer = rented.AsSpan(0, size);
            var rows = buffer[..(iterations * nn)];
            var c = buffer.Slice(iterations * nn, nn);
            var g = buffer.Slice((iterations + 1) * nn, nn);
            var inverse = InverseTemperature(temperature);

            // Forward, keeping Rᵗ.
            for (var i = 0; i < nn; i++)
            {
                c[i] = (scores[i] + gumbel[i]) * inverse;
            }

            for (var t = 0; t < iterations; t++)
            {
                NormalizeRowsLog(c, n);
                c.CopyTo(rows.Slice(t * nn, nn));
                NormalizeColumnsLog(c, n);
            }

            // g = ∂L/∂Cᴸ = upstream ⊙ P.
            for (var i = 0; i < nn; i++)
            {
                g[i] = upstream[i] * Math.Exp(c[i]);
            }

            for (var t = iterations - 1; t >= 0; t--)
            {
                var r = rows.Slice(t * nn, nn);
                if (t < iterations - 1)
                {
                    r.CopyTo(c);
                    NormalizeColumnsLog(c, n);
                }

                // Column step: gR = gC − exp(C) · (column sums of gC).
                for (var j = 0; j < n; j++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += g[(i * n) + j];
                    }

                    for (var i = 0; i < n; i++)
                    {
                        g[(i * n) + j] -= Math.Exp(c[(i * n) + j]) * sum;
                    }
                }

                // Row step: gC⁽ᵗ⁻¹⁾ = gR − exp(R) · (row sums of gR).
                for (var i = 0; i < n; i++)
                {
                    var row = g.Slice(i * n, n);
                    var rRow = r.Slice(i * n, n);
                    var sum = 0.0;
                    for (var j = 0; j < n; j++)
                    {
                        sum += row[j];
                    }

                    for (var j = 0; j < n; j++)
                    {
                        row[j] -= Math.Exp(rRow[j]) * sum;
                    }
                }
            }

            // X⁰ = (scores + γ)/τ.
            var tauSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var max = double.NegativeInfinity;
                for (var j = 0; j < n; j++)
                {
                    max = Math.Max(max, scores[(i * n) + j] + gumbel[(i * n) + j]);
                }

                for (var j = 0; j < n; j++)
                {
                    var index = (i * n) + j;
                    var v = g[index];
                    gradScores[index] += v * inverse;
                    tauSum += v * ((scores[index] + gumbel[index] - max) * inverse);
                }
            }

            gradTemperature -= tauSum * inverse;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The hard permutation that Gumbel-Sinkhorn relaxes: the assignment <c>row i → column assignment[i]</c> maximizing
    /// <c>Σᵢ scores[i, assignment[i]] + gumbel[i, assignment[i]]</c>. Exact (dynamic programming over column subsets,
    /// O(n²·2ⁿ) time and 2ⁿ doubles of pooled memory) for n ≤ 16; for larger n a greedy assignment (repeatedly the largest
    /// remaining entry), which is a permutation but not always the maximum-weight one.
    /// </summary>
    /// <param name="scores">n×n matching scores, row-major.</param>
    /// <param name="gumbel">n×n Gumbel draws (zeros for the plain matching).</param>
    /// <param name="n">Matrix order, n ≥ 0.</param>
    /// <param name="assignment">Receives n distinct column indices, one per row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> or <paramref name="gumbel"/> does not have n² entries, or <paramref name="assignment"/> not n.</exception>
    public static void MatchingFromGumbel(ReadOnlySpan<double> scores, [Noise] ReadOnlySpan<double> gumbel, int n, Span<int> assignment)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "'n' must be non-negative.");
        }

        CheckLength(n * n, scores.Length, nameof(scores));
        CheckLength(n * n, gumbel.Length, nameof(gumbel));
        CheckLength(n, assignment.Length, nameof(assignment));
        if (n <= 16)
        {
            ExactMatching(scores, gumbel, n, assignment);
        }
        else
        {
            GreedyMatching(scores, gumbel, n, assignment);
        }
    }

    // best[mask] = the largest weight assigning rows 0 … popcount(mask) − 1 to the columns in mask.
    private static void ExactMatching(ReadOnlySpan<double> scores, ReadOnlySpan<double> gumbel, int n, Span<int> assignment)
    {
        var states = 1 << n;
        var rented = ArrayPool<double>.Shared.Rent(states);
        try
        {
            var best = rented.AsSpan(0, states);
            best.Fill(double.NegativeInfinity);
            best[0] = 0.0;
            for (var mask = 0; mask < states; mask++)
            {
                var value = best[mask];
                if (double.IsNegativeInfinity(value) && mask != 0)
                {
                    continue;
                }

                var row = System.Numerics.BitOperations.PopCount((uint)mask);
                if (row == n)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    if ((mask & (1 << j)) == 0)
                    {
                        var candidate = value + scores[(row * n) + j] + gumbel[(row * n) + j];
                        var next = mask | (1 << j);
                        if (candidate > best[next] || double.IsNegativeInfinity(best[next]))
                        {
                            best[next] = candidate;
                        }
                    }
                }
            }

            // Walk back from the full set: the last row takes the column whose removal explains best[mask].
            var m = states - 1;
            for (var row = n - 1; row >= 0; row--)
            {
                var chosen = -1;
                var chosenValue = double.NegativeInfinity;
                for (var j = 0; j < n; j++)
                {
                    if ((m & (1 << j)) != 0)
                    {
                        var v = best[m & ~(1 << j)] + scores[(row * n) + j] + gumbel[(row * n) + j];
                        if (chosen < 0 || v > chosenValue)
                        {
                            chosen = j;
                            chosenValue = v;
                        }
                    }
                }

                assignment[row] = chosen;
                m &= ~(1 << chosen);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static void GreedyMatching(ReadOnlySpan<double> scores, ReadOnlySpan<double> gumbel, int n, Span<int> assignment)
    {
        Span<bool> usedRows = n <= 512 ? stackalloc bool[n] : new bool[n];
        Span<bool> usedColumns = n <= 512 ? stackalloc bool[n] : new bool[n];
        usedRows.Clear();
        usedColumns.Clear();
        for (var step = 0; step < n; step++)
        {
            var bi = -1;
            var bj = -1;
            var bv = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (usedRows[i])
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    var v = scores[(i * n) + j] + gumbel[(i * n) + j];
                    if (!usedColumns[j] && (bi < 0 || v > bv))
                    {
                        bi = i;
                        bj = j;
                        bv = v;
                    }
                }
            }

            assignment[bi] = bj;
            usedRows[bi] = true;
            usedColumns[bj] = true;
        }
    }

    private static void CheckSinkhorn(int scoresLength, int gumbelLength, int n, double temperature, int iterations)
    {
        CheckTemperature(temperature);
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "'n' must be non-negative.");
        }

        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "'iterations' must be at least 1.");
        }

        CheckLength(checked(n * n), scoresLength, "scores");
        CheckLength(n * n, gumbelLength, "gumbel");
    }

    private static void NormalizeRowsLog(Span<double> x, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var row = x.Slice(i * n, n);
            var max = double.NegativeInfinity;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            var lse = max + Math.Log(sum);
            for (var j = 0; j < n; j++)
            {
                row[j] -= lse;
            }
        }
    }

    private static void NormalizeColumnsLog(Span<double> x, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var max = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                max = Math.Max(max, x[(i * n) + j]);
            }

            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += Math.Exp(x[(i * n) + j] - max);
            }

            var lse = max + Math.Log(sum);
            for (var i = 0; i < n; i++)
            {
                x[(i * n) + j] -= lse;
            }
        }
    }
}
