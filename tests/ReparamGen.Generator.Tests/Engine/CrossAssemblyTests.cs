using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Calls across assemblies: library A is compiled with the generator to an image; project B references
/// that image as metadata and calls A's methods from differentiated code. The generator finds A's generated
/// tangents (and hand-written rules) through their [TangentOf] markers in metadata; A and B run together in
/// one load context and B's gradient is checked against finite differences of B's own method.
/// </summary>
public sealed class CrossAssemblyTests
{
    private const string Library = """
        using System;
        using ReparamGen;

        namespace Lib;

        public static partial class Shapes
        {
            [Differentiable]
            public static double Softplus(double x) => Math.Log(1.0 + Math.Exp(x));

            [Differentiable]
            public static double Scale(double x, double s, [Noise] double jitter) => (x * s) + jitter;

            [Reparameterizable]
            public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + (sigma * eps));

            [Differentiable]
            public static void Polar(double r, double theta, out double x, out double y)
            {
                x = r * Math.Cos(theta);
                y = r * Math.Sin(theta);
            }

            public static double Cube(double x) => x * x * x;

            [TangentOf(typeof(Shapes), nameof(Cube))]
            public static double CubeTangent(double x, double dX, out double dResult)
            {
                dResult = 3.0 * x * x * dX;
                return x * x * x;
            }

            public static double Plain(double x) => 2.0 * x;
        }
        """;

    private const string Project = """
        using ReparamGen;
        using Lib;

        namespace App;

        public static partial class Model
        {
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps)
                => (Shapes.Softplus(a) * Shapes.Scale(b, a, eps)) + Shapes.LogNormal(a, b, eps) + Shapes.Cube(b);

            [Reparameterizable]
            public static double G(double r, double t)
            {
                Shapes.Polar(r, t, out var x, out var y);
                return x * y;
            }
        }
        """;

    [Fact]
    public void Project_calls_the_library_tangents_found_in_metadata_and_its_gradient_matches_finite_differences()
    {
        var library = ExecutionHarness.Emit(RunLibrary());
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("App", new[] { MetadataReference.CreateFromImage(library) }, Project));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);

        var model = run.Source("App.Model.F.g.cs").Text;
        Assert.Contains("global::Lib.Shapes.SoftplusTangent(", model, StringComparison.Ordinal);
        Assert.Contains("global::Lib.Shapes.CubeTangent(", model, StringComparison.Ordinal);
        Assert.Contains("global::Lib.Shapes.LogNormalWithGradient(", model, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources, s => s.HintName.StartsWith("Lib.", StringComparison.Ordinal));

        using var assembly = ExecutionHarness.Load(run, library);
        const double Eps = 0.35;
        foreach (var (a, b) in new[] { (0.4, 1.3), (-1.1, 0.6), (2.0, -0.8) })
        {
            double F(double x, double y) => (double)assembly.Invoke("App.Model", "F", x, y, Eps)!;
            var gradient = assembly.Invoke("App.Model", "FWithGradient", a, b, Eps);
            Assert.Equal(F(a, b), LoadedAssembly.Property<double>(gradient, "Value"));
            var da = FiniteDifference.Derivative(x => F(x, b), a);
            var db = FiniteDifference.Derivative(y => F(a, y), b);
            AssertClose(da, LoadedAssembly.Property<double>(gradient, "DA"), $"∂F/∂a at ({a}, {b})");
            AssertClose(db, LoadedAssembly.Property<double>(gradient, "DB"), $"∂F/∂b at ({a}, {b})");

            var jvp = assembly.CallStatic("App.Model", "FTangent", a, b, Eps, 1.0, -2.0, null);
            AssertClose(da - (2 * db), jvp.Out<double>(5), $"JVP at ({a}, {b})");
        }

        foreach (var (r, t) in new[] { (1.5, 0.3), (0.7, 2.4) })
        {
            double G(double x, double y) => (double)assembly.Invoke("App.Model", "G", x, y)!;
            var gradient = assembly.Invoke("App.Model", "GWithGradient", r, t);
            AssertClose(FiniteDifference.Derivative(x => G(x, t), r), LoadedAssembly.Property<double>(gradient, "DR"), $"∂G/∂r at ({r}, {t})");
            AssertClose(FiniteDifference.Derivative(y => G(r, y), t), LoadedAssembly.Property<double>(gradient, "DT"), $"∂G/∂t at ({r}, {t})");
        }
    }

    [Fact]
    public void Library_tangents_carry_the_TangentOf_marker_in_metadata()
    {
        var library = ExecutionHarness.Emit(RunLibrary());
        var compilation = GeneratorHarness.CreateCompilation("App", new[] { MetadataReference.CreateFromImage(library) }, Project);
        var shapes = compilation.GetTypeByMetadataName("Lib.Shapes")!;

        foreach (var (tangent, primal) in new[] { ("SoftplusTangent", "Softplus"), ("ScaleTangent", "Scale"), ("LogNormalTangent", "LogNormal"), ("PolarTangent", "Polar"), ("CubeTangent", "Cube") })
        {
            var method = Assert.Single(shapes.GetMembers(tangent).OfType<IMethodSymbol>());
            Assert.Equal(Accessibility.Public, method.DeclaredAccessibility);
            var marker = Assert.Single(method.GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "ReparamGen.TangentOfAttribute");
            Assert.Equal(shapes, marker.ConstructorArguments[0].Value as INamedTypeSymbol, SymbolEqualityComparer.Default);
            Assert.Equal(primal, marker.ConstructorArguments[1].Value);
        }
    }

    [Fact]
    public void Metadata_method_without_a_tangent_is_RPG0004_at_the_call()
    {
        var library = ExecutionHarness.Emit(RunLibrary());

        var run = ReportsWithReference(library, """
            using ReparamGen;
            using Lib;

            namespace Demo;

            public static partial class C
            {
                [Reparameterizable]
                public static double F(double a, [Noise] double eps) => [|Shapes.Plain(a)|] * eps;

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => Shapes.Softplus(mu) + eps;
            }
            """,
            Error("RPG0004", "Call to 'Lib.Shapes.Plain' depends on a differentiated value but has no tangent: mark 'Lib.Shapes.Plain' [Differentiable], or supply a rule with [TangentOf(typeof(Lib.Shapes), \"Plain\")]"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Differentiable_method_of_a_library_built_without_the_generator_is_RPG0004_not_a_call_to_a_missing_tangent()
    {
        // The attribute is in metadata but no tangent was generated (the library did not run ReparamGen).
        var compilation = GeneratorHarness.CreateCompilation("Lib", Array.Empty<MetadataReference>(), Library);
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);

        var run = ReportsWithReference(image.ToArray(), """
            using ReparamGen;
            using Lib;

            namespace Demo;

            public static partial class C
            {
                [Reparameterizable]
                public static double F(double a, [Noise] double eps) => [|Shapes.Softplus(a)|] * eps;

                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => Shapes.Cube(mu) + eps;
            }
            """,
            Error("RPG0004", "Call to 'Lib.Shapes.Softplus' depends on a differentiated value but has no tangent: mark 'Lib.Shapes.Softplus' [Differentiable], or supply a rule with [TangentOf(typeof(Lib.Shapes), \"Softplus\")]"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    private static GeneratorRun RunLibrary()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("Lib", Array.Empty<MetadataReference>(), Library));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        return run;
    }

    /// <summary><see cref="DiagnosticAssert.Reports(string, ExpectedDiagnostic, string[])"/> for a compilation that references <paramref name="image"/>.</summary>
    private static GeneratorRun ReportsWithReference(byte[] image, string markedSource, ExpectedDiagnostic expected)
        => DiagnosticAssert.Reports(markedSource, new[] { expected }, sources => GeneratorHarness.CreateCompilation("App", new[] { MetadataReference.CreateFromImage(image) }, sources));

    // Tolerance: FiniteDifference.RelativeTolerance (see its derivation); the functions are smooth and O(1)-scaled.
    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(FiniteDifference.Close(expected, actual), $"{what}: expected {expected:R}, generated {actual:R}");
}
