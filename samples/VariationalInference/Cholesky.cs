using System;

namespace VariationalInference;

/// <summary>
/// The Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (row-major, n×n), used once to
/// compute the exact Bayesian linear regression posterior the fit is checked against. Textbook
/// Cholesky–Banachiewicz (row by row); backward stable for positive definite A.
/// </summary>
internal sealed class Cholesky
{
    private readonly double[] _l;
    private readonly int _n;

    public Cholesky(ReadOnlySpan<double> a, int n)
    {
        _n = n;
        _l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= _l[(i * n) + k] * _l[(j * n) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new ArgumentException("The matrix is not positive definite.", nameof(a));
                    }

                    _l[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    _l[(i * n) + j] = sum / _l[(j * n) + j];
                }
            }
        }
    }

    /// <summary>log det A = 2 Σ log Lᵢᵢ.</summary>
    public double LogDeterminant()
    {
        var sum = 0.0;
        for (var i = 0; i < _n; i++)
        {
            sum += Math.Log(_l[(i * _n) + i]);
        }

        return 2 * sum;
    }

    /// <summary>x = A⁻¹b: forward substitution with L, then back substitution with Lᵀ.</summary>
    public double[] Solve(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        for (var i = 0; i < _n; i++)
        {
            var sum = x[i];
            for (var k = 0; k < i; k++)
            {
                sum -= _l[(i * _n) + k] * x[k];
            }

            x[i] = sum / _l[(i * _n) + i];
        }

        for (var i = _n - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var k = i + 1; k < _n; k++)
            {
                sum -= _l[(k * _n) + i] * x[k];
            }

            x[i] = sum / _l[(i * _n) + i];
        }

        return x;
    }

    /// <summary>The diagonal of A⁻¹: (A⁻¹)ᵢᵢ = ‖L⁻¹eᵢ‖², one forward substitution per column.</summary>
    public double[] InverseDiagonal()
    {
        var diagonal = new double[_n];
        var column = new double[_n];
        for (var c = 0; c < _n; c++)
        {
            Array.Clear(column);
            var squares = 0.0;
            for (var i = c; i < _n; i++)
            {
                var sum = i == c ? 1.0 : 0.0;
                for (var k = c; k < i; k++)
                {
                    sum -= _l[(i * _n) + k] * column[k];
                }

                column[i] = sum / _l[(i * _n) + i];
                squares += column[i] * column[i];
            }

            diagonal[c] = squares;
        }

        return diagonal;
    }
}
