using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Reverse;

/// <summary>
/// Reverse mode (<c>MBackward</c> for span inputs and outputs) against two independent routes: the dot-product test
/// ⟨ȳ, J·v⟩ = ⟨Jᵀ·ȳ, v⟩ between the generated forward mode (<c>MTangent</c>, checked elsewhere against dual numbers)
/// and reverse mode, and central finite differences of the primal.
/// </summary>
public sealed class ReverseModeTests
{
    private readonly ITestOutputHelper output;

    public ReverseModeTests(ITestOutputHelper output) => this.output = output;

    private const string LogJoint = """
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

                    lp += y[i] * eta - Math.Log(1 + Math.Exp(eta));
                }

                return lp;
            }

            public static double Backward(double[] w, double[] x, double[] y, int n, int d, double seed, double[] grad) => LogJointBackward(w, x, y, n, d, seed, grad);

            public static double Jvp(double[] w, double[] x, double[] y, int n, int d, double[] v)
            {
                LogJointTangent(w, x, y, n, d, v, out var dResult);
                return dResult;
            }

            public static double Value(double[] w, double[] x, double[] y, int n, int d) => LogJoint(w, x, y, n, d);

            public static double WithGradient(double[] w, double[] x, double[] y, int n, int d, double[] grad) => LogJointWithGradient(w, x, y, n, d, grad);
        """;

    [Fact]
    public void Log_joint_gradient_matches_forward_mode_and_finite_differences()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(LogJoint));
        output.WriteLine(DiagnosticAssert.GeneratedFor(run, "Demo.C.LogJoint").Text);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var random = new Random(7);
        const int n = 13, d = 5;
        var w = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (double)random.Next(2)).ToArray();
        var grad = new double[d];
        var value = (double)assembly.Invoke("Demo.C", "Backward", w, x, y, n, d, 1.0, grad)!;
        for (var k = 0; k < d; k++)
        {
            var e = new double[d];
            e[k] = 1;
            var jvp = (double)assembly.Invoke("Demo.C", "Jvp", w, x, y, n, d, e)!;
            output.WriteLine($"{k}: reverse {grad[k]:R} forward {jvp:R}");
            Assert.True(FiniteDifference.Close(jvp, grad[k], 1e-12)); // two exact routes: equal to rounding

            // The independent oracle: the 5-point central difference of the primal (its stated 1e-8 bar).
            var index = k;
            var difference = FiniteDifference.Derivative(t =>
            {
                var shifted = (double[])w.Clone();
                shifted[index] = t;
                return (double)assembly.Invoke("Demo.C", "Value", shifted, x, y, n, d)!;
            }, w[k]);
            Assert.True(FiniteDifference.Close(difference, grad[k]));
        }

        Assert.True(double.IsFinite(value));

        // The convenience member writes (does not add) the whole gradient: MBackward with seed 1 into cleared spans.
        var written = Enumerable.Repeat(double.NaN, d).ToArray();
        Assert.Equal(value, (double)assembly.Invoke("Demo.C", "WithGradient", w, x, y, n, d, written)!);
        Assert.Equal(grad, written);

        // A wrong-length gradient span throws naming it, before anything is written into it.
        var tooShort = Enumerable.Repeat(7.0, d - 1).ToArray();
        var thrown = Assert.Throws<ArgumentException>(() => assembly.Invoke("Demo.C", "WithGradient", w, x, y, n, d, tooShort));
        Assert.Equal("gradW", thrown.ParamName);
        Assert.All(tooShort, g => Assert.Equal(7.0, g));
    }

    private const string Programs = """
            [Reparameterizable]
            public static void Mvn(ReadOnlySpan<double> mu, ReadOnlySpan<double> l, [Noise] ReadOnlySpan<double> eps, Span<double> z)
            {
                int d = mu.Length;
                for (int i = 0; i < d; i++)
                {
                    double s = mu[i];
                    for (int j = 0; j <= i; j++)
                    {
                        s += l[i * d + j] * eps[j];
                    }

                    z[i] = Math.Exp(0.1 * s);
                }
            }

            [Differentiable]
            public static double Recurrence(ReadOnlySpan<double> w, double a, int steps)
            {
                double s = 0.5;
                int k = 0;
                while (true)
                {
                    if (k == steps) break;
                    double u = w[k % w.Length];
                    if (u > 0.3) { s = s * (1 - 1e-5 * a) + 1e-5 * Math.Sin(u * s); }
                    else { s = Math.Sqrt(s * s + 1e-6 * u * u); }
                    k++;
                    if (s > 1e6) return s;
                }

                return s * a;
            }

            public static void MvnVjp(double[] mu, double[] l, double[] eps, double[] z, double[] seed, double[] gMu, double[] gL) => MvnBackward(mu, l, eps, z, seed, gMu, gL);
            public static void MvnJvp(double[] mu, double[] l, double[] eps, double[] z, double[] dMu, double[] dL, double[] dZ) => MvnTangent(mu, l, eps, z, dMu, dL, dZ);
            public static double RecBackward(double[] w, double a, int steps, double[] gW, double[] gA) => RecurrenceBackward(w, a, steps, 1.0, gW, ref gA[0]);
            public static double RecJvp(double[] w, double a, int steps, double[] dW, double dA) { RecurrenceTangent(w, a, steps, dW, dA, out var d); return d; }
            public static void BadLength(double[] w) { var g = new double[w.Length + 1]; double ga = 0; RecurrenceBackward(w, 1.0, 3, 1.0, g, ref ga); }
        """;

    [Fact]
    public void Span_outputs_and_loops_with_branches_pass_the_dot_product_test()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass(Programs));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var random = new Random(11);
        double[] Vector(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

        // ⟨ȳ, J·v⟩ = ⟨Jᵀ·ȳ, v⟩: forward and reverse are computed independently; both sides agree to rounding (1e-12 relative).
        const int d = 6;
        var (mu, l, eps) = (Vector(d), Vector(d * d), Vector(d));
        var (dMu, dL, seed) = (Vector(d), Vector(d * d), Vector(d));
        var zForward = new double[d];
        var dZ = new double[d];
        assembly.Invoke("Demo.C", "MvnJvp", mu, l, eps, zForward, dMu, dL, dZ);
        var zReverse = new double[d];
        var (gMu, gL) = (new double[d], new double[d * d]);
        assembly.Invoke("Demo.C", "MvnVjp", mu, l, eps, zReverse, seed, gMu, gL);
        Assert.Equal(zForward, zReverse); // the outputs are written as the method writes them
        var left = Dot(seed, dZ);
        var right = Dot(gMu, dMu) + Dot(gL, dL);
        output.WriteLine($"Mvn: {left:R} vs {right:R}");
        Assert.True(FiniteDifference.Close(left, right, 1e-12));

        // 100,000 iterations of a loop with branches, a break and an early return (the loop reverses over the same iterations).
        var w = Vector(7).Select(v => v + 0.4).ToArray();
        const double a = 0.8;
        const int steps = 100_000;
        var gW = new double[w.Length];
        var gA = new double[1];
        var value = (double)assembly.Invoke("Demo.C", "RecBackward", w, a, steps, gW, gA)!;
        var (dW, dA) = (Vector(w.Length), 0.37);
        var jvp = (double)assembly.Invoke("Demo.C", "RecJvp", w, a, steps, dW, dA)!;
        output.WriteLine($"Recurrence: {jvp:R} vs {Dot(gW, dW) + (gA[0] * dA):R}");
        Assert.True(FiniteDifference.Close(jvp, Dot(gW, dW) + (gA[0] * dA), 1e-11)); // 1e5 steps of rounding in both sweeps
        Assert.True(double.IsFinite(value));

        var error = Assert.Throws<ArgumentException>(() => assembly.Invoke("Demo.C", "BadLength", w));
        Assert.Equal("gradW", error.ParamName);
    }

    [Fact]
    public void Calls_to_span_callees_go_through_their_Backward_and_bodies_reverse_mode_cannot_take_fall_back_to_forward_mode()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                    return s;
                }

                [Differentiable]
                public static double Tail(ReadOnlySpan<double> w)
                {
                    Span<double> copy = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) copy[i] = w[i];
                    var rest = copy.Slice(1); // a view of a span the body writes: not reversed yet
                    return rest[0] * w[0] + Math.Sin(rest[1]);
                }

                [Differentiable]
                public static double Outer(ReadOnlySpan<double> w, ReadOnlySpan<double> v, double c)
                {
                    double t = Dot(w, v);
                    double u = Tail(w) * c;
                    return Math.Log(1 + t * t) * c + u * Dot(v, v);
                }

                public static double OuterVjp(double[] w, double[] v, double c, double[] gW, double[] gV, double[] gC) => OuterBackward(w, v, c, 1.0, gW, gV, ref gC[0]);
                public static double OuterJvp(double[] w, double[] v, double c, double[] dW, double[] dV, double dC) { OuterTangent(w, v, c, dW, dV, dC, out var d); return d; }
            """));
        var info = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0018", info.Id);
        Assert.Contains("'TailBackward' runs forward mode, one tangent pass per input element", info.GetMessage());
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("DotBackward(w, v, ", DiagnosticAssert.GeneratedFor(run, "Demo.C.Outer").Text); // one reverse sweep of the callee, no tangent passes
        using var assembly = ExecutionHarness.Load(run);
        var random = new Random(5);
        double[] Vector(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
        var (w, v, c) = (Vector(5), Vector(5), 0.7);
        var (gW, gV, gC) = (new double[5], new double[5], new double[1]);
        assembly.Invoke("Demo.C", "OuterVjp", w, v, c, gW, gV, gC);
        var (dW, dV, dC) = (Vector(5), Vector(5), -0.3);
        var jvp = (double)assembly.Invoke("Demo.C", "OuterJvp", w, v, c, dW, dV, dC)!;
        var vjp = Dot(gW, dW) + Dot(gV, dV) + (gC[0] * dC);
        output.WriteLine($"Outer: {jvp:R} vs {vjp:R}");
        Assert.True(FiniteDifference.Close(jvp, vjp, 1e-12)); // forward and reverse agree to rounding
    }

    [Fact]
    public void A_hand_written_BackwardOf_rule_reverses_calls_and_a_malformed_one_is_RPG0010()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                // A span function with hand-written derivatives: a tangent rule and a reverse-mode rule.
                public static double SumSq(ReadOnlySpan<double> a)
                {
                    double s = 0;
                    foreach (var v in a) s += v * v;
                    return s;
                }

                [TangentOf(typeof(C), nameof(SumSq))]
                public static double SumSqTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> dA, out double dResult)
                {
                    double d = 0;
                    for (int i = 0; i < a.Length; i++) d += 2 * a[i] * dA[i];
                    dResult = d;
                    return SumSq(a);
                }

                [BackwardOf(typeof(C), nameof(SumSq))]
                public static double SumSqBackward(ReadOnlySpan<double> a, double seed, Span<double> gradA)
                {
                    for (int i = 0; i < a.Length; i++) gradA[i] += seed * 2 * a[i];
                    return SumSq(a);
                }

                [BackwardOf(typeof(C), nameof(SumSq))]
                public static double Malformed(ReadOnlySpan<double> a, double seed, ref double gradA) => SumSq(a);

                [Differentiable]
                public static double Outer(ReadOnlySpan<double> w, double c) => Math.Exp(0.1 * SumSq(w) * c);

                public static double OuterVjp(double[] w, double c, double[] gW, double[] gC) => OuterBackward(w, c, 1.0, gW, ref gC[0]);
                public static double OuterJvp(double[] w, double c, double[] dW, double dC) { OuterTangent(w, c, dW, dC, out var d); return d; }
            """));
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0010", error.Id);
        Assert.StartsWith("[BackwardOf] rule 'Malformed' does not fit: expected the primal parameters", error.GetMessage());
        Assert.Contains("SumSqBackward(w, ", DiagnosticAssert.GeneratedFor(run, "Demo.C.Outer").Text);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var (w, c) = (new[] { 0.3, -1.2, 0.8 }, 0.9);
        var (gW, gC) = (new double[3], new double[1]);
        assembly.Invoke("Demo.C", "OuterVjp", w, c, gW, gC);
        var (dW, dC) = (new[] { 0.5, 0.25, -0.75 }, 0.4);
        var jvp = (double)assembly.Invoke("Demo.C", "OuterJvp", w, c, dW, dC)!;
        var vjp = gW.Zip(dW, (g, d) => g * d).Sum() + (gC[0] * dC);
        Assert.True(FiniteDifference.Close(jvp, vjp, 1e-12)); // forward (through the tangent rule) and reverse (through the BackwardOf rule) agree to rounding
    }

    [Fact]
    public void Samplers_that_draw_from_a_Random_are_differentiated_where_they_draw_once()
    {
        // Gamma.Sample (implicit reparameterization) and Normal.Sample take the caller's Random: the reverse sweep must
        // not call them again (they would draw again), so their partials come from the forward sweep's single call.
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Draws(ReadOnlySpan<double> shape, ReadOnlySpan<double> mean, double sd, Random rng)
                {
                    double s = 0;
                    for (int i = 0; i < shape.Length; i++)
                    {
                        double g = ReparamGen.Distributions.Gamma.Sample(shape[i], 1.0, rng);
                        double z = ReparamGen.Distributions.Normal.Sample(mean[i], sd, rng);
                        s += g * z + Math.Log(g);
                    }

                    return s;
                }

                public static double Vjp(double[] shape, double[] mean, double sd, double[] gShape, double[] gMean, double[] gSd)
                    => DrawsBackward(shape, mean, sd, new Random(3), 1.0, gShape, gMean, ref gSd[0]);

                public static double Jvp(double[] shape, double[] mean, double sd, double[] dShape, double[] dMean, double dSd)
                {
                    DrawsTangent(shape, mean, sd, new Random(3), dShape, dMean, dSd, out var d);
                    return d;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        var text = DiagnosticAssert.GeneratedFor(run, "Demo.C.Draws").Text;
        var backward = text.Substring(text.IndexOf("DrawsBackward(", StringComparison.Ordinal));
        Assert.Equal(1, CountOf(backward, "Gamma.SampleTangent(")); // once, in the forward sweep
        Assert.Equal(1, CountOf(backward, "Normal.SampleWithGradient(")); // once, in the forward sweep
        using var assembly = ExecutionHarness.Load(run);
        var (shape, mean, sd) = (new[] { 0.7, 2.5, 11.0 }, new[] { 0.1, -0.4, 1.3 }, 0.8);
        var (gShape, gMean, gSd) = (new double[3], new double[3], new double[1]);
        assembly.Invoke("Demo.C", "Vjp", shape, mean, sd, gShape, gMean, gSd);
        var (dShape, dMean, dSd) = (new[] { 0.3, -0.2, 0.5 }, new[] { -0.6, 0.25, 0.4 }, 0.15);
        var jvp = (double)assembly.Invoke("Demo.C", "Jvp", shape, mean, sd, dShape, dMean, dSd)!;
        var vjp = gShape.Zip(dShape, (g, d) => g * d).Sum() + gMean.Zip(dMean, (g, d) => g * d).Sum() + (gSd[0] * dSd);
        output.WriteLine($"Draws: {jvp:R} vs {vjp:R}");
        Assert.True(FiniteDifference.Close(jvp, vjp, 1e-12)); // same draws (same seed), forward and reverse agree to rounding
    }

    [Fact]
    public void A_GumbelSoftmax_logits_method_with_span_weights_gets_RelaxedBackward_through_its_reverse_mode()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [GumbelSoftmax]
                public static void Scores(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> features, double bias, Span<double> logits)
                {
                    int d = w.Length;
                    for (int k = 0; k < logits.Length; k++)
                    {
                        double s = bias * k;
                        for (int j = 0; j < d; j++) s += w[j] * features[k * d + j];
                        logits[k] = Math.Tanh(s);
                    }
                }

                public static void Vjp(double[] w, double[] f, double bias, double t, double[] g, double[] upstream, double[] gW, double[] gB, double[] gT)
                    => ScoresRelaxedBackward(w, f, bias, t, g, upstream, gW, ref gB[0], ref gT[0]);

                public static void Jvp(double[] w, double[] f, double bias, double t, double[] g, double[] y, double[] dW, double dB, double dT, double[] dY)
                    => ScoresRelaxedTangent(w, f, bias, t, g, y, dW, dB, dT, dY);
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Contains("ScoresBackward(w, features, bias, logits_, gradLogits, gradW, ref gradBias)", DiagnosticAssert.GeneratedFor(run, "Demo.C.Scores").Text);
        using var assembly = ExecutionHarness.Load(run);
        var random = new Random(9);
        double[] Vector(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        const int K = 5, D = 4;
        var (w, f, bias, t, g) = (Vector(D), Vector(K * D), 0.3, 0.7, Vector(K));
        var upstream = Vector(K);
        var (gW, gB, gT) = (new double[D], new double[1], new double[1]);
        assembly.Invoke("Demo.C", "Vjp", w, f, bias, t, g, upstream, gW, gB, gT);
        var (dW, dB, dT) = (Vector(D), 0.45, -0.2);
        var (y, dY) = (new double[K], new double[K]);
        assembly.Invoke("Demo.C", "Jvp", w, f, bias, t, g, y, dW, dB, dT, dY);
        var jvp = upstream.Zip(dY, (u, v) => u * v).Sum();
        var vjp = gW.Zip(dW, (a, b) => a * b).Sum() + (gB[0] * dB) + (gT[0] * dT);
        output.WriteLine($"Scores: {jvp:R} vs {vjp:R}");
        Assert.True(FiniteDifference.Close(jvp, vjp, 1e-12)); // forward and reverse through the relaxation agree to rounding
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void What_reverse_mode_cannot_do_is_an_info_at_the_construct_and_Backward_runs_forward_mode()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Differentiable]
                public static double Tail(ReadOnlySpan<double> w)
                {
                    Span<double> copy = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) copy[i] = w[i];
                    var rest = copy.Slice(1); // a view of a span the body writes: not reversed yet
                    return rest[0] * w[0];
                }

                [Differentiable]
                public static double Draw(ReadOnlySpan<double> w, Random rng)
                {
                    Span<double> copy = stackalloc double[w.Length];
                    for (int i = 0; i < w.Length; i++) copy[i] = w[i];
                    var rest = copy.Slice(1); // a view of a span the body writes: not reversed yet
                    return rest[0] * rng.NextDouble();
                }

            """));
        var infos = run.GeneratorDiagnostics.OrderBy(d => d.GetMessage()).ToList();
        Assert.All(infos, d => Assert.Equal("RPG0018", d.Id));
        Assert.All(infos, d => Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, d.Severity)); // never breaks a build that has warnings as errors
        Assert.Equal(2, infos.Count);
        Assert.Contains("'DrawBackward' is not generated: reverse mode does not support the differentiated span 'rest', which views another span", infos[0].GetMessage());
        Assert.Contains("'TailBackward' runs forward mode, one tangent pass per input element: reverse mode does not support the differentiated span 'rest', which views another span", infos[1].GetMessage());
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("TailBackward", DiagnosticAssert.GeneratedFor(run, "Demo.C.Tail").Text);
        Assert.DoesNotContain("DrawBackward", DiagnosticAssert.GeneratedFor(run, "Demo.C.Draw").Text);
    }
}
