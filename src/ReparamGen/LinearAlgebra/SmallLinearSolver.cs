using System;

namespace ReparamGen.LinearAlgebra;

/// <summary>
/// Solves the small dense systems of multivariate implicit reparameterization,
/// <c>(∇z S) ∂z = −∇λ S · dλ</c>. Lower-triangular matrices (autoregressive and Cholesky
/// standardizations) use forward substitution; others a partially pivoted LU factorization
/// (Golub and Van Loan, Matrix Computations, 4th ed., Algorithm 3.4.1), which is backward stable in practice.
/// </summary>
public static class SmallLinearSolver
{
    /// <summary>Solves <c>A x = b</c> in place: <paramref name="matrix"/> (row-major n×n) is overwritten, <paramref name="rhs"/> becomes x.</summary>
    /// <param name="matrix">Row-major n×n matrix; destroyed.</param>
    /// <param name="rhs">Right-hand side of length n; receives the solution.</param>
    /// <exception cref="ArgumentException">The lengths do not fit.</exception>
    /// <remarks>A singular matrix gives infinities or NaN in the solution (propagated, never zeroed).</remarks>
    public static void SolveInPlace(Span<double> matrix, Span<double> rhs)
    {
        var n = rhs.Length;
        if (matrix.Length != n * n)
        {
            throw new ArgumentException("The matrix must be n×n for a right-hand side of length n.", nameof(matrix));
        }

        if (IsLowerTriangular(matrix, n))
        {
            ForwardSubstitute(matrix, n, rhs);
            return;
        }

        for (var k = 0; k < n; k++)
        {
            var pivot = k;
            for (var r = k + 1; r < n; r++)
            {
                if (Math.Abs(matrix[(r * n) + k]) > Math.Abs(matrix[(pivot * n) + k]))
                {
                    pivot = r;
                }
            }

            if (pivot != k)
            {
                for (var c = 0; c < n; c++)
                {
                    (matrix[(k * n) + c], matrix[(pivot * n) + c]) = (matrix[(pivot * n) + c], matrix[(k * n) + c]);
                }

                (rhs[k], rhs[pivot]) = (rhs[pivot], rhs[k]);
            }

            for (var r = k + 1; r < n; r++)
            {
                var factor = matrix[(r * n) + k] / matrix[(k * n) + k];
                matrix[(r * n) + k] = factor;
                for (var c = k + 1; c < n; c++)
                {
                    matrix[(r * n) + c] -= factor * matrix[(k * n) + c];
                }

                rhs[r] -= factor * rhs[k];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var sum = rhs[r];
            for (var c = r + 1; c < n; c++)
            {
                sum -= matrix[(r * n) + c] * rhs[c];
            }

            rhs[r] = sum / matrix[(r * n) + r];
        }
    }

    private static bool IsLowerTriangular(ReadOnlySpan<double> matrix, int n)
    {
        for (var r = 0; r < n; r++)
        {
            for (var c = r + 1; c < n; c++)
            {
                if (matrix[(r * n) + c] != 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void ForwardSubstitute(ReadOnlySpan<double> matrix, int n, Span<double> rhs)
    {
        for (var r = 0; r < n; r++)
        {
            var sum = rhs[r];
            for (var c = 0; c < r; c++)
            {
                sum -= matrix[(r * n) + c] * rhs[c];
            }

            rhs[r] = sum / matrix[(r * n) + r];
        }
    }
}
