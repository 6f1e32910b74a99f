using System;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>
/// Runs the code generated for LogNormal and compares it with the closed form:
/// z = exp(μ + σε), ∂z/∂μ = z, ∂z/∂σ = z·ε.
/// </summary>
public sealed class LogNormalExecutionTests : IDisposable
{
    private const string Samplers = "Demo.Samplers";

    // The generated code and the closed form evaluate the same few operations in possibly different
    // orders (e.g. r·(dMu + ε·dSigma) against z·ε): a couple of roundings, each ≤ 2⁻⁵³ relative, amplified
    // at most by |μ + σε| ≤ 6 through exp. 1e-14 relative covers that with margin, while a wrong formula
    // is off by O(1).
    private const double RelativeTolerance = 1e-14;

    private readonly LoadedAssembly assembly = ExecutionHarness.Load(GeneratorHarness.Run(Inputs.LogNormal));

    public static TheoryData<double, double, double> Points => new()
    {
        { 0.5, 0.3, 1.2 },
        { 0.0, 1.0, 0.0 },
        { -1.5, 2.0, -1.75 },
        { 2.0, 0.01, 3.5 },
        { 1.0, 1.5, -2.25 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void WithGradient_matches_closed_form(double mu, double sigma, double eps)
    {
        var g = assembly.Invoke(Samplers, "LogNormalWithGradient", mu, sigma, eps);

        var z = Math.Exp(mu + (sigma * eps));
        AssertClose(z, LoadedAssembly.Property<double>(g, "Value"));
        AssertClose(z, LoadedAssembly.Property<double>(g, "DMu"));
        AssertClose(z * eps, LoadedAssembly.Property<double>(g, "DSigma"));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Tangent_is_the_directional_derivative(double mu, double sigma, double eps)
    {
        var z = Math.Exp(mu + (sigma * eps));
        foreach (var (dMu, dSigma) in new[] { (1.0, 0.0), (0.0, 1.0), (0.75, -2.0) })
        {
            var call = assembly.CallStatic(Samplers, "LogNormalTangent", mu, sigma, eps, dMu, dSigma, null);

            AssertClose(z, (double)call.Result!);
            AssertClose((dMu * z) + (dSigma * z * eps), call.Out<double>(5));
        }
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Backward_accumulates_seed_times_partials(double mu, double sigma, double eps)
    {
        const double seed = -0.5, gradMu0 = 10.0, gradSigma0 = -3.0;
        var call = assembly.CallStatic(Samplers, "LogNormalBackward", mu, sigma, eps, seed, gradMu0, gradSigma0);

        var z = Math.Exp(mu + (sigma * eps));
        AssertClose(z, (double)call.Result!);
        AssertClose(gradMu0 + (seed * z), call.Out<double>(4));
        AssertClose(gradSigma0 + (seed * z * eps), call.Out<double>(5));
    }

    public void Dispose() => assembly.Dispose();

    private static void AssertClose(double expected, double actual)
    {
        var scale = Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * scale, $"expected {expected:R}, got {actual:R}");
    }
}
