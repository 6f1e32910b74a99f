using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ReparamGen;
using ReparamGen.Distributions;

namespace VariationalInference;

/// <summary>
/// Bayesian linear regression y = Xw + noise, noise ~ N(0, σ²) with σ known, prior w ~ N(0, α⁻¹I), fitted with a
/// mean-field Normal q(w) = Πⱼ N(mⱼ, exp(ρⱼ)²) over D ≥ 100 weights. The log joint below is plain user code over
/// spans, with the data marked <see cref="ConstantAttribute"/>; its whole gradient in w comes from the generated
/// <c>LogJointBackward</c>: one forward and one reverse sweep, not D forward passes. The ELBO is maximized by Adam on
/// reparameterized draws w = m + exp(ρ)⊙ε.
/// <para>
/// The answer is known exactly. With a Gaussian likelihood and known σ the posterior is Gaussian with precision
/// P = αI + XᵀX/σ² and mean μ = P⁻¹Xᵀy/σ². The ELBO of a mean-field Normal is a quadratic in m plus a separate term
/// in each ρⱼ, so its maximizer is m = μ (the exact posterior mean) and exp(ρⱼ)² = 1/Pⱼⱼ (one over the diagonal of
/// the precision, smaller than the exact marginal variance (P⁻¹)ⱼⱼ: the well-known underestimate of mean-field VI).
/// Both are computed here with a Cholesky factorization of P.
/// </para>
/// </summary>
public static partial class BayesianLinearRegression
{
    /// <summary>
    /// Tolerances of the check on the largest |m̄ⱼ − μⱼ| / sd(wⱼ | y) over the D weights and the largest |s̄ⱼ²·Pⱼⱼ − 1|.
    /// What is left is Monte Carlo noise: each step sees a few draws of ε, and averaging the second half's iterates
    /// (Polyak averaging) shrinks but does not remove it. Measured over the optimizer's seeds (the data stay fixed),
    /// default settings, 10 seeds: 0.0130 ± 0.0013 (largest 0.0153) and 0.0223 ± 0.0024 (largest 0.0252);
    /// <c>--quick</c>, 20 seeds: 0.0297 ± 0.0037 (largest 0.0349) and 0.0587 ± 0.0097 (largest 0.0775).
    /// Each tolerance is the mean plus five standard deviations, rounded up.
    /// </summary>
    public const double MeanTolerance = 0.02, VarianceTolerance = 0.035, QuickMeanTolerance = 0.05, QuickVarianceTolerance = 0.11;

    /// <summary>What one fit measured.</summary>
    /// <param name="Weights">D, the number of regression weights.</param>
    /// <param name="Observations">N, the number of rows of X.</param>
    /// <param name="GradientError">Largest relative error of the generated gradient against the closed form −P·w + Xᵀy/σ².</param>
    /// <param name="MeanError">max over j of |m̄ⱼ − μⱼ| divided by the exact posterior standard deviation of wⱼ.</param>
    /// <param name="VarianceError">max over j of |s̄ⱼ²/(1/Pⱼⱼ) − 1|, the optimal mean-field variance being 1/Pⱼⱼ.</param>
    /// <param name="ElboGap">The best mean-field ELBO minus the ELBO at the fitted q (both exact, closed form; ≥ 0).</param>
    /// <param name="Passed">Whether all checks passed.</param>
    public sealed record Result(int Weights, int Observations, double GradientError, double MeanError, double VarianceError, double ElboGap, bool Passed);

    /// <summary>
    /// log p(y, w) = log N(w; 0, α⁻¹I) + Σᵢ log N(yᵢ; xᵢ·w, σ²), written the way a user would: loops over spans.
    /// X is row-major n×d. Only <paramref name="w"/> is differentiated.
    /// </summary>
    [Differentiable]
    public static double LogJoint(
        ReadOnlySpan<double> w,
        [Constant] ReadOnlySpan<double> x,
        [Constant] ReadOnlySpan<double> y,
        int n,
        int d,
        [Constant] double noiseStdDev,
        [Constant] double priorPrecision)
    {
        double lp = (0.5 * d * Math.Log(priorPrecision / (2 * Math.PI))) - (n * Math.Log(noiseStdDev * Math.Sqrt(2 * Math.PI)));
        for (int j = 0; j < d; j++)
        {
            lp -= 0.5 * priorPrecision * w[j] * w[j];
        }

        for (int i = 0; i < n; i++)
        {
            double residual = y[i];
            for (int j = 0; j < d; j++)
            {
                residual -= x[(i * d) + j] * w[j];
            }

            double z = residual / noiseStdDev;
            lp -= 0.5 * z * z;
        }

        return lp;
    }

    /// <summary>Runs the example: N = 500, D = 100 (quick: N = 300, D = 100, fewer steps).</summary>
    public static Result Run(bool quick, string outDir, int seed)
    {
        const double noiseStdDev = 1.0, priorPrecision = 1.0;
        Directory.CreateDirectory(outDir);
        var (n, d) = quick ? (300, 100) : (500, 100);
        var steps = quick ? 3000 : 8000;
        var draws = quick ? 4 : 8;

        // Synthetic data, fixed seed: X with standard normal entries, true weights from the prior, y = Xw + noise.
        var dataRng = new Random(20240610);
        var x = new double[n * d];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Normal.Sample(0, 1, dataRng);
        }

        var trueW = Enumerable.Range(0, d).Select(_ => Normal.Sample(0, 1 / Math.Sqrt(priorPrecision), dataRng)).ToArray();
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var mean = 0.0;
            for (var j = 0; j < d; j++)
            {
                mean += x[(i * d) + j] * trueW[j];
            }

            y[i] = mean + Normal.Sample(0, noiseStdDev, dataRng);
        }

        var exact = ExactPosterior.Compute(x, y, n, d, noiseStdDev, priorPrecision);

        Console.WriteLine($"Bayesian linear regression: N = {n} observations, D = {d} weights, noise σ = {noiseStdDev}, prior w ~ N(0, I/{priorPrecision})");
        Console.WriteLine("  fit q(w) = Πⱼ N(mⱼ, exp(ρⱼ)²) by Adam on the ELBO; ∇w log p(y, w) from the generated LogJointBackward (one reverse sweep)");

        // The gradient the fit uses, against the closed form ∇w log p(y, w) = Xᵀy/σ² − P·w, at a point off the optimum.
        var gradientError = GradientError(exact, x, y, n, d, noiseStdDev, priorPrecision, new Random(seed + 1));
        var gradientOk = gradientError < 1e-10;
        Console.WriteLine($"  {(gradientOk ? "CHECK PASSED" : "CHECK FAILED")}: generated gradient vs closed form Xᵀy/σ² − P·w, largest relative error {gradientError:0.0e+00} (bar 1e-10)");
        ReportCost(x, y, n, d, noiseStdDev, priorPrecision, exact.Mean);

        var rng = new Random(seed);
        var parameters = new double[2 * d];         // m (first d), then ρ = log s: q starts as N(0, I)
        var gradient = new double[2 * d];
        var w = new double[d];
        var eps = new double[d];
        var gradW = new double[d];

        // β₂ = 0.99 rather than 0.999: the first gradients (q starts far too wide) are ~100 times the late ones, and
        // with 0.999 Adam's running mean of squared gradients remembers them for thousands of steps, stalling ρ.
        var adam = new Adam(2 * d, rate: 0.02, decaySteps: steps / 10.0, beta2: 0.99);
        var elbo = new double[steps];
        var entropyConstant = 0.5 * d * Math.Log(2 * Math.PI * Math.E);

        // Polyak averaging over the second half of the iterates, as in the other two fits.
        var averageOver = steps / 2;
        var average = new double[2 * d];

        for (var t = 0; t < steps; t++)
        {
            Array.Clear(gradient);
            var logJointSum = 0.0;
            for (var s = 0; s < draws; s++)
            {
                for (var j = 0; j < d; j++)
                {
                    eps[j] = Normal.Sample(0, 1, rng);
                    w[j] = parameters[j] + (Math.Exp(parameters[d + j]) * eps[j]);
                }

                // One forward and one reverse sweep: gradW += 1·∇w log p(y, w).
                Array.Clear(gradW);
                logJointSum += LogJointBackward(w, x, y, n, d, noiseStdDev, priorPrecision, 1.0, gradW);

                // Chain rule through w = m + exp(ρ)⊙ε: ∂w/∂m = 1, ∂wⱼ/∂ρⱼ = exp(ρⱼ)εⱼ.
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += gradW[j] / draws;
                    gradient[d + j] += gradW[j] * Math.Exp(parameters[d + j]) * eps[j] / draws;
                }
            }

            // The entropy of q, Σⱼ (ρⱼ + ½ log 2πe), is differentiated analytically: +1 per ρⱼ.
            var entropy = entropyConstant;
            for (var j = 0; j < d; j++)
            {
                gradient[d + j] += 1;
                entropy += parameters[d + j];
            }

            elbo[t] = (logJointSum / draws) + entropy;
            adam.Ascend(parameters, gradient);
            if (t >= steps - averageOver)
            {
                for (var k = 0; k < 2 * d; k++)
                {
                    average[k] += parameters[k] / averageOver;
                }
            }

            if ((t + 1) % (steps / 8) == 0)
            {
                var (meanError, varianceError) = exact.Errors(parameters);
                Console.WriteLine($"  step {t + 1,5}/{steps}   ELBO ≈ {Mean(elbo, t + 1 - (steps / 8), t + 1),10:F3}   max|m − μ|/sd {meanError,7:F4}   max|s²·Pⱼⱼ − 1| {varianceError,7:F4}");
            }
        }

        var (fitMeanError, fitVarianceError) = exact.Errors(average);
        var elboGap = exact.BestElbo - exact.Elbo(average);
        Console.WriteLine($"  fitted  q: average of the second half's iterates; ELBO (closed form) {exact.Elbo(average):F4}, {elboGap:0.0e+00} below the best mean-field ELBO {exact.BestElbo:F4}");
        Console.WriteLine($"  exact   posterior: log evidence log p(y) = {exact.LogEvidence:F4} (the mean-field gap ½(Σ log Pⱼⱼ − log det P) = {exact.LogEvidence - exact.BestElbo:F4})");

        var elboPng = Path.Combine(outDir, "linear-regression-elbo.png");
        Plots.Elbo(elbo, exact.BestElbo, $"Bayesian linear regression (D = {d}): ELBO of the mean-field Normal", elboPng, $"best mean-field ELBO = {exact.BestElbo:F3} (exact)", yMin: exact.BestElbo - (0.25 * Math.Abs(exact.BestElbo)));
        var meansPng = Path.Combine(outDir, "linear-regression-means.png");
        Plots.Agreement(exact.Mean, average.AsSpan(0, d).ToArray(), $"Linear regression: fitted means vs exact posterior means (D = {d})", "exact posterior mean μⱼ", "fitted mⱼ", meansPng);
        Console.WriteLine($"  wrote {elboPng} and {meansPng}");

        var (meanTolerance, varianceTolerance) = quick ? (QuickMeanTolerance, QuickVarianceTolerance) : (MeanTolerance, VarianceTolerance);
        var ok = gradientOk && fitMeanError < meanTolerance && fitVarianceError < varianceTolerance;
        Console.WriteLine(ok
            ? $"  CHECK PASSED: max|m̄ − μ|/sd = {fitMeanError:F4} < {meanTolerance}, max|s̄²·Pⱼⱼ − 1| = {fitVarianceError:F4} < {varianceTolerance}"
            : $"  CHECK FAILED: max|m̄ − μ|/sd = {fitMeanError:F4} (tolerance {meanTolerance}), max|s̄²·Pⱼⱼ − 1| = {fitVarianceError:F4} (tolerance {varianceTolerance})");
        return new Result(d, n, gradientError, fitMeanError, fitVarianceError, elboGap, ok);
    }

    private static double GradientError(ExactPosterior exact, double[] x, double[] y, int n, int d, double noiseStdDev, double priorPrecision, Random rng)
    {
        var w = exact.Mean.Select(m => m + Normal.Sample(0, 0.3, rng)).ToArray();
        var generated = new double[d];
        LogJointBackward(w, x, y, n, d, noiseStdDev, priorPrecision, 1.0, generated);
        var closedForm = exact.LogJointGradient(w);
        var scale = closedForm.Max(Math.Abs);
        return generated.Zip(closedForm, (a, b) => Math.Abs(a - b)).Max() / scale;
    }

    /// <summary>
    /// What one gradient costs: the log joint alone, the generated reverse sweep (the whole gradient), and forward mode
    /// (the generated <c>LogJointTangent</c>), which needs one pass per weight for the same gradient.
    /// </summary>
    private static void ReportCost(double[] x, double[] y, int n, int d, double noiseStdDev, double priorPrecision, double[] w)
    {
        var gradient = new double[d];
        var direction = new double[d];
        const int repeats = 200;
        double primal = 0, reverse = 0, forward = 0, sink = 0;

        // Twice: the first round is warm-up (the JIT compiles and then recompiles hot loops); the second is reported.
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < repeats; r++)
            {
                sink += LogJoint(w, x, y, n, d, noiseStdDev, priorPrecision);
            }

            primal = clock.Elapsed.TotalMilliseconds / repeats;
            clock.Restart();
            for (var r = 0; r < repeats; r++)
            {
                sink += LogJointBackward(w, x, y, n, d, noiseStdDev, priorPrecision, 1.0, gradient);
            }

            reverse = clock.Elapsed.TotalMilliseconds / repeats;
            clock.Restart();
            for (var j = 0; j < d; j++)
            {
                direction[j] = 1;
                LogJointTangent(w, x, y, n, d, noiseStdDev, priorPrecision, direction, out var derivative);
                direction[j] = 0;
                sink += derivative;
            }

            forward = clock.Elapsed.TotalMilliseconds;
        }

        Console.WriteLine($"  cost of ∇w log p(y, w): log joint alone {primal:F3} ms, generated reverse sweep {reverse:F3} ms ({reverse / primal:F1}×), forward mode {forward:F1} ms ({d} passes){(double.IsNaN(sink) ? " (NaN)" : string.Empty)}");
    }

    private static double Mean(double[] values, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++)
        {
            sum += values[i];
        }

        return sum / (to - from);
    }

    /// <summary>The exact posterior N(μ, P⁻¹) and the closed-form ELBO of a mean-field Normal, from one Cholesky factorization of P.</summary>
    private sealed class ExactPosterior
    {
        private double[] _precision = Array.Empty<double>();   // P = αI + XᵀX/σ², row-major d×d
        private double[] _b = Array.Empty<double>();           // Xᵀy/σ²
        private double _constant;                              // log p(y, w) = _constant + bᵀw − ½wᵀPw
        private int _d;

        public double[] Mean { get; private set; } = Array.Empty<double>();

        /// <summary>√(P⁻¹)ⱼⱼ, the exact marginal posterior standard deviations.</summary>
        public double[] StdDev { get; private set; } = Array.Empty<double>();

        public double LogEvidence { get; private set; }

        public double[] BestRho { get; private set; } = Array.Empty<double>();

        /// <summary>The ELBO at m = μ, sⱼ² = 1/Pⱼⱼ: the largest a mean-field Normal reaches.</summary>
        public double BestElbo { get; private set; }

        public static ExactPosterior Compute(double[] x, double[] y, int n, int d, double noiseStdDev, double priorPrecision)
        {
            var inverseNoise = 1 / (noiseStdDev * noiseStdDev);
            var precision = new double[d * d];
            var b = new double[d];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    var xij = x[(i * d) + j];
                    b[j] += xij * y[i] * inverseNoise;
                    for (var k = 0; k <= j; k++)
                    {
                        precision[(j * d) + k] += xij * x[(i * d) + k] * inverseNoise;
                    }
                }
            }

            for (var j = 0; j < d; j++)
            {
                precision[(j * d) + j] += priorPrecision;
                for (var k = 0; k < j; k++)
                {
                    precision[(k * d) + j] = precision[(j * d) + k];
                }
            }

            var cholesky = new Cholesky(precision, d);
            var mean = cholesky.Solve(b);
            var yy = y.Sum(v => v * v);
            var constant = (0.5 * d * Math.Log(priorPrecision / (2 * Math.PI))) - (n * Math.Log(noiseStdDev * Math.Sqrt(2 * Math.PI))) - (0.5 * yy * inverseNoise);

            // ∫ exp(bᵀw − ½wᵀPw) dw = (2π)^(d/2) det(P)^(−½) exp(½bᵀμ).
            var bMu = b.Zip(mean, (p, q) => p * q).Sum();
            var logEvidence = constant + (0.5 * bMu) + (0.5 * d * Math.Log(2 * Math.PI)) - (0.5 * cholesky.LogDeterminant());
            var posterior = new ExactPosterior
            {
                _precision = precision,
                _b = b,
                _constant = constant,
                _d = d,
                Mean = mean,
                StdDev = cholesky.InverseDiagonal().Select(Math.Sqrt).ToArray(),
                LogEvidence = logEvidence,
            };
            var best = new double[2 * d];
            mean.CopyTo(best, 0);
            for (var j = 0; j < d; j++)
            {
                best[d + j] = -0.5 * Math.Log(precision[(j * d) + j]);
            }

            posterior.BestElbo = posterior.Elbo(best);
            posterior.BestRho = best.AsSpan(d).ToArray();
            return posterior;
        }

        /// <summary>Xᵀy/σ² − P·w.</summary>
        public double[] LogJointGradient(ReadOnlySpan<double> w)
        {
            var gradient = new double[_d];
            for (var j = 0; j < _d; j++)
            {
                var sum = _b[j];
                for (var k = 0; k < _d; k++)
                {
                    sum -= _precision[(j * _d) + k] * w[k];
                }

                gradient[j] = sum;
            }

            return gradient;
        }

        /// <summary>
        /// ELBO(m, ρ) = E_q[log p(y, w)] + H(q) = c + bᵀm − ½mᵀPm − ½Σⱼ Pⱼⱼ sⱼ² + Σⱼ (ρⱼ + ½ log 2πe), sⱼ = exp(ρⱼ).
        /// </summary>
        public double Elbo(ReadOnlySpan<double> parameters)
        {
            var value = _constant;
            for (var j = 0; j < _d; j++)
            {
                var mj = parameters[j];
                var quadratic = 0.0;
                for (var k = 0; k < _d; k++)
                {
                    quadratic += _precision[(j * _d) + k] * parameters[k];
                }

                var rho = parameters[_d + j];
                value += (_b[j] * mj) - (0.5 * mj * quadratic) - (0.5 * _precision[(j * _d) + j] * Math.Exp(2 * rho))
                    + rho + (0.5 * Math.Log(2 * Math.PI * Math.E));
            }

            return value;
        }

        /// <summary>max |mⱼ − μⱼ|/sd(wⱼ | y) and max |sⱼ²·Pⱼⱼ − 1| for parameters (m, ρ).</summary>
        public (double Mean, double Variance) Errors(ReadOnlySpan<double> parameters)
        {
            double meanError = 0, varianceError = 0;
            for (var j = 0; j < _d; j++)
            {
                meanError = Math.Max(meanError, Math.Abs(parameters[j] - Mean[j]) / StdDev[j]);
                varianceError = Math.Max(varianceError, Math.Abs((Math.Exp(2 * parameters[_d + j]) * _precision[(j * _d) + j]) - 1));
            }

            return (meanError, varianceError);
        }
    }
}
