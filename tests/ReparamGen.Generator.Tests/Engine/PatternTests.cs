using System;
using System.Globalization;
using System.Linq;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// <c>is</c> patterns on values that are not differentiated: type tests (<c>tag is string</c>), declaration patterns
/// (<c>shape is Circle c</c>), property patterns (<c>s is { Count: &gt; 0 }</c>, nested, with designations) and switch
/// expressions over them. They choose the branch; the derivative is that of the branch taken, checked against
/// 5-point finite differences of the user's own method on every path. On a value that carries a derivative such a
/// pattern is RPG0003 with what to write instead.
/// </summary>
public sealed class PatternTests
{
    private const string Source = """
        public sealed class Settings
        {
            public int Count { get; init; }

            public string? Name { get; init; }

            public double Floor;

            public Settings? Inner { get; init; }
        }

        public interface IShape
        {
        }

        public sealed class Circle : IShape
        {
            public double Radius { get; init; }
        }

        public sealed class Square : IShape
        {
        }

        [Reparameterizable]
        public static double F(double mu, [Noise] double eps, object tag, Settings s, IShape shape)
        {
            var scale = 1.0;
            if (tag is string)
            {
                scale = 2.0;
            }

            if (s is { Count: > 0, Name: "wide" })
            {
                scale = scale * 3.0;
            }

            if (shape is Circle c)
            {
                scale = scale + c.Radius;
            }

            if (s is { Inner.Count: 2, Inner: var inner })
            {
                scale = scale + inner.Floor;
            }

            if (tag is int k and > 3)
            {
                scale = scale * k;
            }

            var extra = shape switch
            {
                Circle { Radius: > 1 } big => big.Radius * mu,
                Square => mu * mu,
                _ => 0.5,
            };
            return Math.Exp(mu * scale) * eps + extra;
        }

        [Differentiable]
        public static double Weighted(ReadOnlySpan<double> w, object tag)
        {
            var e = 0.0;
            for (var i = 0; i < w.Length; i++)
            {
                e += tag is double factor ? factor * w[i] * w[i] : w[i];
            }

            return e;
        }

        public static object Tag(int which) => which switch { 0 => "text", 1 => 5, 2 => 2, _ => 2.5 };

        public static Settings Make(int which) => which switch
        {
            0 => new Settings { Count = 1, Name = "wide" },
            1 => new Settings { Count = 0, Name = "wide", Inner = new Settings { Count = 2, Floor = 0.25 } },
            _ => new Settings { Inner = new Settings { Count = 3, Floor = 9.0 } },
        };

        public static IShape Shape(int which) => which switch { 0 => new Circle { Radius = 1.5 }, 1 => new Circle { Radius = 0.5 }, _ => new Square() };

        public static double Value(double mu, double eps, int tag, int settings, int shape) => F(mu, eps, Tag(tag), Make(settings), Shape(shape));

        public static double Derivative(double mu, double eps, int tag, int settings, int shape) => FWithGradient(mu, eps, Tag(tag), Make(settings), Shape(shape)).DMu;

        public static double WeightedValue(double[] w, int tag) => Weighted(w, Tag(tag));

        public static double WeightedVjp(double[] w, int tag, double[] gradient) => WeightedBackward(w, Tag(tag), 1.0, gradient);
        """;

    private static GeneratorRun Run() => GeneratorHarness.Run(DiagnosticAssert.InClass(Source));

    [Fact]
    public void Compiles_without_warnings()
        => GeneratorHarness.AssertCompilesWithoutWarnings(Run());

    [Fact]
    public void Generated_code_is_as_snapshotted()
        => Snapshot.Verify(Run().Sources.Where(s => s.HintName == "Demo.C.F.g.cs").ToList());

    [Fact]
    public void Every_path_chosen_by_a_pattern_has_the_derivative_of_its_branch()
    {
        using var assembly = ExecutionHarness.Load(Run());
        var paths = 0;
        foreach (var tag in new[] { 0, 1, 2, 3 })
        {
            foreach (var settings in new[] { 0, 1, 2 })
            {
                foreach (var shape in new[] { 0, 1, 2 })
                {
                    var (mu, eps) = (0.3, -0.7);
                    var expected = FiniteDifference.Derivative(m => (double)assembly.Invoke("Demo.C", "Value", m, eps, tag, settings, shape)!, mu);
                    var actual = (double)assembly.Invoke("Demo.C", "Derivative", mu, eps, tag, settings, shape)!;
                    Assert.True(FiniteDifference.Close(expected, actual), string.Create(CultureInfo.InvariantCulture, $"tag {tag}, settings {settings}, shape {shape}: finite differences {expected:R}, generated {actual:R}"));
                    paths++;
                }
            }
        }

        Assert.Equal(36, paths);
    }

    [Fact]
    public void A_declaration_pattern_in_a_reversed_loop_matches_finite_differences()
    {
        using var assembly = ExecutionHarness.Load(Run());
        var w = new[] { 0.4, -1.3, 2.2 };
        foreach (var tag in new[] { 0, 3 })
        {
            var gradient = new double[w.Length];
            var value = (double)assembly.Invoke("Demo.C", "WeightedVjp", w, tag, gradient)!;
            Assert.Equal((double)assembly.Invoke("Demo.C", "WeightedValue", w, tag)!, value);
            for (var i = 0; i < w.Length; i++)
            {
                var at = i;
                var expected = FiniteDifference.Derivative(x =>
                {
                    var moved = (double[])w.Clone();
                    moved[at] = x;
                    return (double)assembly.Invoke("Demo.C", "WeightedValue", moved, tag)!;
                }, w[i]);
                Assert.True(FiniteDifference.Close(expected, gradient[i]), $"tag {tag}, ∂/∂w[{i}]: finite differences {expected:R}, reverse mode {gradient[i]:R}");
            }
        }
    }

    [Fact]
    public void A_property_pattern_on_a_differentiated_value_is_RPG0003_saying_what_to_write()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var text = mu.ToString();
                    return text is { Length: > 3 } ? mu : mu * eps;
                }
            """));
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        var pattern = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "RPG0003");
        Assert.Equal(
            "A type, declaration or property pattern on a value computed from differentiated values (patterns test non-differentiated values only: keep the number in a double or float and test it with a relational pattern such as 'x is > 0 and < 1', or compare it) is not supported in differentiated method 'F'",
            pattern.GetMessage(CultureInfo.InvariantCulture));
        var source = run.Input.SyntaxTrees.First().ToString();
        Assert.Equal("{ Length: > 3 }", source.Substring(pattern.Location.SourceSpan.Start, pattern.Location.SourceSpan.Length));
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
    }

    [Fact]
    public void A_var_pattern_on_a_differentiated_value_is_a_plain_copy()
    {
        var run = GeneratorHarness.Run(DiagnosticAssert.InClass("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    if (mu * eps is var z && z > 0)
                    {
                        return z * z;
                    }

                    return mu is double m ? Math.Sin(m) : 0.0;
                }
            """));
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        foreach (var (mu, eps) in new[] { (0.8, 1.5), (0.8, -1.5) })
        {
            // Closed forms: d(mu·eps)²/dmu = 2·mu·eps² where mu·eps > 0, d sin(mu)/dmu = cos(mu) elsewhere (exact to rounding).
            var expected = mu * eps > 0 ? 2 * mu * eps * eps : Math.Cos(mu);
            var actual = LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", mu, eps), "DMu");
            Assert.True(FiniteDifference.Close(expected, actual, 1e-15), $"at eps {eps}: expected {expected:R}, generated {actual:R}");
        }
    }
}
