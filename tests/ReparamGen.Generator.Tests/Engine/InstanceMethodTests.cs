using System;
using System.Linq;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Instance methods of classes, structs and records: fields and properties of <c>this</c> are read as constants,
/// the generated members are instance members (readonly where the method is), and differentiated instance methods of
/// the same object call each other's generated members, in forward and reverse mode. Derivatives are checked
/// against the 5-point finite differences of the user's own method and against closed forms.
/// </summary>
public sealed class InstanceMethodTests
{
    private const string Source = """
        using System;
        using System.Linq;
        using ReparamGen;

        namespace Demo;

        public partial class Model
        {
            private readonly double scale;
            private readonly int terms;

            public Model(double scale, int terms)
            {
                this.scale = scale;
                this.terms = terms;
            }

            public double Shift { get; init; } = 0.25;

            [Reparameterizable]
            public double Sample(double mu, double sigma, [Noise] double eps) => Math.Exp(Location(mu) + scale * sigma * eps);

            [Differentiable]
            public double Location(double mu)
            {
                var s = 0.0;
                for (var k = 1; k <= terms; k++)
                {
                    s += Math.Sin(k * mu) / k;
                }

                return s + this.Shift;
            }

            [Differentiable]
            public double Energy(ReadOnlySpan<double> w)
            {
                var e = 0.0;
                for (var i = 0; i < w.Length; i++)
                {
                    e += scale * w[i] * w[i] + Location(w[i]);
                }

                return e;
            }
        }

        public readonly partial struct Affine
        {
            public Affine(double a, double b)
            {
                A = a;
                B = b;
            }

            public double A { get; }

            public double B { get; }

            [Differentiable]
            public double Apply(double x) => A * Math.Tanh(x) + B * x * x;
        }

        public partial struct Weights
        {
            public double Weight;

            [Differentiable]
            public double Weighted(double x) => Weight * Math.Sin(x);

            [Differentiable]
            public readonly double Cube(double x) => Weight * x * x * x;
        }

        public partial record Prior(double Rate)
        {
            [Reparameterizable]
            public double Draw(double mu, [Noise] double eps) => mu - Math.Log(eps) / Rate;
        }

        public static class Driver
        {
            private static Model NewModel() => new(0.7, 3) { Shift = 0.5 };

            public static double Sample(double mu, double sigma, double eps) => NewModel().Sample(mu, sigma, eps);

            public static double[] SampleGradient(double mu, double sigma, double eps)
            {
                var g = NewModel().SampleWithGradient(mu, sigma, eps);
                return new[] { g.Value, g.DMu, g.DSigma };
            }

            public static double[] SampleTangentAndBackward(double mu, double sigma, double eps)
            {
                var model = NewModel();
                model.SampleTangent(mu, sigma, eps, 1.0, 0.0, out var dMu);
                model.SampleTangent(mu, sigma, eps, 0.0, 1.0, out var dSigma);
                double gradMu = 0, gradSigma = 0;
                model.SampleBackward(mu, sigma, eps, 2.0, ref gradMu, ref gradSigma);
                return new[] { dMu, dSigma, gradMu, gradSigma };
            }

            public static double[] SampleBatch(double[] mu, double[] sigma, double[] eps)
            {
                var value = new double[mu.Length];
                var dMu = new double[mu.Length];
                var dSigma = new double[mu.Length];
                NewModel().SampleWithGradient(mu, sigma, eps, value, dMu, dSigma);
                return value.Concat(dMu).Concat(dSigma).ToArray();
            }

            public static double Energy(double[] w) => NewModel().Energy(w);

            public static double EnergyBackward(double[] w, double[] gradient) => NewModel().EnergyBackward(w, 1.0, gradient);

            public static double EnergyJvp(double[] w, double[] v)
            {
                NewModel().EnergyTangent(w, v, out var d);
                return d;
            }

            public static double Apply(double a, double b, double x) => new Affine(a, b).Apply(x);

            public static double ApplyDerivative(double a, double b, double x) => ViaIn(new Affine(a, b), x);

            private static double ViaIn(in Affine f, double x) => f.ApplyWithGradient(x).DX;

            public static double Weighted(double weight, double x) => new Weights { Weight = weight }.Weighted(x);

            public static double WeightedDerivative(double weight, double x)
            {
                var w = new Weights { Weight = weight };
                w.WeightedTangent(x, 1.0, out var d);
                return d;
            }

            public static double CubeDerivative(double weight, double x) => new Weights { Weight = weight }.CubeWithGradient(x).DX;

            public static double Draw(double rate, double mu, double eps) => new Prior(rate).Draw(mu, eps);

            public static double DrawDerivative(double rate, double mu, double eps) => new Prior(rate).DrawWithGradient(mu, eps).DMu;
        }
        """;

    private static GeneratorRun Run() => GeneratorHarness.Run(Source);

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(Run());

    [Fact]
    public void Generated_code_is_as_snapshotted()
        => Snapshot.Verify(Run().Sources.Where(s => s.HintName is "Demo.Model.Sample.g.cs" or "Demo.Model.Energy.g.cs" or "Demo.Affine.Apply.g.cs" or "Demo.Weights.Cube.g.cs").ToList());

    [Fact]
    public void Generated_members_are_instance_members_readonly_where_the_method_is()
    {
        using var assembly = ExecutionHarness.Load(Run());
        foreach (var (type, name) in new[] { ("Demo.Model", "SampleTangent"), ("Demo.Model", "SampleWithGradient"), ("Demo.Model", "SampleBackward"), ("Demo.Model", "EnergyBackward"), ("Demo.Weights", "WeightedTangent") })
        {
            Assert.All(assembly.Type(type).GetMethods().Where(m => m.Name == name), m => Assert.False(m.IsStatic, type + "." + name));
        }

        // A readonly member (declared so, or in a readonly struct) gets readonly generated members: the compiler marks
        // them with IsReadOnlyAttribute; the mutable struct's other members stay mutable, as the user wrote them.
        static bool IsReadOnly(System.Reflection.MethodInfo m) => m.CustomAttributes.Any(a => a.AttributeType.Name == "IsReadOnlyAttribute");
        Assert.True(IsReadOnly(assembly.Type("Demo.Weights").GetMethod("CubeTangent")!), "CubeTangent");
        Assert.False(IsReadOnly(assembly.Type("Demo.Weights").GetMethod("WeightedTangent")!), "WeightedTangent");
    }

    [Fact]
    public void Fields_and_properties_are_constants_and_calls_between_instance_methods_are_differentiated()
    {
        using var assembly = ExecutionHarness.Load(Run());
        foreach (var (mu, sigma, eps) in new[] { (0.3, 0.8, -1.1), (-1.2, 0.4, 0.6) })
        {
            var gradient = (double[])assembly.Invoke("Demo.Driver", "SampleGradient", mu, sigma, eps)!;
            var expectedMu = FiniteDifference.Derivative(m => (double)assembly.Invoke("Demo.Driver", "Sample", m, sigma, eps)!, mu);
            var expectedSigma = FiniteDifference.Derivative(s => (double)assembly.Invoke("Demo.Driver", "Sample", mu, s, eps)!, sigma);
            Assert.Equal((double)assembly.Invoke("Demo.Driver", "Sample", mu, sigma, eps)!, gradient[0]);
            Assert.True(FiniteDifference.Close(expectedMu, gradient[1]), $"∂/∂mu: finite differences {expectedMu:R}, generated {gradient[1]:R}");
            Assert.True(FiniteDifference.Close(expectedSigma, gradient[2]), $"∂/∂sigma: finite differences {expectedSigma:R}, generated {gradient[2]:R}");

            // The closed form too: z = exp(Σₖ sin(k·mu)/k + shift + scale·sigma·eps), so ∂z/∂mu = z·Σₖ cos(k·mu) and
            // ∂z/∂sigma = z·scale·eps, with scale 0.7, three terms and shift 0.5 from the fields the driver set.
            // 1e-13 relative: a few roundings of Sin, Cos and Exp on each side.
            var z = Math.Exp(Math.Sin(mu) + (Math.Sin(2 * mu) / 2) + (Math.Sin(3 * mu) / 3) + 0.5 + (0.7 * sigma * eps));
            Assert.True(FiniteDifference.Close(z * (Math.Cos(mu) + Math.Cos(2 * mu) + Math.Cos(3 * mu)), gradient[1], 1e-13), "closed form ∂/∂mu");
            Assert.True(FiniteDifference.Close(z * 0.7 * eps, gradient[2], 1e-13), "closed form ∂/∂sigma");

            // MTangent along each axis and MBackward with seed 2 give the same numbers as MWithGradient: the same
            // arithmetic in another order (1e-14 relative).
            var others = (double[])assembly.Invoke("Demo.Driver", "SampleTangentAndBackward", mu, sigma, eps)!;
            Assert.True(FiniteDifference.Close(gradient[1], others[0], 1e-14), "MTangent ∂/∂mu");
            Assert.True(FiniteDifference.Close(gradient[2], others[1], 1e-14), "MTangent ∂/∂sigma");
            Assert.True(FiniteDifference.Close(2 * gradient[1], others[2], 1e-14), "MBackward ∂/∂mu");
            Assert.True(FiniteDifference.Close(2 * gradient[2], others[3], 1e-14), "MBackward ∂/∂sigma");
        }
    }

    [Fact]
    public void The_batch_overload_is_an_instance_member_too()
    {
        using var assembly = ExecutionHarness.Load(Run());
        double[] mu = { 0.3, -1.2 }, sigma = { 0.8, 0.4 }, eps = { -1.1, 0.6 };
        var batch = (double[])assembly.Invoke("Demo.Driver", "SampleBatch", mu, sigma, eps)!;
        for (var i = 0; i < mu.Length; i++)
        {
            // Exactly the per-sample MWithGradient: the batch calls it element by element.
            var single = (double[])assembly.Invoke("Demo.Driver", "SampleGradient", mu[i], sigma[i], eps[i])!;
            Assert.Equal(single, new[] { batch[i], batch[mu.Length + i], batch[(2 * mu.Length) + i] });
        }
    }

    [Fact]
    public void Reverse_mode_of_an_instance_span_method_matches_finite_differences_and_forward_mode()
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
    }

    [Fact]
    public void Primary_constructor_parameters_are_read_as_constants()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using ReparamGen;

            namespace Demo;

            public partial class Scaled(double factor, int terms)
            {
                [Differentiable]
                public double Apply(double x)
                {
                    var s = 0.0;
                    for (var k = 1; k <= terms; k++)
                    {
                        s += factor * Math.Sin(k * x);
                    }

                    return s;
                }

                public static double Value(double x) => new Scaled(1.5, 3).Apply(x);

                public static double Derivative(double x) => new Scaled(1.5, 3).ApplyWithGradient(x).DX;
            }
            """);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var x in new[] { -0.4, 1.1 })
        {
            var expected = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.Scaled", "Value", t)!, x);
            Assert.True(FiniteDifference.Close(expected, (double)assembly.Invoke("Demo.Scaled", "Derivative", x)!), $"at {x}");
        }
    }

    [Fact]
    public void Struct_and_record_instance_methods_match_finite_differences()
    {
        using var assembly = ExecutionHarness.Load(Run());
        foreach (var x in new[] { -0.9, 0.35, 1.7 })
        {
            var apply = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.Driver", "Apply", 1.5, -0.3, t)!, x);
            Assert.True(FiniteDifference.Close(apply, (double)assembly.Invoke("Demo.Driver", "ApplyDerivative", 1.5, -0.3, x)!), $"Affine.Apply at {x}");

            var weighted = FiniteDifference.Derivative(t => (double)assembly.Invoke("Demo.Driver", "Weighted", 2.5, t)!, x);
            Assert.True(FiniteDifference.Close(weighted, (double)assembly.Invoke("Demo.Driver", "WeightedDerivative", 2.5, x)!), $"Weights.Weighted at {x}");

            // Closed form: d(w·x³)/dx = 3·w·x², exact up to two roundings (1e-15 relative).
            Assert.True(FiniteDifference.Close(3 * 2.5 * x * x, (double)assembly.Invoke("Demo.Driver", "CubeDerivative", 2.5, x)!, 1e-15), $"Weights.Cube at {x}");

            var eps = 0.2 + (0.1 * (x + 1));
            var draw = FiniteDifference.Derivative(m => (double)assembly.Invoke("Demo.Driver", "Draw", 3.0, m, eps)!, x);
            Assert.True(FiniteDifference.Close(draw, (double)assembly.Invoke("Demo.Driver", "DrawDerivative", 3.0, x, eps)!), $"Prior.Draw at {x}");
        }
    }
}
