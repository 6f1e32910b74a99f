using System;
using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Every supported construct: its generated code is snapshotted, compiles with warnings as errors, and
/// its gradient matches high-order finite differences of the user's own method (the oracle).
/// </summary>
public sealed class ConstructTests
{
    public static TheoryData<string> Names => new(ConstructInputs.Cases.Select(c => c.Name));

    private static readonly (double A, double B, int N)[] Points = { (0.7, 1.3, 2), (1.9, 0.6, 1), (-0.4, 2.2, 3), (0.3, 0.9, 7) };

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_code_is_as_snapshotted(string name)
    {
        var run = GeneratorHarness.Run(Source(name));
        Snapshot.Verify(run.Sources, testMethod: "Construct_" + name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_code_compiles_without_warnings(string name)
        => GeneratorHarness.AssertCompilesWithoutWarnings(GeneratorHarness.Run(Source(name)));

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_matches_finite_differences(string name)
    {
        using var assembly = ExecutionHarness.Load(GeneratorHarness.Run(Source(name)));
        const double Eps = 0.25;
        foreach (var (a, b, n) in Points)
        {
            double F(double x, double y) => (double)assembly.Invoke("Demo.Constructs", "F", x, y, Eps, n)!;
            var g = assembly.Invoke("Demo.Constructs", "FWithGradient", a, b, Eps, n);
            var value = LoadedAssembly.Property<double>(g, "Value");
            var da = LoadedAssembly.Property<double>(g, "DA");
            var db = LoadedAssembly.Property<double>(g, "DB");
            Assert.Equal(F(a, b), value);
            AssertClose(FiniteDifference.Derivative(x => F(x, b), a), da, $"{name} ∂/∂a at ({a}, {b}, {n})");
            AssertClose(FiniteDifference.Derivative(y => F(a, y), b), db, $"{name} ∂/∂b at ({a}, {b}, {n})");

            // The JVP along (1, 2) is the same directional derivative: da + 2·db.
            var call = assembly.CallStatic("Demo.Constructs", "FTangent", a, b, Eps, n, 1.0, 2.0, null);
            Assert.Equal(value, (double)call.Result!);
            AssertClose(da + (2 * db), call.Out<double>(6), $"{name} JVP at ({a}, {b}, {n})");
        }
    }

    private static string Source(string name) => ConstructInputs.Source(ConstructInputs.Cases.Single(c => c.Name == name).Body);

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
