using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Soundness;

/// <summary>
/// The batch overload passes a span or array parameter whole to every sample's call: it is named <c>shared…</c> so that
/// nobody passes one noise value per sample there. Checked by running it: every element equals the scalar method on
/// the whole span, and the partials equal finite differences of the scalar method.
/// </summary>
public sealed class BatchSharedSpanTests
{
    [Fact]
    public void A_span_parameter_of_the_batch_overload_is_shared_by_every_sample()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, double sigma, [Noise] ReadOnlySpan<double> eps) => mu + sigma * (eps[0] - 0.5 * eps[1]);

                public static void Batch(double[] mu, double[] sigma, double[] eps, double[] value, double[] dMu, double[] dSigma)
                    => FWithGradient(mu, sigma, eps, value, dMu, dSigma);

                public static double One(double mu, double sigma, double[] eps) => F(mu, sigma, eps);
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Contains("ReadOnlySpan<double> sharedEps", DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text, StringComparison.Ordinal);
        using var assembly = ExecutionHarness.Load(run);

        var mu = new[] { 0.1, -2.0, 3.5 };
        var sigma = new[] { 1.0, 0.25, 2.0 };
        var eps = new[] { 0.8, -1.4 }; // one noise span for all three samples, not one value per sample
        var (value, dMu, dSigma) = (new double[3], new double[3], new double[3]);
        assembly.Invoke("Demo.C", "Batch", mu, sigma, eps, value, dMu, dSigma);
        for (var i = 0; i < mu.Length; i++)
        {
            var index = i;
            Assert.Equal((double)assembly.Invoke("Demo.C", "One", mu[i], sigma[i], eps)!, value[i]);
            // Oracle: 5-point central differences of the scalar method on the whole span, FiniteDifference.RelativeTolerance.
            Assert.True(FiniteDifference.Close(FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "One", t, sigma[index], eps)!, mu[i]), dMu[i]));
            Assert.True(FiniteDifference.Close(FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.C", "One", mu[index], t, eps)!, sigma[i]), dSigma[i]));
        }
    }
}
