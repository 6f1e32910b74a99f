using System;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// The batch overload's two shapes: SIMD lanes for straight-line bodies, the scalar loop for the rest. Both compile
/// warning-free for every construct, and the SIMD one gives the scalar results within the SIMD functions' ulp bounds.
/// </summary>
public class SimdBatchTests
{
    private const string VectorLoopMarker = "global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated";

    private const string BothShapes = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Lanes
        {
            /// <summary>Straight-line: a guard, special functions, a select; runs in SIMD lanes.</summary>
            [Reparameterizable]
            public static double Vectorised(double a, double b, [Noise] double eps)
            {
                if (!(b > 0 && eps >= 0 && eps <= 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(b));
                }

                var w = -SpecialFunctions.Expm1(SpecialFunctions.Log1p(-eps) / b);
                var s = a > 0 ? Math.Sqrt(a) : -a;
                return Math.Exp(Math.Log(w) * s);
            }

            /// <summary>Math.Pow has no SIMD form within 2 ulp: the scalar loop.</summary>
            [Reparameterizable]
            public static double Scalar(double a, [Noise] double eps) => Math.Pow(eps, a);
        }
        """;

    [Fact]
    public void Snapshots_show_the_vector_loop_and_the_scalar_loop()
    {
        var run = GeneratorHarness.Run(BothShapes);
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Contains(VectorLoopMarker, DiagnosticAssert.GeneratedFor(run, "Demo.Lanes.Vectorised").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(VectorLoopMarker, DiagnosticAssert.GeneratedFor(run, "Demo.Lanes.Scalar").Text, StringComparison.Ordinal);
        Snapshot.Verify(run);
    }

    // Bodies of `double F(double x, double y, [Noise] double eps)`, and whether the batch runs in lanes.
    [Theory]
    [InlineData("return x * y + eps;", true)]
    [InlineData("return -x / 2 + 3 * y - +eps;", true)]
    [InlineData("return double.Exp(x) + double.Log(y) + Math.Sqrt(eps);", true)]
    [InlineData("x = x * 2.0; y = y - x; return x * y;", true)]
    [InlineData("var t = x > y ? x : y < 0 ? -y : eps; return t * x;", true)]
    [InlineData("if (x < -1e300 || !(y >= 1e-3) && eps == 0) { throw new ArgumentException(\"bad\", nameof(x)); } return x * y;", true)]
    [InlineData("if (x < 0) { x = -x; } return x * y;", true)]
    [InlineData("double d; d = SpecialFunctions.Log1p(x * x); return d * y + SpecialFunctions.Expm1(eps);", true)]
    [InlineData("return Math.Pow(x, y) + eps;", false)]
    [InlineData("return Math.Max(x, y) + eps;", false)]
    [InlineData("if (x > 0) { return x * y; } return y;", true)] // a chunk where some lane returns early runs scalar
    [InlineData("if (x > 0) { y = 1; } else { y = 2; } return x * y;", true)]
    [InlineData("if (x > 0) { y = y * x; if (y < 1) { y = Math.Exp(y); } else { x = -x; } } else { var t = y * y; x = t; } return x * y;", true)]
    [InlineData("if (x > 0) { y = Math.Pow(y, 2); } else { y = 2; } return x * y;", false)]
    [InlineData("var n = (int)eps; return x * n + y;", false)]
    [InlineData("var s = 0.0; for (var i = 0; i < 3; i++) { s = s + x; } return s * y;", false)]
    [InlineData("return Helper(x) * y + eps;", false)]
    [InlineData("Check(x); return x * y + eps;", false)]
    [InlineData("var f = (float)x; return f * y + eps;", false)]
    [InlineData("return x * MathF.Exp((float)y) + eps;", false)]
    public void Every_body_compiles_warning_free_in_the_shape_it_qualifies_for(string body, bool vectorised)
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass($$"""
                [Reparameterizable]
                public static double F(double x, double y, [Noise] double eps)
                {
                    {{body}}
                }

                [Differentiable]
                public static double Helper(double x) => x * x;

                private static void Check(double x)
                {
                    if (x < -100) throw new ArgumentOutOfRangeException(nameof(x));
                }
            """));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Equal(vectorised, DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text.Contains(VectorLoopMarker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("float")]
    [InlineData("in double")]
    public void Float_methods_and_in_parameters_run_in_lanes(string type)
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass($$"""
                [Reparameterizable]
                public static {{type.Replace("in ", "", StringComparison.Ordinal)}} F({{type}} x, [Noise] {{type}} eps) => x * eps + x;
            """));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains(VectorLoopMarker, DiagnosticAssert.GeneratedFor(run, "Demo.C.F").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float_method_runs_in_float_lanes_and_gives_the_scalar_results()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static float G(float a, [Noise] float u)
                {
                    if (!(a > 0)) throw new ArgumentOutOfRangeException(nameof(a));
                    var t = u < 0.5f ? MathF.Log(1 - u) : -MathF.Sqrt(u);
                    return MathF.Exp(t / a) * 2;
                }

                public static void Batch(float[] a, float[] u, float[] value, float[] dA) => GWithGradient(a, u, value, dA);
            """));
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
        Assert.Contains("global::System.Runtime.Intrinsics.Vector512<float>", DiagnosticAssert.GeneratedFor(run, "Demo.C.G").Text, StringComparison.Ordinal);
        using var assembly = ExecutionHarness.Load(run);
        var rng = new Random(5);
        const int N = 203;
        var a = Enumerable.Range(0, N).Select(_ => (float)(0.2 + 3 * rng.NextDouble())).ToArray();
        var u = Enumerable.Range(0, N).Select(_ => (float)rng.NextDouble()).ToArray();
        var (value, dA) = (new float[N], new float[N]);
        assembly.Invoke("Demo.C", "Batch", a, u, value, dA);
        for (var i = 0; i < N; i++)
        {
            var g = assembly.Invoke("Demo.C", "GWithGradient", a[i], u[i]);

            // The float SIMD functions are within 1 ulp and MathF's within 1: after the division and the exp of
            // |t/a| ≤ 80 the two may be 80·2 + 2 ulp apart in the worst case; 2e−5 relative (about 170 ulp) bounds that.
            foreach (var (field, batch) in new[] { ("Value", value[i]), ("DA", dA[i]) })
            {
                var scalar = LoadedAssembly.Property<float>(g, field);
                Assert.True(Math.Abs(scalar - batch) <= 2e-5 * Math.Max(1e-30, Math.Abs(scalar)), $"element {i} {field}: batch {batch:R}, scalar {scalar:R}");
            }
        }
    }

    [Fact]
    public void The_vector_loop_gives_the_scalar_results_and_the_scalar_exception()
    {
        var run = GeneratorHarness.Run(BothShapes, """
            namespace Demo;

            public static partial class Lanes
            {
                // Array wrapper: reflection cannot pass spans.
                public static void Batch(double[] a, double[] b, double[] eps, double[] value, double[] dA, double[] dB)
                    => VectorisedWithGradient(a, b, eps, value, dA, dB);
            }
            """);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var rng = new Random(3);
        const int N = 1_003; // a remainder after the vectors
        var a = Enumerable.Range(0, N).Select(i => -2 + 4 * rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, N).Select(i => 0.1 + 3 * rng.NextDouble()).ToArray();
        var eps = Enumerable.Range(0, N).Select(i => rng.NextDouble()).ToArray();
        a[17] = double.NaN; // NaN passes the guard (it tests b and eps) and propagates
        var (value, dA, dB) = (new double[N], new double[N], new double[N]);
        assembly.Invoke("Demo.Lanes", "Batch", a, b, eps, value, dA, dB);
        for (var i = 0; i < N; i++)
        {
            var g = assembly.Invoke("Demo.Lanes", "VectorisedWithGradient", a[i], b[i], eps[i]);

            // The body chains log1p, expm1, log and exp: each SIMD function within 2 ulp and each scalar one within 3 of
            // the exact value, amplified by |log w · s| ≤ 40 on these inputs through the final exp: 1e−12 relative
            // is above that (about 40·6·2.2e−16 ≈ 5e−14 plus the derivative's extra factors) and far below any wrong lane.
            foreach (var (field, batch) in new[] { ("Value", value[i]), ("DA", dA[i]), ("DB", dB[i]) })
            {
                var scalar = LoadedAssembly.Property<double>(g, field);
                Assert.True(scalar.Equals(batch) || Math.Abs(scalar - batch) <= 1e-12 * Math.Max(1, Math.Abs(scalar)), $"element {i} {field}: batch {batch:R}, scalar {scalar:R}");
            }
        }

        b[21] = -1.0;
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => assembly.Invoke("Demo.Lanes", "Batch", a, b, eps, value, dA, dB));
        Assert.Equal("b", thrown.ParamName);
    }
}
