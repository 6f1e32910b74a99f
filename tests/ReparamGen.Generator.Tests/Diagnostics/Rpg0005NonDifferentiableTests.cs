using System;
using System.Collections.Generic;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0005 (warning): a piecewise operation on a differentiated value. The method is still generated, the output
/// compiles with warnings as errors, and the generated derivative is the one the message states, which between
/// the jumps is the true one (checked against finite differences of the user's method at points away from them).
/// </summary>
public sealed class Rpg0005NonDifferentiableTests
{
    private const string Suffix = " on a value that depends on a differentiated parameter jumps; its derivative is taken as ";

    private static readonly Dictionary<string, (string Body, string Message)> Cases = new()
    {
        ["cast to int"] = ("""
                var n = [|(int)a|];
                return n * b + a * eps;
            """, "The conversion to 'int'" + Suffix + "0, exact only between the jumps"),
        ["cast to long"] = ("""
                long n = [|(long)(a * 3)|];
                return n * b + eps;
            """, "The conversion to 'long'" + Suffix + "0, exact only between the jumps"),
        ["Math.Floor"] = ("""
                return [|Math.Floor(a)|] * b + a * eps;
            """, "'Floor'" + Suffix + "0, exact only between the jumps"),
        ["Math.Round with digits"] = ("""
                var r = [|Math.Round(a * b, 1)|];
                return r + a * eps;
            """, "'Round'" + Suffix + "0, exact only between the jumps"),
        ["MathF.Truncate"] = ("""
                var t = [|MathF.Truncate((float)a)|];
                return t * b + eps;
            """, "'Truncate'" + Suffix + "0, exact only between the jumps"),
        ["integer from a call"] = ("""
                var n = [|Convert.ToInt32(a)|];
                return n * b + a * eps;
            """, "'ToInt32', which returns an integer," + Suffix + "0, exact only between the jumps"),
        ["remainder"] = ("""
                return [|a % b|] + eps;
            """, "The '%' operator" + Suffix + "da - truncate(a / b) * db, exact only between the jumps"),
    };

    /// <summary>Points at least 0.01 away from every jump of the cases above (a, b, 3a, a·b to one digit, a mod b, a to the nearest integer).</summary>
    private static readonly (double A, double B)[] Points = { (2.3, 0.7), (-1.26, 1.9), (5.44, -1.3) };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Warned_at_the_operation_and_differentiated_as_the_message_says(string name)
    {
        var (body, message) = Cases[name];
        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double a, double b, [Noise] double eps)
                {
            """ + "\n" + body + "\n" + """
                }
            """), Warning("RPG0005", message));

        DiagnosticAssert.GeneratedFor(run, "Demo.C.F");
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);

        using var assembly = ExecutionHarness.Load(run);
        const double Eps = 0.375;
        foreach (var (a, b) in Points)
        {
            double F(double x, double y) => (double)assembly.Invoke("Demo.C", "F", x, y, Eps)!;
            var gradient = assembly.Invoke("Demo.C", "FWithGradient", a, b, Eps);
            Assert.Equal(F(a, b), LoadedAssembly.Property<double>(gradient, "Value"));
            AssertClose(FiniteDifference.Derivative(x => F(x, b), a), LoadedAssembly.Property<double>(gradient, "DA"), $"{name}: ∂/∂a at ({a}, {b})");
            AssertClose(FiniteDifference.Derivative(y => F(a, y), b), LoadedAssembly.Property<double>(gradient, "DB"), $"{name}: ∂/∂b at ({a}, {b})");
        }
    }

    // Tolerance: FiniteDifference.RelativeTolerance (see its derivation); between jumps the functions are polynomial.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
