using System;
using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Methods generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> (or any constraint implying <c>INumber&lt;T&gt;</c>):
/// the generated members are generic in the same parameter with the same constraints, and one method is
/// differentiated in double and in float. Derivatives are checked against closed forms and against the 5-point
/// finite differences of the user's own method instantiated with double; float results against the same oracles
/// with a tolerance derived from float's machine epsilon.
/// </summary>
public sealed class GenericMethodTests
{
    /// <summary>Float's machine epsilon 2⁻²³ (not <c>float.Epsilon</c>, the smallest subnormal).</summary>
    private const double FloatMachineEpsilon = 1.0 / (1 << 23);

    /// <summary>
    /// Float results against double oracles: every derivative here is a sum of at most 8 terms of magnitude at most 4
    /// at the test points, each made with at most 6 float roundings of relative size ε/2, so the absolute error is at
    /// most 8·4·6·ε/2 = 96ε; 128ε (1.5e-5, compared as |Δ| ≤ tol·max(1, |expected|)) leaves a third of margin.
    /// </summary>
    private const double FloatTolerance = 128 * FloatMachineEpsilon;

    private const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using ReparamGen;

        namespace Demo;

        public static partial class Generic
        {
            [Reparameterizable]
            public static T FromNoise<T>(T mu, T sigma, [Noise] T eps) where T : IFloatingPointIeee754<T>
                => T.Exp(mu + sigma * eps);

            [Differentiable]
            public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

            // Generic calls with and without type arguments, literals through CreateChecked, T.Pi, a comparison,
            // compound assignments and the two-argument rules (Pow, Atan2).
            [Differentiable]
            public static T Mixed<T>(T x, T y) where T : IBinaryFloatingPointIeee754<T>
            {
                var half = T.CreateChecked(0.5);
                var s = half * x * x + Softplus(y) - Softplus<T>(x * y);
                if (x > T.Zero)
                {
                    s += T.Sin(x) * T.Pi;
                }

                s -= T.Pow(y, T.CreateChecked(2)) + T.Atan2(x, y) + T.Sqrt(x * x + T.One);
                return s / T.CreateChecked(3);
            }

            // Arithmetic only: INumber<T> is enough.
            [Differentiable]
            public static T Poly<T>(T x) where T : INumber<T> => x * x * x - T.CreateChecked(2) * x + T.One;

            // A span output: reverse mode takes the output's seed (the scratch adjoint of y is a heap array of T).
            [Differentiable]
            public static void HalfXExp<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
            {
                for (var i = 0; i < x.Length; i++)
                {
                    y[i] = T.Exp(x[i]) * x[i] * T.CreateChecked(0.5);
                }
            }

            // Conversions between T and double both ways (CreateChecked is differentiated as a cast).
            [Differentiable]
            public static T Precision<T>(T x, double y) where T : IFloatingPointIeee754<T>
                => x * T.CreateChecked(y) + T.CreateTruncating(double.Sin(double.CreateChecked(x)));

            // A double method calling generic ones (T = double).
            [Differentiable]
            public static double UsesGeneric(double x) => Softplus(x) * FromNoise(x, 0.5, 0.25);

            // Reverse mode over a span of T: the loop overwrites e, which the reverse sweep reads back from the tape.
            [Differentiable]
            public static T Energy<T>(ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T>
            {
                var e = T.Zero;
                for (var i = 0; i < w.Length; i++)
                {
                    e = T.Sin(e) + w[i] * w[i] * T.CreateChecked(0.5) + Softplus(w[i]);
                }

                return e;
            }
        }

        public static class Driver
        {
            public static double FromNoise(double mu, double sigma, double eps) => Generic.FromNoise(mu, sigma, eps);

            public static double[] FromNoiseDouble(double mu, double sigma, double eps) => FromNoiseAll(mu, sigma, eps);

            public static double[] FromNoiseFloat(float mu, float sigma, float eps) => FromNoiseAll(mu, sigma, eps).Select(v => (double)v).ToArray();

            // Called from generic code too: value and partials from MWithGradient, MTangent per axis, MBackward with seed 2.
            private static T[] FromNoiseAll<T>(T mu, T sigma, T eps) where T : IFloatingPointIeee754<T>
            {
                var g = Generic.FromNoiseWithGradient(mu, sigma, eps);
                Generic.FromNoiseTangent(mu, sigma, eps, T.One, T.Zero, out var dMu);
                Generic.FromNoiseTangent(mu, sigma, eps, T.Zero, T.One, out var dSigma);
                T gradMu = T.Zero, gradSigma = T.Zero;
                Generic.FromNoiseBackward(mu, sigma, eps, T.CreateChecked(2), ref gradMu, ref gradSigma);
                return new[] { g.Value, g.DMu, g.DSigma, dMu, dSigma, gradMu, gradSigma };
            }

            public static float[] FromNoiseBatchFloat(float[] mu, float[] sigma, float[] eps)
            {
                var value = new float[mu.Length];
                var dMu = new float[mu.Length];
                var dSigma = new float[mu.Length];
                Generic.FromNoiseWithGradient<float>(mu, sigma, eps, value, dMu, dSigma);
                return value.Concat(dMu).Concat(dSigma).ToArray();
            }

            public static float[] FromNoiseGradientFloat(float mu, float sigma, float eps)
            {
                var g = Generic.FromNoiseWithGradient(mu, sigma, eps);
                return new[] { g.Value, g.DMu, g.DSigma };
            }

            public static double Mixed(double x, double y) => Generic.Mixed(x, y);

            public static double[] MixedDouble(double x, double y) => MixedAll(x, y);

            public static double[] MixedFloat(float x, float y) => MixedAll(x, y).Select(v => (double)v).ToArray();

            private static T[] MixedAll<T>(T x, T y) where T : IBinaryFloatingPointIeee754<T>
            {
                var g = Generic.MixedWithGradient(x, y);
                Generic.MixedTangent(x, y, T.One, T.Zero, out var dX);
                Generic.MixedTangent(x, y, T.Zero, T.One, out var dY);
                return new[] { g.Value, g.DX, g.DY, dX, dY };
            }

            public static double PolyDouble(double x) => Generic.PolyWithGradient(x).DX;

            public static double PolyFloat(float x) => Generic.PolyWithGradient(x).DX;

            public static double PolyDecimal(double x) => (double)Generic.PolyWithGradient((decimal)x).DX;

            public static double[] PrecisionFloat(float x, double y)
            {
                var g = Generic.PrecisionWithGradient(x, y);
                return new[] { (double)g.Value, g.DX, g.DY };
            }

            public static double[] HalfXExpGradient(double[] x, double[] seed) => HalfXExpGradientOf(x, seed);

            public static double[] HalfXExpGradientFloat(float[] x, float[] seed) => HalfXExpGradientOf(x, seed).Select(v => (double)v).ToArray();

            private static T[] HalfXExpGradientOf<T>(T[] x, T[] seed) where T : IFloatingPointIeee754<T>
            {
                var y = new T[x.Length];
                var gradient = new T[x.Length];
                Generic.HalfXExpBackward<T>(x, y, seed, gradient);
                return gradient;
            }

            public static double UsesGeneric(double x) => Generic.UsesGeneric(x);

            public static double UsesGenericDerivative(double x) => Generic.UsesGenericWithGradient(x).DX;

            public static double SoftplusFloat(float x) => Generic.SoftplusWithGradient(x).DX;

            public static double Energy(double[] w) => Generic.Energy<double>(w);

            public static double EnergyBackward(double[] w, double[] gradient) => Generic.EnergyBackward<double>(w, 1.0, gradient);

            public static double EnergyJvp(double[] w, double[] v)
            {
                Generic.EnergyTangent<double>(w, v, out var d);
                return d;
            }

            public static float EnergyWithGradientFloat(float[] w, float[] gradient) => Generic.EnergyWithGradient<float>(w, gradient);
        }
        """;

    private static GeneratorRun Run() => GeneratorHarness.Run(Source);

    private static bool CloseInFloat(double expected, double actual) => FiniteDifference.Close(expected, actual, FloatTolerance);

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(Run());

    [Fact]
    public void Generated_code_is_as_snapshotted()
        => Snapshot.Verify(Run().Sources.Where(s => s.HintName is "Demo.Generic.FromNoise.g.cs" or "Demo.Generic.Mixed.g.cs" or "Demo.Generic.Poly.g.cs" or "Demo.Generic.Energy.g.cs" or "Demo.Generic.UsesGeneric.g.cs" or "Demo.Generic.HalfXExp.g.cs").ToList());

    [Fact]
    public void Generated_members_are_generic_in_the_methods_type_parameter()
    {
        using var assembly = ExecutionHarness.Load(Run());
        var type = assembly.Type("Demo.Generic");
        foreach (var name in new[] { "FromNoiseTangent", "FromNoiseWithGradient", "FromNoiseBackward", "EnergyBackward", "EnergyTangent", "EnergyWithGradient" })
        {
            Assert.All(type.GetMethods().Where(m => m.Name == name), m => Assert.Single(m.GetGenericArguments()));
        }

        Assert.True(type.GetNestedType("FromNoiseGradient`1") is { IsGenericTypeDefinition: true }, "FromNoiseGradient<T>");
    }

    [Theory]
    [InlineData(0.3, 0.8, -1.1)]
    [InlineData(-1.2, 0.4, 0.6)]
    public void The_reparameterized_sampler_matches_its_closed_form_in_double_and_float(double mu, double sigma, double eps)
    {
        using var assembly = ExecutionHarness.Load(Run());

        // z = exp(mu + sigma·eps): ∂z/∂mu = z, ∂z/∂sigma = z·eps. In double: 1e-15 relative (Exp and two roundings, the
        // same operations as the closed form). MTangent, MWithGradient and MBackward (seed 2) all agree.
        var z = Math.Exp(mu + (sigma * eps));
        var d = (double[])assembly.Invoke("Demo.Driver", "FromNoiseDouble", mu, sigma, eps)!;
        double[] expected = { z, z, z * eps, z, z * eps, 2 * z, 2 * z * eps };
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(FiniteDifference.Close(expected[k], d[k], 1e-15), $"double [{k}]: closed form {expected[k]:R}, generated {d[k]:R}");
        }

        // In float, against the closed form evaluated in double at the float inputs.
        var (fm, fs, fe) = ((float)mu, (float)sigma, (float)eps);
        var zf = Math.Exp(fm + ((double)fs * fe));
        double[] expectedF = { zf, zf, zf * fe, zf, zf * fe, 2 * zf, 2 * zf * fe };
        var f = (double[])assembly.Invoke("Demo.Driver", "FromNoiseFloat", fm, fs, fe)!;
        for (var k = 0; k < expectedF.Length; k++)
        {
            Assert.True(CloseInFloat(expectedF[k], f[k]), $"float [{k}]: closed form {expectedF[k]:R}, generated {f[k]:R}");
        }
    }

    [Fact]
    public void The_float_batch_overload_is_the_per_sample_gradient()
    {
        using var assembly = ExecutionHarness.Load(Run());
        float[] mu = { 0.3f, -1.2f }, sigma = { 0.8f, 0.4f }, eps = { -1.1f, 0.6f };
        var batch = (float[])assembly.Invoke("Demo.Driver", "FromNoiseBatchFloat", mu, sigma, eps)!;
        for (var i = 0; i < mu.Length; i++)
        {
            // Exactly the per-sample MWithGradient: the batch calls it element by element.
            var single = (float[])assembly.Invoke("Demo.Driver", "FromNoiseGradientFloat", mu[i], sigma[i], eps[i])!;
            Assert.Equal(single, new[] { batch[i], batch[mu.Length + i], batch[(2 * mu.Length) + i] });
        }
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.4, 0.9)]
    [InlineData(1.1, -0.6)]
    public void A_generic_method_calling_generic_methods_matches_finite_differences_in_double_and_float(double x, double y)
    {
        using var assembly = ExecutionHarness.Load(Run());
        double Mixed(double a, double b) => (double)assembly.Invoke("Demo.Driver", "Mixed", a, b)!;
        var d = (double[])assembly.Invoke("Demo.Driver", "MixedDouble", x, y)!;
        var expectedX = FiniteDifference.Derivative(t => Mixed(t, y), x);
        var expectedY = FiniteDifference.Derivative(t => Mixed(x, t), y);
        Assert.Equal(Mixed(x, y), d[0]);
        Assert.True(FiniteDifference.Close(expectedX, d[1]), $"∂/∂x: finite differences {expectedX:R}, generated {d[1]:R}");
        Assert.True(FiniteDifference.Close(expectedY, d[2]), $"∂/∂y: finite differences {expectedY:R}, generated {d[2]:R}");

        // MTangent per axis: the same arithmetic as MWithGradient in another order (1e-14 relative).
        Assert.True(FiniteDifference.Close(d[1], d[3], 1e-14), "MTangent ∂/∂x");
        Assert.True(FiniteDifference.Close(d[2], d[4], 1e-14), "MTangent ∂/∂y");

        // Float, against finite differences of the double instantiation at the float inputs.
        var (fx, fy) = ((float)x, (float)y);
        var f = (double[])assembly.Invoke("Demo.Driver", "MixedFloat", fx, fy)!;
        var expectedFx = FiniteDifference.Derivative(t => Mixed(t, fy), fx);
        var expectedFy = FiniteDifference.Derivative(t => Mixed(fx, t), fy);
        Assert.True(CloseInFloat(Mixed(fx, fy), f[0]), $"float value: double {Mixed(fx, fy):R}, float {f[0]:R}");
        Assert.True(CloseInFloat(expectedFx, f[1]) && CloseInFloat(expectedFx, f[3]), $"float ∂/∂x: finite differences {expectedFx:R}, generated {f[1]:R} / {f[3]:R}");
        Assert.True(CloseInFloat(expectedFy, f[2]) && CloseInFloat(expectedFy, f[4]), $"float ∂/∂y: finite differences {expectedFy:R}, generated {f[2]:R} / {f[4]:R}");
    }

    [Theory]
    [InlineData(-1.3)]
    [InlineData(0.25)]
    [InlineData(2.0)]
    public void An_INumber_method_and_a_double_method_calling_generic_ones_match_closed_forms(double x)
    {
        using var assembly = ExecutionHarness.Load(Run());

        // d(x³ − 2x + 1)/dx = 3x² − 2: exact up to three roundings in double (1e-15); float by the float tolerance;
        // decimal (an INumber that is no IEEE float) to 1e-15 as well, its 28 digits being finer than double's.
        var poly = (3 * x * x) - 2;
        Assert.True(FiniteDifference.Close(poly, (double)assembly.Invoke("Demo.Driver", "PolyDouble", x)!, 1e-15), "double");
        var fx = (float)x;
        Assert.True(CloseInFloat((3.0 * fx * fx) - 2, (double)assembly.Invoke("Demo.Driver", "PolyFloat", fx)!), "float");
        Assert.True(FiniteDifference.Close(poly, (double)assembly.Invoke("Demo.Driver", "PolyDecimal", x)!, 1e-15), "decimal");

        // softplus(x)·exp(x + 0.5·0.25): derivative σ(x)·e^(x+0.125) + softplus(x)·e^(x+0.125), σ the logistic
        // function; 1e-14 relative (a few roundings of Exp and Log on each side).
        var e = Math.Exp(x + 0.125);
        var softplus = Math.Log(1 + Math.Exp(x));
        var logistic = 1 / (1 + Math.Exp(-x));
        Assert.True(FiniteDifference.Close((logistic * e) + (softplus * e), (double)assembly.Invoke("Demo.Driver", "UsesGenericDerivative", x)!, 1e-14), "UsesGeneric closed form");
        var fd = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.Driver", "UsesGeneric", t)!, x);
        Assert.True(FiniteDifference.Close(fd, (double)assembly.Invoke("Demo.Driver", "UsesGenericDerivative", x)!), "UsesGeneric finite differences");

        // Softplus in float: σ(x), evaluated in double at the float input.
        Assert.True(CloseInFloat(1 / (1 + Math.Exp(-(double)fx)), (double)assembly.Invoke("Demo.Driver", "SoftplusFloat", fx)!), "Softplus float");
    }

    [Theory]
    [InlineData(0.6, -1.4)]
    [InlineData(-2.1, 0.3)]
    public void Conversions_between_T_and_double_are_differentiated(double x, double y)
    {
        using var assembly = ExecutionHarness.Load(Run());

        // Precision<float>(x, y) = x·(float)y + (float)sin((double)x): ∂/∂x = y + cos x, ∂/∂y = x. The value is float, the
        // partials are float too (∂/∂y is the float result's derivative with respect to the double y): float tolerance.
        var fx = (float)x;
        var g = (double[])assembly.Invoke("Demo.Driver", "PrecisionFloat", fx, y)!;
        Assert.True(CloseInFloat((fx * y) + Math.Sin(fx), g[0]), $"value: {g[0]:R}");
        Assert.True(CloseInFloat(y + Math.Cos(fx), g[1]), $"∂/∂x: closed form {y + Math.Cos(fx):R}, generated {g[1]:R}");
        Assert.True(CloseInFloat(fx, g[2]), $"∂/∂y: closed form {fx:R}, generated {g[2]:R}");
    }

    [Fact]
    public void Reverse_mode_of_a_generic_span_output_matches_its_closed_form_in_double_and_float()
    {
        using var assembly = ExecutionHarness.Load(Run());
        var x = new[] { -1.2, 0.3, 1.7 };
        var seed = new[] { 1.0, -0.5, 2.0 };

        // y = x·eˣ/2, so x̄ = ȳ·eˣ(1 + x)/2: 1e-15 relative in double (Exp and three roundings on each side).
        var gradient = (double[])assembly.Invoke("Demo.Driver", "HalfXExpGradient", x, seed)!;
        var xf = x.Select(v => (float)v).ToArray();
        var gradientF = (double[])assembly.Invoke("Demo.Driver", "HalfXExpGradientFloat", xf, seed.Select(v => (float)v).ToArray())!;
        for (var i = 0; i < x.Length; i++)
        {
            var expected = seed[i] * Math.Exp(x[i]) * (1 + x[i]) / 2;
            Assert.True(FiniteDifference.Close(expected, gradient[i], 1e-15), $"x̄[{i}]: closed form {expected:R}, reverse mode {gradient[i]:R}");
            var expectedF = seed[i] * Math.Exp(xf[i]) * (1 + xf[i]) / 2;
            Assert.True(CloseInFloat(expectedF, gradientF[i]), $"float x̄[{i}]: closed form {expectedF:R}, reverse mode {gradientF[i]:R}");
        }
    }

    [Fact]
    public void Reverse_mode_of_a_generic_span_method_matches_finite_differences_forward_mode_and_float()
    {
        using var assembly = ExecutionHarness.Load(Run());
        var w = new[] { 0.4, -1.3, 2.2 };
        var gradient = new double[w.Length];
        var value = (double)assembly.Invoke("Demo.Driver", "EnergyBackward", w, gradient)!;
        Assert.Equal((double)assembly.Invoke("Demo.Driver", "Energy", w)!, value);
        for (var i = 0; i < w.Length; i++)
        {
            var at = i;
            var expected = FiniteDifference.Derivative(x =>
            {
                var moved = (double[])w.Clone();
                moved[at] = x;
                return (double)assembly.Invoke("Demo.Driver", "Energy", moved)!;
            }, w[i]);
            Assert.True(FiniteDifference.Close(expected, gradient[i]), $"∂/∂w[{i}]: finite differences {expected:R}, reverse mode {gradient[i]:R}");
        }

        // The dot-product test: ⟨∇E, v⟩ from the reverse sweep equals MTangent along v (1e-12 relative: the same
        // terms summed in other orders).
        var v = new[] { 1.0, -0.5, 0.25 };
        var jvp = (double)assembly.Invoke("Demo.Driver", "EnergyJvp", w, v)!;
        Assert.True(FiniteDifference.Close(gradient.Zip(v, (g, x) => g * x).Sum(), jvp, 1e-12), "⟨∇E, v⟩");

        // Float: the tape records float values as doubles, exactly; the gradient against the double one at the
        // float inputs (w exactly representable to within a float rounding, which the tolerance covers).
        var wf = w.Select(x => (float)x).ToArray();
        var gradientF = new float[w.Length];
        var gradientAtF = new double[w.Length];
        assembly.Invoke("Demo.Driver", "EnergyBackward", wf.Select(x => (double)x).ToArray(), gradientAtF);
        var valueF = (float)assembly.Invoke("Demo.Driver", "EnergyWithGradientFloat", wf, gradientF)!;
        Assert.True(CloseInFloat((double)assembly.Invoke("Demo.Driver", "Energy", wf.Select(x => (double)x).ToArray())!, valueF), "float value");
        for (var i = 0; i < w.Length; i++)
        {
            Assert.True(CloseInFloat(gradientAtF[i], gradientF[i]), $"float ∂/∂w[{i}]: double {gradientAtF[i]:R}, float {gradientF[i]:R}");
        }
    }

    private const string GenericLibrary = """
        using System;
        using System.Numerics;
        using ReparamGen;

        namespace Lib;

        public static partial class Shapes
        {
            [Differentiable]
            public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

            [Differentiable]
            public static T Energy<T>(ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T>
            {
                var e = T.Zero;
                for (var i = 0; i < w.Length; i++)
                {
                    e = T.Sin(e) + (w[i] * w[i]);
                }

                return e;
            }
        }
        """;

    private const string GenericProject = """
        using System;
        using System.Numerics;
        using ReparamGen;
        using Lib;

        namespace App;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double a) => Shapes.Softplus(a) * a;

            [Differentiable]
            public static T G<T>(T x) where T : IFloatingPointIeee754<T> => Shapes.Softplus(x) * x;

            [Differentiable]
            public static double H(ReadOnlySpan<double> w) => Shapes.Energy(w) * 2.0;

            public static double GFloat(float x) => GWithGradient(x).DX;

            public static double HOfArray(double[] w) => H(w);

            public static double HGradientOfArray(double[] w, double[] gradient) => HBackward(w, 1.0, gradient);
        }
        """;

    [Fact]
    public void Generic_methods_of_a_library_are_found_in_metadata_and_called_with_double_and_T()
    {
        var libraryRun = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("Lib", Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(), GenericLibrary));
        GeneratorHarness.AssertCompilesWithoutWarnings(libraryRun);
        var library = ExecutionHarness.Emit(libraryRun);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("App", new[] { Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(library) }, GenericProject));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        Assert.Contains("global::Lib.Shapes.SoftplusTangent<double>(", run.Source("App.Model.F.g.cs").Text, StringComparison.Ordinal);
        Assert.Contains("global::Lib.Shapes.SoftplusTangent<T>(", run.Source("App.Model.G.g.cs").Text, StringComparison.Ordinal);
        Assert.Contains("global::Lib.Shapes.EnergyBackward<double>(", run.Source("App.Model.H.g.cs").Text, StringComparison.Ordinal);

        using var assembly = ExecutionHarness.Load(run, library);
        foreach (var x in new[] { -0.8, 0.45, 1.9 })
        {
            // d(x·softplus(x))/dx = softplus(x) + x·σ(x): 1e-14 relative in double (a few roundings of Exp and Log);
            // in float, against the same closed form at the float input, by the float tolerance.
            var softplus = Math.Log(1 + Math.Exp(x));
            var logistic = 1 / (1 + Math.Exp(-x));
            Assert.True(FiniteDifference.Close(softplus + (x * logistic), LoadedAssembly.Property<double>(assembly.Invoke("App.Model", "FWithGradient", x), "DA"), 1e-14), $"F at {x}");
            var fx = (double)(float)x;
            var expectedF = Math.Log(1 + Math.Exp(fx)) + (fx / (1 + Math.Exp(-fx)));
            Assert.True(CloseInFloat(expectedF, (double)assembly.Invoke("App.Model", "GFloat", (float)x)!), $"G<float> at {x}");
        }

        // Reverse mode through the library's generic EnergyBackward<double>, against finite differences of H.
        var w = new[] { 0.3, -1.1, 0.8 };
        var gradient = new double[w.Length];
        assembly.Invoke("App.Model", "HGradientOfArray", w, gradient);
        for (var i = 0; i < w.Length; i++)
        {
            var at = i;
            var expected = FiniteDifference.Derivative(t =>
            {
                var moved = (double[])w.Clone();
                moved[at] = t;
                return (double)assembly.Invoke("App.Model", "HOfArray", moved)!;
            }, w[i]);
            Assert.True(FiniteDifference.Close(expected, gradient[i]), $"∂H/∂w[{i}]: finite differences {expected:R}, reverse mode {gradient[i]:R}");
        }
    }
}
