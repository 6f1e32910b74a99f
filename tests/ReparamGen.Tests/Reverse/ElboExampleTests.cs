using System;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.Reverse;

/// <summary>
/// The end-to-end example of docs/reverse-mode.md: mean-field Gaussian variational inference for Bayesian logistic
/// regression, the ELBO's gradient from the generated <c>LogJointBackward</c>.
/// </summary>
public static partial class LogisticElbo
{
    /// <summary>log p(w) + Σᵢ log p(yᵢ | xᵢ, w): standard normal prior, Bernoulli-logit likelihood (x row-major, n × d).</summary>
    [Differentiable]
    public static double LogJoint(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y, int n, int d)
    {
        double lp = 0;
        for (int j = 0; j < d; j++)
        {
            lp -= 0.5 * w[j] * w[j];
        }

        for (int i = 0; i < n; i++)
        {
            double eta = 0;
            for (int j = 0; j < d; j++)
            {
                eta += x[i * d + j] * w[j];
            }

            lp += y[i] * eta - SpecialFunctions.Log1pExp(eta);
        }

        return lp;
    }

    /// <summary>
    /// The single-sample ELBO of q(w) = N(m, diag(e^{2ρ})) with the draw w = m + e^ρ ⊙ ε, and its gradient (written, not
    /// added, into <paramref name="gradM"/> and <paramref name="gradRho"/>). <paramref name="w"/> and
    /// <paramref name="gradW"/> are scratch of length d.
    /// </summary>
    public static double Elbo(
        ReadOnlySpan<double> m, ReadOnlySpan<double> rho, ReadOnlySpan<double> eps,
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n,
        Span<double> w, Span<double> gradW, Span<double> gradM, Span<double> gradRho)
    {
        int d = m.Length;
        for (int j = 0; j < d; j++)
        {
            w[j] = m[j] + Math.Exp(rho[j]) * eps[j];
        }

        gradW.Clear(); // LogJointBackward adds into its accumulator
        double logJoint = LogJointBackward(w, x, y, n, d, 1.0, gradW);

        // Entropy of q: Σ ρⱼ + (d/2)(1 + log 2π); its gradient is 1 in each ρⱼ and 0 in m.
        double entropy = 0.5 * d * (1 + Math.Log(2 * Math.PI));
        for (int j = 0; j < d; j++)
        {
            entropy += rho[j];
            gradM[j] = gradW[j];                                   // ∂w/∂m = 1
            gradRho[j] = gradW[j] * eps[j] * Math.Exp(rho[j]) + 1; // ∂w/∂ρ = ε·e^ρ, plus the entropy's 1
        }

        return logJoint + entropy;
    }

    /// <summary>Adam on the ELBO, one fresh ε per step; returns the average of m and ρ over the last half of the steps.</summary>
    public static (double[] M, double[] Rho) Fit(double[] x, double[] y, int n, int d, int steps, double learningRate, Philox rng)
    {
        double[] m = new double[d], rho = new double[d], eps = new double[d], w = new double[d], gradW = new double[d];
        double[] gradM = new double[d], gradRho = new double[d];
        double[] first = new double[2 * d], second = new double[2 * d];
        double[] meanM = new double[d], meanRho = new double[d];
        const double beta1 = 0.9, beta2 = 0.999, tiny = 1e-8;
        for (int j = 0; j < d; j++)
        {
            rho[j] = -1; // start at q = N(0, e^{-2})
        }

        for (int t = 1; t <= steps; t++)
        {
            rng.FillNormal(eps);
            Elbo(m, rho, eps, x, y, n, w, gradW, gradM, gradRho);
            for (int k = 0; k < 2 * d; k++)
            {
                double g = k < d ? gradM[k] : gradRho[k - d];
                first[k] = beta1 * first[k] + (1 - beta1) * g;
                second[k] = beta2 * second[k] + (1 - beta2) * g * g;
                double step = learningRate * (first[k] / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(second[k] / (1 - Math.Pow(beta2, t))) + tiny);
                if (k < d)
                {
                    m[k] += step; // ascent: the ELBO is maximized
                }
                else
                {
                    rho[k - d] += step;
                }
            }

            if (t > steps / 2)
            {
                for (int j = 0; j < d; j++)
                {
                    meanM[j] += m[j] / (steps - steps / 2);
                    meanRho[j] += rho[j] / (steps - steps / 2);
                }
            }
        }

        return (meanM, meanRho);
    }
}

public sealed class ElboExampleTests
{
    private readonly ITestOutputHelper output;

    public ElboExampleTests(ITestOutputHelper output) => this.output = output;

    private static (double[] X, double[] Y) Data(int n, double[] truth, int seed)
    {
        int d = truth.Length;
        var rng = new Philox((ulong)seed);
        var x = new double[n * d];
        rng.FillNormal(x);
        var u = new double[n];
        rng.FillUniform(u);
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eta = 0;
            for (int j = 0; j < d; j++)
            {
                eta += x[i * d + j] * truth[j];
            }

            y[i] = u[i] < SpecialFunctions.Sigmoid(eta) ? 1 : 0;
        }

        return (x, y);
    }

    private static double ElboValue(double[] m, double[] rho, double[] eps, double[] x, double[] y, int n)
    {
        int d = m.Length;
        var w = new double[d];
        double entropy = 0.5 * d * (1 + Math.Log(2 * Math.PI));
        for (int j = 0; j < d; j++)
        {
            w[j] = m[j] + Math.Exp(rho[j]) * eps[j];
            entropy += rho[j];
        }

        return LogisticElbo.LogJoint(w, x, y, n, d) + entropy;
    }

    [Fact]
    public void Single_sample_elbo_gradient_matches_central_differences()
    {
        const int n = 40, d = 8;
        var (x, y) = Data(n, new[] { 1.0, -0.5, 2.0, 0.0, -1.5, 0.3, 0.8, -0.2 }, seed: 3);
        var rng = new Philox(5);
        double[] m = new double[d], rho = new double[d], eps = new double[d];
        rng.FillNormal(m);
        rng.FillNormal(rho);
        rng.FillNormal(eps);
        for (int j = 0; j < d; j++)
        {
            rho[j] = -1 + 0.3 * rho[j];
        }

        double[] w = new double[d], gradW = new double[d], gradM = new double[d], gradRho = new double[d];
        var value = LogisticElbo.Elbo(m, rho, eps, x, y, n, w, gradW, gradM, gradRho);
        Assert.Equal(ElboValue(m, rho, eps, x, y, n), value, 10);

        // Central differences with h = 1e-5. Their error is the truncation h²·|f‴|/6 plus the rounding δf/h. Here |f| ≈ 30
        // is a sum of ~n·d products, so δf ≲ 1e-14 and the rounding term ≲ 1e-9; f‴ is bounded by Σᵢ |σ″|·|xᵢ|³ ≲ 0.1·n·(3)³
        // ≈ 100, so the truncation ≲ 2e-9. The bar 1e-7 (absolute, gradients here are of order 1–10) is 25× above both.
        const double h = 1e-5, bar = 1e-7;
        var worst = 0.0;
        for (int k = 0; k < 2 * d; k++)
        {
            var theta = k < d ? m : rho;
            int j = k % d;
            double saved = theta[j];
            theta[j] = saved + h;
            double up = ElboValue(m, rho, eps, x, y, n);
            theta[j] = saved - h;
            double down = ElboValue(m, rho, eps, x, y, n);
            theta[j] = saved;
            double central = (up - down) / (2 * h);
            double reverse = k < d ? gradM[j] : gradRho[j];
            worst = Math.Max(worst, Math.Abs(central - reverse));
            Assert.True(Math.Abs(central - reverse) <= bar, $"{(k < d ? "m" : "rho")}[{j}]: reverse {reverse:R}, central {central:R}");
        }

        output.WriteLine($"worst |reverse − central| = {worst:E2}");
    }

    [Fact]
    public void Backward_allocates_nothing_once_the_pool_is_warm()
    {
        const int n = 200, d = 20; // 3n tape entries: the tape grows past its first array within each call
        var (x, y) = Data(n, new double[d], seed: 9);
        var w = new double[d];
        var grad = new double[d];
        for (int k = 0; k < 5; k++)
        {
            LogisticElbo.LogJointBackward(w, x, y, n, d, 1.0, grad);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            LogisticElbo.LogJointBackward(w, x, y, n, d, 1.0, grad);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Adam_on_the_elbo_finds_the_posterior_mode_and_its_curvature()
    {
        const int n = 300, d = 4;
        var (x, y) = Data(n, new[] { 1.5, -2.0, 0.5, 0.0 }, seed: 17);
        var (m, rho) = LogisticElbo.Fit(x, y, n, d, steps: 4000, learningRate: 0.02, new Philox(23));

        // Reference: the posterior mode by Newton's method, and the mean-field scales 1/√Hⱼⱼ of the Laplace approximation
        // there (for a Gaussian posterior, mean-field VI gives exactly the mode and these scales; the logistic posterior at
        // n = 300 is close to Gaussian, and the averaged Adam iterates carry Monte Carlo noise of a few hundredths).
        var (mode, curvature) = Mode(x, y, n, d);
        for (int j = 0; j < d; j++)
        {
            double scale = 1 / Math.Sqrt(curvature[j]);
            output.WriteLine($"w{j}: m {m[j]:F4} mode {mode[j]:F4}   σ {Math.Exp(rho[j]):F4} 1/√H {scale:F4}");
            Assert.True(Math.Abs(m[j] - mode[j]) <= 0.5 * scale, $"m[{j}] = {m[j]}, mode {mode[j]}, posterior scale {scale}");
            Assert.InRange(Math.Exp(rho[j]) / scale, 0.8, 1.25);
        }
    }

    // Newton's method on the log-joint with the hand-written gradient −w + Σ (yᵢ − σᵢ) xᵢ and Hessian −I − Σ σᵢ(1 − σᵢ) xᵢxᵢᵀ.
    private static (double[] Mode, double[] Curvature) Mode(double[] x, double[] y, int n, int d)
    {
        var w = new double[d];
        var h = new double[d, d];
        for (int iteration = 0; iteration < 30; iteration++)
        {
            var g = new double[d];
            for (int j = 0; j < d; j++)
            {
                g[j] = -w[j];
                for (int k = 0; k < d; k++)
                {
                    h[j, k] = j == k ? 1 : 0;
                }
            }

            for (int i = 0; i < n; i++)
            {
                double eta = 0;
                for (int j = 0; j < d; j++)
                {
                    eta += x[i * d + j] * w[j];
                }

                double s = SpecialFunctions.Sigmoid(eta);
                for (int j = 0; j < d; j++)
                {
                    g[j] += (y[i] - s) * x[i * d + j];
                    for (int k = 0; k < d; k++)
                    {
                        h[j, k] += s * (1 - s) * x[i * d + j] * x[i * d + k];
                    }
                }
            }

            var step = Solve((double[,])h.Clone(), g);
            for (int j = 0; j < d; j++)
            {
                w[j] += step[j];
            }
        }

        var curvature = new double[d];
        for (int j = 0; j < d; j++)
        {
            curvature[j] = h[j, j];
        }

        return (w, curvature);
    }

    // Gaussian elimination without pivoting: h is symmetric positive definite.
    private static double[] Solve(double[,] a, double[] b)
    {
        int d = b.Length;
        var r = (double[])b.Clone();
        for (int p = 0; p < d; p++)
        {
            for (int i = p + 1; i < d; i++)
            {
                double f = a[i, p] / a[p, p];
                for (int k = p; k < d; k++)
                {
                    a[i, k] -= f * a[p, k];
                }

                r[i] -= f * r[p];
            }
        }

        for (int i = d - 1; i >= 0; i--)
        {
            for (int k = i + 1; k < d; k++)
            {
                r[i] -= a[i, k] * r[k];
            }

            r[i] /= a[i, i];
        }

        return r;
    }
}
