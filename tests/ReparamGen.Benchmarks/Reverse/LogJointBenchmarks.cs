using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace ReparamGen.Benchmarks.Reverse;

/// <summary>
/// Reverse mode on the Bayesian logistic-regression log-joint (D = 500 weights, N = 1,000 observations): one plain
/// evaluation, the generated <c>LogJointBackward</c>, a hand-written backpropagation of the same function, and for
/// context the forward-mode route (D passes of <c>LogJointTangent</c>) at D = 50.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LogJointBenchmarks
{
    private LogJointWorkload large = null!;
    private LogJointWorkload small = null!;

    [GlobalSetup]
    public void Setup()
    {
        large = new LogJointWorkload(n: 1_000, d: 500);
        small = new LogJointWorkload(n: 1_000, d: 50);
        large.CheckAgreement();
        small.CheckAgreement();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("D500")]
    public double Evaluate() => large.Evaluate();

    [Benchmark]
    [BenchmarkCategory("D500")]
    public double GeneratedBackward() => large.GeneratedBackward();

    [Benchmark]
    [BenchmarkCategory("D500")]
    public double HandWrittenBackward() => large.HandWrittenBackward();

    /// <summary>The generated code with the proposed generator change applied by hand (not generator output).</summary>
    [Benchmark]
    [BenchmarkCategory("D500")]
    public double GeneratedBackwardPatchedByHand() => large.PatchedBackward();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("D50")]
    public double EvaluateD50() => small.Evaluate();

    [Benchmark]
    [BenchmarkCategory("D50")]
    public double GeneratedBackwardD50() => small.GeneratedBackward();

    [Benchmark]
    [BenchmarkCategory("D50")]
    public double ForwardModeD50() => small.ForwardMode();
}

/// <summary>Inputs and the timed calls, shared by BenchmarkDotNet and the quick mode.</summary>
public sealed class LogJointWorkload
{
    public LogJointWorkload(int n, int d)
    {
        N = n;
        D = d;
        var rng = new Random(20261124);
        W = new double[d];
        X = new double[n * d];
        Y = new double[n];
        Grad = new double[d];
        Direction = new double[d];
        var truth = new double[d];
        for (var j = 0; j < d; j++)
        {
            truth[j] = Normal(rng) / Math.Sqrt(d);
            W[j] = 0.1 * Normal(rng);
        }

        for (var i = 0; i < n; i++)
        {
            double eta = 0;
            for (var j = 0; j < d; j++)
            {
                X[i * d + j] = Normal(rng);
                eta += X[i * d + j] * truth[j];
            }

            Y[i] = rng.NextDouble() < SpecialFunctions.Sigmoid(eta) ? 1 : 0;
        }
    }

    public int N { get; }

    public int D { get; }

    public double[] W { get; }

    public double[] X { get; }

    public double[] Y { get; }

    public double[] Grad { get; }

    public double[] Direction { get; }

    public double Evaluate() => LogisticRegression.LogJoint(W, X, Y, N, D);

    public double GeneratedBackward()
    {
        Array.Clear(Grad);
        return LogisticRegression.LogJointBackward(W, X, Y, N, D, 1.0, Grad);
    }

    public double PatchedBackward()
    {
        Array.Clear(Grad);
        return GeneratedBackwardPatched.LogJointBackward(W, X, Y, N, D, 1.0, Grad);
    }

    public double HandWrittenBackward()
    {
        Array.Clear(Grad);
        return LogisticRegression.LogJointGradientByHand(W, X, Y, N, D, 1.0, Grad);
    }

    /// <summary>Generated, hand-written and (at small D) forward-mode gradients agree to rounding, or the run stops.</summary>
    public void CheckAgreement()
    {
        var value = GeneratedBackward();
        var generated = (double[])Grad.Clone();
        PatchedBackward();
        var patched = (double[])Grad.Clone();
        var byHand = HandWrittenBackward();
        var scale = Math.Abs(value);
        var worst = Math.Abs(value - byHand) / scale;
        var gradScale = 0.0;
        foreach (var g in Grad)
        {
            gradScale = Math.Max(gradScale, Math.Abs(g));
        }

        for (var j = 0; j < D; j++)
        {
            worst = Math.Max(worst, Math.Abs(generated[j] - Grad[j]) / gradScale);
            worst = Math.Max(worst, Math.Abs(generated[j] - patched[j]) / gradScale);
        }

        if (D <= 100)
        {
            ForwardMode();
            for (var j = 0; j < D; j++)
            {
                worst = Math.Max(worst, Math.Abs(generated[j] - Grad[j]) / gradScale);
            }
        }

        if (!(worst < 1e-12))
        {
            throw new InvalidOperationException($"Gradients disagree (N = {N}, D = {D}): worst relative difference {worst:R}.");
        }
    }

    /// <summary>The whole gradient by forward mode: one <c>LogJointTangent</c> per weight, seeded with a unit vector.</summary>
    public double ForwardMode()
    {
        double value = 0;
        for (var k = 0; k < D; k++)
        {
            Direction[k] = 1;
            value = LogisticRegression.LogJointTangent(W, X, Y, N, D, Direction, out Grad[k]);
            Direction[k] = 0;
        }

        return value;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
