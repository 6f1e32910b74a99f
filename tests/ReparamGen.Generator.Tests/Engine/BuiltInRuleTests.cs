using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Harness;
using ReparamGen.Generator.Tests.Oracles;
using Xunit;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Every built-in System.Math / System.MathF rule (BuiltInRules.cs) against the independent oracle: fourth-order
/// finite differences of the user's own method. Each rule is a method <c>T Name(T x, T y, T z)</c> in one
/// compilation; arguments that a case does not differentiate are [Noise], so each argument's rule is exercised
/// alone and together with the others. Checked: the value, every partial of <c>WithGradient</c> (vector mode) and
/// the JVP of <c>Tangent</c> along (1, −0.5, 0.25), at several points of each function's domain, in double and float,
/// and once more through generic math: the same function of <c>T : IFloatingPointIeee754&lt;T&gt;</c> (<c>T.Exp(x)</c>,
/// whose derivative comes from the same entry of the table), instantiated with double and with float.
/// </summary>
public sealed class BuiltInRuleTests
{
    /// <summary>Machine epsilon of float, 2⁻²³ (float.Epsilon is the smallest subnormal, not this).</summary>
    private const double FloatEpsilon = 1.1920928955078125e-7;

    /// <summary>
    /// Tolerance for float: the generated derivative is a few float operations (at most about 8 roundings of
    /// ε_f/2 each, ε_f = 2⁻²³) on operands whose condition numbers at the chosen points stay below about 4, plus
    /// MathF's own error of at most an ulp: 16·ε_f ≈ 1.9e-6 (relative, or absolute below 1). Measured: at most
    /// 0.9·ε_f over all cases; a wrong rule is off by O(1). The oracle is the finite difference of the method's
    /// double twin at the same (float) point, accurate to 1e-8 (see <see cref="FiniteDifference"/>); in double the
    /// largest measured difference is 4e-10 against its 1e-8 bar.
    /// </summary>
    private const double FloatTolerance = 16 * FloatEpsilon;

    /// <summary>Direction of the JVP check.</summary>
    private static readonly double[] Direction = { 1.0, -0.5, 0.25 };

    /// <summary>
    /// A rule under test: <paramref name="Expression"/> in x, y, z ({M} is Math or MathF, {T} double or float; in the
    /// generic flavour both are the type parameter T), or <paramref name="Generic"/> where generic math spells it
    /// otherwise (no implicit conversion of an int to T, no Clamp on MathF).
    /// </summary>
    private sealed record Case(string Name, string Expression, string Active, (double X, double Y, double Z)[] Points, bool PiecewiseConstant = false, string? Generic = null)
    {
        public string GenericExpression => Generic ?? Expression.Replace("{M}", "T").Replace("{T}", "T");
    }

    /// <summary>The flavours each case runs in: Math in double, MathF in float, generic math with T = double and T = float.</summary>
    private static readonly string[] Flavours = { "double", "float", "generic double", "generic float" };

    private static (double, double, double)[] P(params double[] xs) => xs.Select(x => (x, 0.5, 0.5)).ToArray();

    private static readonly Case[] Cases =
    {
        new("Exp", "{M}.Exp(x)", "x", P(-1.3, 0.2, 2.1)),
        new("Log", "{M}.Log(x)", "x", P(0.3, 1.7, 12.0)),
        new("LogBaseOfX", "{M}.Log(x, y)", "x", new[] { (0.3, 0.5, 0.0), (1.7, 2.5, 0.0), (12.0, 10.0, 0.0) }),
        new("LogBaseOfBase", "{M}.Log(x, y)", "y", new[] { (0.3, 0.5, 0.0), (1.7, 2.5, 0.0), (12.0, 10.0, 0.0) }),
        new("LogBaseOfBoth", "{M}.Log(x, y)", "xy", new[] { (0.3, 0.5, 0.0), (1.7, 2.5, 0.0), (12.0, 10.0, 0.0) }),
        new("Log10", "{M}.Log10(x)", "x", P(0.3, 1.7, 12.0)),
        new("Log2", "{M}.Log2(x)", "x", P(0.3, 1.7, 12.0)),
        new("Sqrt", "{M}.Sqrt(x)", "x", P(0.2, 1.5, 9.0)),
        new("Cbrt", "{M}.Cbrt(x)", "x", P(-2.5, 0.4, 7.0)),
        new("PowOfBase", "{M}.Pow(x, y)", "x", new[] { (0.6, 2.7, 0.0), (1.9, -0.5, 0.0), (3.2, 1.3, 0.0), (-1.5, 3.0, 0.0) }),
        new("PowOfExponent", "{M}.Pow(x, y)", "y", new[] { (0.6, 2.7, 0.0), (1.9, -0.5, 0.0), (3.2, 1.3, 0.0) }),
        new("PowOfBoth", "{M}.Pow(x, y)", "xy", new[] { (0.6, 2.7, 0.0), (1.9, -0.5, 0.0), (3.2, 1.3, 0.0) }),
        new("PowSquare", "{M}.Pow(x, 2)", "x", P(-1.7, 0.3, 2.5), Generic: "T.Pow(x, T.CreateChecked(2))"),
        new("Sin", "{M}.Sin(x)", "x", P(-1.1, 0.4, 2.0)),
        new("Cos", "{M}.Cos(x)", "x", P(-1.1, 0.4, 2.0)),
        new("Tan", "{M}.Tan(x)", "x", P(-0.9, 0.4, 1.2)),
        new("Asin", "{M}.Asin(x)", "x", P(-0.6, 0.1, 0.7)),
        new("Acos", "{M}.Acos(x)", "x", P(-0.6, 0.1, 0.7)),
        new("Atan", "{M}.Atan(x)", "x", P(-3.0, 0.2, 1.4)),
        new("Atan2OfY", "{M}.Atan2(x, y)", "x", new[] { (0.5, 1.2, 0.0), (-1.3, -0.4, 0.0), (2.0, -1.5, 0.0) }),
        new("Atan2OfX", "{M}.Atan2(x, y)", "y", new[] { (0.5, 1.2, 0.0), (-1.3, -0.4, 0.0), (2.0, -1.5, 0.0) }),
        new("Atan2OfBoth", "{M}.Atan2(x, y)", "xy", new[] { (0.5, 1.2, 0.0), (-1.3, -0.4, 0.0), (2.0, -1.5, 0.0) }),
        new("Sinh", "{M}.Sinh(x)", "x", P(-1.2, 0.3, 2.2)),
        new("Cosh", "{M}.Cosh(x)", "x", P(-1.2, 0.3, 2.2)),
        new("Tanh", "{M}.Tanh(x)", "x", P(-1.2, 0.3, 2.2)),
        new("Asinh", "{M}.Asinh(x)", "x", P(-2.0, 0.3, 4.0)),
        new("Acosh", "{M}.Acosh(x)", "x", P(1.3, 2.5, 7.0)),
        new("Atanh", "{M}.Atanh(x)", "x", P(-0.6, 0.1, 0.7)),
        new("Abs", "{M}.Abs(x)", "x", P(-1.7, 0.6, 3.2)),
        new("Min", "{M}.Min(x, y)", "xy", new[] { (0.4, 1.1, 0.0), (1.5, -0.3, 0.0), (-2.0, -1.0, 0.0) }),
        new("MinOfFirst", "{M}.Min(x, y)", "x", new[] { (0.4, 1.1, 0.0), (1.5, -0.3, 0.0) }),
        new("Max", "{M}.Max(x, y)", "xy", new[] { (0.4, 1.1, 0.0), (1.5, -0.3, 0.0), (-2.0, -1.0, 0.0) }),
        new("MaxOfSecond", "{M}.Max(x, y)", "y", new[] { (0.4, 1.1, 0.0), (1.5, -0.3, 0.0) }),
        new("MinMagnitude", "{M}.MinMagnitude(x, y)", "xy", new[] { (-2.0, 1.0, 0.0), (0.5, -1.5, 0.0), (3.0, -2.5, 0.0) }),
        new("MaxMagnitude", "{M}.MaxMagnitude(x, y)", "xy", new[] { (-2.0, 1.0, 0.0), (0.5, -1.5, 0.0), (3.0, -2.5, 0.0) }),
        new("Clamp", "Math.Clamp(x, y, z)", "xyz", new[] { (-1.0, -0.5, 2.0), (0.7, -0.5, 2.0), (2.6, -0.5, 2.0) }, Generic: "T.Clamp(x, y, z)"),
        new("ClampOfValue", "Math.Clamp(x, y, z)", "x", new[] { (-1.0, -0.5, 2.0), (0.7, -0.5, 2.0), (2.6, -0.5, 2.0) }, Generic: "T.Clamp(x, y, z)"),
        new("ClampOfBounds", "Math.Clamp(x, y, z)", "yz", new[] { (-1.0, -0.5, 2.0), (0.7, -0.5, 2.0), (2.6, -0.5, 2.0) }, Generic: "T.Clamp(x, y, z)"),
        new("FusedMultiplyAdd", "{M}.FusedMultiplyAdd(x, y, z)", "xyz", new[] { (1.3, -0.7, 2.1), (-0.4, 2.5, -1.0) }),
        new("FusedMultiplyAddOfAddend", "{M}.FusedMultiplyAdd(x, y, z)", "z", new[] { (1.3, -0.7, 2.1) }),
        new("CopySign", "{M}.CopySign(x, y)", "xy", new[] { (1.5, -2.0, 0.0), (-0.8, 3.0, 0.0), (-1.2, -0.5, 0.0) }),
        new("ScaleB", "{M}.ScaleB(x, 3)", "x", P(-1.2, 0.7, 5.0)),
        new("BitIncrement", "{M}.BitIncrement(x)", "x", P(0.7, -2.5, 3.0)),
        new("BitDecrement", "{M}.BitDecrement(x)", "x", P(0.7, -2.5, 3.0)),
        new("Floor", "{M}.Floor(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true),
        new("Ceiling", "{M}.Ceiling(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true),
        new("Round", "{M}.Round(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true),
        new("Truncate", "{M}.Truncate(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true),
        new("Sign", "({T}){M}.Sign(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true, Generic: "T.CreateChecked(T.Sign(x))"),
        new("ILogB", "({T}){M}.ILogB(x)", "x", P(0.3, 1.6, -2.4), PiecewiseConstant: true, Generic: "T.CreateChecked(T.ILogB(x))"),
    };

    private static readonly Lazy<Compiled> Shared = new(Compile);

    public static TheoryData<string, string> Rows
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var c in Cases)
            {
                foreach (var flavour in Flavours)
                {
                    rows.Add(c.Name, flavour);
                }
            }

            return rows;
        }
    }

    [Fact]
    public void All_rules_compile_in_one_compilation_with_RPG0005_only_on_piecewise_constant_functions()
    {
        var compiled = Shared.Value;
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(compiled.Run);

        var warned = compiled.Run.GeneratorDiagnostics.ToList();
        Assert.All(warned, d => Assert.Equal(("RPG0005", DiagnosticSeverity.Warning), (d.Id, d.Severity)));
        var expectedLines = Cases.Where(c => c.PiecewiseConstant).SelectMany(c => new[] { compiled.Lines[Method(c, "double")], compiled.Lines[Method(c, "float")], compiled.Lines[GenericMethod(c)] }).OrderBy(l => l);
        Assert.Equal(expectedLines, warned.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).OrderBy(l => l));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rule_matches_finite_differences(string name, string type)
    {
        var c = Cases.Single(x => x.Name == name);
        var isFloat = type.EndsWith("float", StringComparison.Ordinal);
        var assembly = Shared.Value.Assembly;
        var method = Method(c, type);
        var twin = Method(c, "double");
        var active = c.Active.Select(v => v - 'x').ToArray();
        var tolerance = isFloat ? FloatTolerance : FiniteDifference.RelativeTolerance;

        foreach (var point in c.Points)
        {
            // Float cases run at the float nearest to the point; the oracle sees exactly that point.
            var p = new[] { point.X, point.Y, point.Z }.Select(v => isFloat ? (double)(float)v : v).ToArray();
            object Box(double v) => isFloat ? (object)(float)v : v;
            double Twin(double[] args) => (double)assembly.Invoke("Demo.Rules", twin, args.Cast<object>().ToArray())!;
            double Partial(int i) => FiniteDifference.Derivative(t => Twin(p.Select((v, k) => k == i ? t : v).ToArray()), p[i]);
            var at = $"{method} at ({string.Join(", ", p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";

            var gradient = assembly.Invoke("Demo.Rules", method + "WithGradient", p.Select(Box).ToArray());
            Assert.Equal(Convert.ToDouble(assembly.Invoke("Demo.Rules", method, p.Select(Box).ToArray())), Convert.ToDouble(LoadedAssembly.Property<object>(gradient, "Value")));

            var jvpExpected = 0.0;
            var jvpScale = 0.0;
            foreach (var i in active)
            {
                var expected = Partial(i);
                var actual = Convert.ToDouble(LoadedAssembly.Property<object>(gradient, "D" + (char)('X' + i)));
                if (c.PiecewiseConstant)
                {
                    Assert.True(expected == 0 && actual == 0, $"{at}: ∂/∂{(char)('x' + i)} should be 0 (oracle {expected:R}), generated {actual:R}");
                }

                AssertClose(expected, actual, Math.Max(1, Math.Abs(expected)), tolerance, $"{at}: ∂/∂{(char)('x' + i)}");
                jvpExpected += Direction[i] * expected;
                jvpScale += Math.Abs(Direction[i] * expected);
            }

            var tangentArguments = p.Select(Box).Concat(active.Select(i => Box(Direction[i]))).Append(null).ToArray();
            var call = assembly.CallStatic("Demo.Rules", method + "Tangent", tangentArguments);
            Assert.Equal(Convert.ToDouble(LoadedAssembly.Property<object>(gradient, "Value")), Convert.ToDouble(call.Result));
            AssertClose(jvpExpected, Convert.ToDouble(call.Arguments[^1]), Math.Max(1, jvpScale), tolerance, $"{at}: JVP along (1, -0.5, 0.25)");
        }
    }

    private static void AssertClose(double expected, double actual, double scale, double tolerance, string what)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * scale, $"{what}: expected {expected:R}, generated {actual:R} (tolerance {tolerance:R}·{scale:R})");

    /// <summary>The method a row calls: <c>Exp_D</c>, <c>Exp_F</c>, or the wrappers of the generic <c>Exp_G&lt;T&gt;</c>, <c>Exp_GD</c> and <c>Exp_GF</c>.</summary>
    private static string Method(Case c, string type) => c.Name + type switch
    {
        "float" => "_F",
        "double" => "_D",
        "generic double" => "_GD",
        _ => "_GF",
    };

    private static string GenericMethod(Case c) => c.Name + "_G";

    private sealed record Compiled(GeneratorRun Run, LoadedAssembly Assembly, Dictionary<string, int> Lines);

    private static Compiled Compile()
    {
        var source = new StringBuilder("using System;\nusing ReparamGen;\n\nnamespace Demo;\n\npublic static partial class Rules\n{\n");
        var lines = new Dictionary<string, int>();
        var line = 6;
        foreach (var c in Cases)
        {
            foreach (var type in new[] { "double", "float" })
            {
                var math = type == "float" ? "MathF" : "Math";
                string Parameter(char name) => (c.Active.Contains(name) ? "" : "[Noise] ") + type + " " + name;
                var expression = c.Expression.Replace("{M}", math).Replace("{T}", type);
                source.Append("    [Differentiable]\n");
                source.Append($"    public static {type} {Method(c, type)}({Parameter('x')}, {Parameter('y')}, {Parameter('z')})\n");
                source.Append($"        => {expression};\n\n");
                lines[Method(c, type)] = line + 3;
                line += 4;
            }
        }

        foreach (var c in Cases)
        {
            // The generic method, and for each instantiation wrappers with its three members' signatures (the test
            // calls members by name through reflection, which does not infer type arguments).
            string Parameter(char name, string type) => (c.Active.Contains(name) ? "" : "[Noise] ") + type + " " + name;
            var g = GenericMethod(c);
            source.Append("    [Differentiable]\n");
            source.Append($"    public static T {g}<T>({Parameter('x', "T")}, {Parameter('y', "T")}, {Parameter('z', "T")}) where T : System.Numerics.IFloatingPointIeee754<T>\n");
            source.Append($"        => {c.GenericExpression};\n\n");
            lines[g] = line + 3;
            line += 4;
            foreach (var type in new[] { "double", "float" })
            {
                var w = Method(c, "generic " + type);
                var tangents = string.Concat(c.Active.Select(v => $", {type} d{char.ToUpperInvariant(v)}"));
                var tangentArguments = string.Concat(c.Active.Select(v => $", d{char.ToUpperInvariant(v)}"));
                source.Append($"    public static {type} {w}({type} x, {type} y, {type} z) => {g}<{type}>(x, y, z);\n");
                source.Append($"    public static {g}Gradient<{type}> {w}WithGradient({type} x, {type} y, {type} z) => {g}WithGradient<{type}>(x, y, z);\n");
                source.Append($"    public static {type} {w}Tangent({type} x, {type} y, {type} z{tangents}, out {type} dResult) => {g}Tangent<{type}>(x, y, z{tangentArguments}, out dResult);\n\n");
                line += 4;
            }
        }

        source.Append("}\n");
        var run = GeneratorHarness.Run(source.ToString());
        return new Compiled(run, ExecutionHarness.Load(run), lines);
    }

    /// <summary>The cases above take their list from the rule table: every entry has one, with the same kind.</summary>
    [Fact]
    public void Every_entry_of_the_rule_table_has_a_case()
    {
        foreach (var rule in ReparamGen.Generator.Differentiation.Rules.RuleTable.Rules.Values)
        {
            Assert.True(
                Cases.Any(c => c.Name.StartsWith(rule.Name, StringComparison.Ordinal) && c.PiecewiseConstant == rule.PiecewiseConstant),
                $"Rule '{rule.Name}' of the table has no case here");
        }
    }

    /// <summary>double.Exp, float.Sin, … (the generic-math spelling) use the same rules as Math and MathF.</summary>
    [Fact]
    public void Double_and_float_static_math_use_the_same_rules()
    {
        var run = GeneratorHarness.Run("""
            using ReparamGen;

            namespace Demo;

            public static partial class C
            {
                [Reparameterizable]
                public static double F(double x, double y, [Noise] double eps)
                    => double.Exp(x) * double.Sin(y) + double.Pow(x, y) + double.Log(x, y) + double.Clamp(x, 0.1, 5.0) * eps + double.Sqrt(x * y);

                [Reparameterizable]
                public static float G(float x, float y, [Noise] float eps) => float.Exp(x) * float.Cos(y) + float.Atan2(x, y) * eps;
            }
            """);
        GeneratorHarness.AssertCompilesWithoutWarnings(run);
        using var assembly = ExecutionHarness.Load(run);
        var (x, y, eps) = (0.7, 1.9, 0.3);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", x, y, eps);
        // Closed forms (compared at 1e-12 relative: a few ulps of difference in the arithmetic, far below a wrong rule): ∂/∂x = eˣ sin y + y xʸ⁻¹ + 1/(x ln y) + ε + y/(2√(xy)); ∂/∂y = eˣ cos y + xʸ ln x − ln x/(y ln² y) + x/(2√(xy)).
        var dx = (Math.Exp(x) * Math.Sin(y)) + (y * Math.Pow(x, y - 1)) + (1 / (x * Math.Log(y))) + eps + (y / (2 * Math.Sqrt(x * y)));
        var dy = (Math.Exp(x) * Math.Cos(y)) + (Math.Pow(x, y) * Math.Log(x)) - (Math.Log(x) / (y * Math.Log(y) * Math.Log(y))) + (x / (2 * Math.Sqrt(x * y)));
        Assert.True(FiniteDifference.Close(dx, LoadedAssembly.Property<double>(gradient, "DX"), 1e-12), "∂F/∂x");
        Assert.True(FiniteDifference.Close(dy, LoadedAssembly.Property<double>(gradient, "DY"), 1e-12), "∂F/∂y");

        var g = assembly.Invoke("Demo.C", "GWithGradient", 0.7f, 1.9f, 0.3f);
        var (fx, fy, fe) = (0.7f, 1.9f, 0.3f);
        // ∂G/∂x = eˣ cos y + ε·y/(x² + y²), in float: the tolerance is FloatTolerance (see above).
        var gx = (Math.Exp(fx) * Math.Cos(fy)) + (fe * fy / ((fx * fx) + (fy * fy)));
        Assert.True(FiniteDifference.Close(gx, LoadedAssembly.Property<float>(g, "DX"), FloatTolerance), "∂G/∂x");
    }
}
