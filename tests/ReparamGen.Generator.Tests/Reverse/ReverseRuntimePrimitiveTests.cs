using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// The runtime's span primitives (log-sum-exp, the Gumbel-Softmax family, relaxed top-k, Gumbel-Sinkhorn, the Concrete
/// density, the Plackett–Luce log-probability) called from reversed bodies go through their [BackwardOf] rules: one reverse sweep, no forward-mode
/// stand-in (RPG0018). Checked against 5-point finite differences of the primal (the straight-through estimator, whose
/// primal is piecewise constant, against differences of the same body with the relaxed sample in its place).
/// </summary>
public sealed class ReverseRuntimePrimitiveTests
{
    private static readonly double[] Logits = { 0.4, -0.9, 1.3, 0.1 };
    private static readonly double[] Gumbel = { 0.2, 1.1, -0.5, 0.7 };
    private static readonly double[] Weights = { 0.8, -1.3, 0.45, 1.7 };

    private readonly ITestOutputHelper output;

    public ReverseRuntimePrimitiveTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Log_sum_exp_the_Gumbel_softmax_family_top_k_and_the_Concrete_density_are_reversed_through_their_rules()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, double logTau, [Noise] ReadOnlySpan<double> g, [Constant] ReadOnlySpan<double> c)
                {
                    double tau = Math.Exp(logTau);
                    Span<double> y = stackalloc double[w.Length];
                    Relaxation.GumbelSoftmax(w, tau, g, y);
                    Span<double> ly = stackalloc double[w.Length];
                    Relaxation.GumbelLogSoftmax(w, tau, g, ly);
                    Span<double> kh = stackalloc double[w.Length];
                    Relaxation.RelaxedTopK(w, g, 2, tau, kh);
                    double s = SpecialFunctions.LogSumExp(w) + 0.1 * Relaxation.ConcreteLogDensity(w, tau, y) + 0.1 * Relaxation.ConcreteLogDensityFromLog(w, tau, ly);
                    for (int i = 0; i < w.Length; i++) s += c[i] * (y[i] + 0.3 * ly[i] + kh[i] * kh[i]);
                    return s;
                }

                public static double Gradient(double[] w, double logTau, double[] g, double[] c, double[] gW, ref double gLogTau) => FBackward(w, logTau, g, c, 1.0, gW, ref gLogTau);
                public static double Value(double[] w, double logTau, double[] g, double[] c) => F(w, logTau, g, c);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        output.WriteLine(generated);
        Assert.Empty(run.GeneratorDiagnostics); // reversed: no RPG0018 forward-mode stand-in
        foreach (var rule in new[] { "LogSumExpBackward(", "GumbelSoftmaxPullback(", "GumbelLogSoftmaxPullback(", "RelaxedTopKPullback(", "ConcreteLogDensityBackward(", "ConcreteLogDensityFromLogBackward(" })
        {
            Assert.Contains(rule, generated, StringComparison.Ordinal);
        }

        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var w = Logits.ToArray();
        var logTau = Math.Log(0.7);
        var gW = new double[w.Length];
        var args = new object?[] { w, logTau, Gumbel, Weights, gW, 0.0 };
        var gLogTau = (double)LoadedAssembly.Call(assembly.Method("Demo.C", "Gradient", args.Length), args).Arguments[5]!;
        double Value(double[] ws, double lt) => (double)assembly.Invoke("Demo.C", "Value", ws, lt, Gumbel, Weights)!;
        CheckAgainstDifferences(w, logTau, gW, gLogTau, Value);
    }

    [Fact]
    public void The_Plackett_Luce_log_probability_is_reversed_through_its_rule()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, double logTau, ReadOnlySpan<int> ranking)
                {
                    Span<double> scaled = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) scaled[i] = w[i] * Math.Exp(logTau);
                    return ReparamGen.Distributions.PlackettLuce.LogProbability(scaled, ranking);
                }

                public static double Gradient(double[] w, double logTau, int[] ranking, double[] gW, ref double gLogTau) => FBackward(w, logTau, ranking, 1.0, gW, ref gLogTau);
                public static double Value(double[] w, double logTau, int[] ranking) => F(w, logTau, ranking);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("PlackettLuce.LogProbabilityBackward(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var w = Logits.ToArray();
        var ranking = new[] { 2, 0, 3 };
        var args = new object?[] { w, Math.Log(0.9), ranking, new double[w.Length], 0.0 };
        var call = LoadedAssembly.Call(assembly.Method("Demo.C", "Gradient", args.Length), args);
        double Value(double[] ws, double lt) => (double)assembly.Invoke("Demo.C", "Value", ws, lt, ranking)!;
        Assert.Equal(Value(w, Math.Log(0.9)), (double)call.Result!);
        CheckAgainstDifferences(w, Math.Log(0.9), (double[])call.Arguments[3]!, (double)call.Arguments[4]!, Value);
    }

    [Fact]
    public void Gumbel_Sinkhorn_is_reversed_through_its_rule()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, double logTau, [Noise] ReadOnlySpan<double> g, [Constant] ReadOnlySpan<double> c)
                {
                    Span<double> p = stackalloc double[w.Length];
                    Relaxation.GumbelSinkhorn(w, g, 2, Math.Exp(logTau), 20, p);
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += c[i] * p[i] * p[i];
                    return s;
                }

                public static double Gradient(double[] w, double logTau, double[] g, double[] c, double[] gW, ref double gLogTau) => FBackward(w, logTau, g, c, 1.0, gW, ref gLogTau);
                public static double Value(double[] w, double logTau, double[] g, double[] c) => F(w, logTau, g, c);
            """));
        var generated = DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("GumbelSinkhornPullback(", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var w = Logits.ToArray(); // a 2 × 2 score matrix, row-major
        var logTau = Math.Log(0.8);
        var gW = new double[w.Length];
        var args = new object?[] { w, logTau, Gumbel, Weights, gW, 0.0 };
        var gLogTau = (double)LoadedAssembly.Call(assembly.Method("Demo.C", "Gradient", args.Length), args).Arguments[5]!;
        double Value(double[] ws, double lt) => (double)assembly.Invoke("Demo.C", "Value", ws, lt, Gumbel, Weights)!;
        CheckAgainstDifferences(w, logTau, gW, gLogTau, Value);
    }

    [Fact]
    public void Straight_through_and_single_precision_Gumbel_softmax_are_reversed_through_their_rules()
    {
        // L = Σ cᵢ·hᵢ with h the straight-through sample: its gradient is the relaxed sample's, so the oracle is the
        // finite difference of Σ cᵢ·yᵢ with y the Gumbel-Softmax sample (method Relaxed), a body sharing no rule.
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Hard(ReadOnlySpan<double> w, double logTau, [Noise] ReadOnlySpan<double> g, [Constant] ReadOnlySpan<double> c)
                {
                    Span<double> h = stackalloc double[w.Length];
                    int category = Relaxation.StraightThrough(w, Math.Exp(logTau), g, h);
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += c[i] * h[i];
                    return s;
                }

                public static double Relaxed(double[] w, double logTau, double[] g, double[] c)
                {
                    Span<double> y = stackalloc double[w.Length];
                    Relaxation.GumbelSoftmax(w, Math.Exp(logTau), g, y);
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += c[i] * y[i];
                    return s;
                }

                [Differentiable]
                public static float Single(ReadOnlySpan<float> w, float tau, [Noise] ReadOnlySpan<float> g, [Constant] ReadOnlySpan<float> c)
                {
                    Span<float> y = stackalloc float[w.Length];
                    Relaxation.GumbelSoftmax(w, tau, g, y);
                    float s = 0;
                    for (int i = 0; i < w.Length; i++) s += c[i] * y[i] * y[i];
                    return s;
                }

                public static double HardGradient(double[] w, double logTau, double[] g, double[] c, double[] gW, ref double gLogTau) => HardBackward(w, logTau, g, c, 1.0, gW, ref gLogTau);
                public static float SingleGradient(float[] w, float tau, float[] g, float[] c, float[] gW, ref float gTau) => SingleBackward(w, tau, g, c, 1f, gW, ref gTau);
                public static double SingleInDouble(double[] w, double tau, double[] g, double[] c)
                {
                    Span<double> y = stackalloc double[w.Length];
                    Relaxation.GumbelSoftmax(w, tau, g, y);
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += c[i] * y[i] * y[i];
                    return s;
                }
            """));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.Hard").Text);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("StraightThroughPullback(", DiagnosticAssert.GeneratedFor(run, "Demo.C.Hard").Text, StringComparison.Ordinal);
        Assert.Contains("GumbelSoftmaxPullback(", DiagnosticAssert.GeneratedFor(run, "Demo.C.Single").Text, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);

        var w = Logits.ToArray();
        var logTau = Math.Log(0.6);
        var gW = new double[w.Length];
        var args = new object?[] { w, logTau, Gumbel, Weights, gW, 0.0 };
        var gLogTau = (double)LoadedAssembly.Call(assembly.Method("Demo.C", "HardGradient", args.Length), args).Arguments[5]!;
        double Relaxed(double[] ws, double lt) => (double)assembly.Invoke("Demo.C", "Relaxed", ws, lt, Gumbel, Weights)!;
        CheckAgainstDifferences(w, logTau, gW, gLogTau, Relaxed);

        // Single precision: the oracle is the same body in double, differentiated by finite differences. The float
        // reverse sweep rounds each of O(10) operations to float (ε = 6e-8) on O(1) values: 1e-5 relative bounds it.
        var wf = Logits.Select(v => (float)v).ToArray();
        var gf = Gumbel.Select(v => (float)v).ToArray();
        var cf = Weights.Select(v => (float)v).ToArray();
        var gWf = new float[wf.Length];
        var singleArgs = new object?[] { wf, 0.6f, gf, cf, gWf, 0f };
        var gTauSingle = (float)LoadedAssembly.Call(assembly.Method("Demo.C", "SingleGradient", singleArgs.Length), singleArgs).Arguments[5]!;
        var wd = wf.Select(v => (double)v).ToArray();
        var (gd, cd) = (gf.Select(v => (double)v).ToArray(), cf.Select(v => (double)v).ToArray());
        for (var k = 0; k < wd.Length; k++)
        {
            var index = k;
            var original = wd[k];
            var expected = FiniteDifference.Derivative(t => { wd[index] = t; var f = (double)assembly.Invoke("Demo.C", "SingleInDouble", wd, 0.6f, gd, cd)!; wd[index] = original; return f; }, original);
            Assert.True(FiniteDifference.Close(expected, gWf[k], 1e-5), $"float ∂/∂w[{k}]: {expected:R} vs {gWf[k]:R}");
        }

        var expectedTau = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "SingleInDouble", wd, t, gd, cd)!, (double)0.6f);
        Assert.True(FiniteDifference.Close(expectedTau, gTauSingle, 1e-5), $"float ∂/∂τ: {expectedTau:R} vs {gTauSingle}");
    }

    // Oracle: 5-point central differences of the primal, FiniteDifference.RelativeTolerance (smooth, O(1)-scaled: the
    // temperatures here are 0.6–0.8, so the fifth derivatives grow by at most (1/τ)⁵ ≈ 13 and the stencil's truncation
    // stays near 1e-11).
    private void CheckAgainstDifferences(double[] w, double logTau, double[] gW, double gLogTau, Func<double[], double, double> value)
    {
        for (var k = 0; k < w.Length; k++)
        {
            var index = k;
            var original = w[k];
            var expected = FiniteDifference.Derivative(t => { w[index] = t; var f = value(w, logTau); w[index] = original; return f; }, original);
            output.WriteLine($"w[{k}]: reverse {gW[k]:R} differences {expected:R}");
            Assert.True(FiniteDifference.Close(expected, gW[k]), $"∂/∂w[{k}]: {expected:R} vs {gW[k]:R}");
        }

        var expectedTau = FiniteDifference.Derivative(t => value(w, t), logTau);
        output.WriteLine($"logTau: reverse {gLogTau:R} differences {expectedTau:R}");
        Assert.True(FiniteDifference.Close(expectedTau, gLogTau), $"∂/∂logTau: {expectedTau:R} vs {gLogTau:R}");
    }
}
