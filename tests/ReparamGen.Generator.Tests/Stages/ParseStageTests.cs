using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Parsing;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Stages;

/// <summary>
/// The Parse stage alone: a method's syntax and semantic model go through <see cref="MethodParser.ParseMethod"/>
/// and the tests read the IR it returns (no differentiation, no emission).
/// </summary>
public sealed class ParseStageTests
{
    private const string Header = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class C
        {
            [Differentiable]
            public static void Polar(double r, double theta, out double x, out double y)
            {
                x = r * Math.Cos(theta);
                y = r * Math.Sin(theta);
            }

            [Differentiable]
            public static double Softplus(double x) => Math.Log(1.0 + Math.Exp(x));

            public static double Plain(double x) => x * x;

            public static double Cube(double x) => x * x * x;

            [TangentOf(typeof(C), nameof(Cube))]
            public static double CubeTangent(double x, double dX, out double dResult)
            {
                dResult = 3.0 * x * x * dX;
                return x * x * x;
            }

        """;

    [Fact]
    public void Compound_assignment_and_increment_become_plain_assignments()
    {
        var body = ParseBody("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, int n)
                {
                    var s = 0.0;
                    s += mu * eps;
                    s /= 2.0;
                    n++;
                    return s * n;
                }
            """);

        var add = Assert.IsType<AssignStmt>(body.Statements[1]);
        Assert.Equal(Local("s", IrType.Double), add.Target);
        var sum = Assert.IsType<BinaryExpr>(add.Value);
        Assert.Equal(BinaryOp.Add, sum.Op);
        Assert.Equal(Local("s", IrType.Double), sum.Left);
        var product = Assert.IsType<BinaryExpr>(sum.Right);
        Assert.Equal((BinaryOp.Multiply, Local("mu", IrType.Double), Local("eps", IrType.Double)), (product.Op, product.Left, product.Right));

        var divide = Assert.IsType<BinaryExpr>(Assert.IsType<AssignStmt>(body.Statements[2]).Value);
        Assert.Equal((BinaryOp.Divide, Local("s", IrType.Double), new LiteralExpr("2.0", IrType.Double)), (divide.Op, divide.Left, (Expr)divide.Right));

        var increment = Assert.IsType<AssignStmt>(body.Statements[3]);
        Assert.Equal(Local("n", IrType.Int32), increment.Target);
        Assert.Equal(new BinaryExpr(BinaryOp.Add, Local("n", IrType.Int32), new LiteralExpr("1", IrType.Int32), IrType.Int32), increment.Value);
    }

    [Fact]
    public void Out_var_and_discards_are_hoisted_to_declarations_before_their_statement()
    {
        var body = ParseBody("""
                [Reparameterizable]
                public static double F(double r, double t)
                {
                    var scale = 2.0;
                    Polar(r * scale, t, out var x, out _);
                    return x;
                }
            """);

        Assert.Equal(new DeclareStmt("x", IrType.Double, null), body.Statements[1]);
        var discard = Assert.IsType<DeclareStmt>(body.Statements[2]);
        Assert.Null(discard.Initializer);
        var call = Assert.IsType<CallExpr>(Assert.IsType<ExpressionStmt>(body.Statements[3]).Expression);
        Assert.Equal("Polar", call.Target.Name);
        Assert.Equal(new[] { ArgumentKind.Value, ArgumentKind.Value, ArgumentKind.Out, ArgumentKind.Out }, call.Arguments.Select(a => a.Kind));
        Assert.Equal(Local("x", IrType.Double), call.Arguments[2].Value);
        Assert.Equal(Local(discard.Name, IrType.Double), call.Arguments[3].Value);
    }

    [Fact]
    public void Constants_are_folded_to_literals_spelled_in_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // A culture with a decimal comma: literals must not come out as "0,5".
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var body = ParseBody("""
                    [Reparameterizable]
                    public static double F(double x, [Noise] float eps)
                    {
                        const double Half = 0.5;
                        var a = x * Half;
                        var b = x + (2.0 * 3.25);
                        var c = x * 1e-3 + 1.5e300 + Math.PI;
                        var d = eps * 0.25f;
                        return a + b + c + d;
                    }
                """);

            Assert.DoesNotContain(body.Statements, s => s is DeclareStmt { Name: "Half" });
            var literals = IrWalker.All<LiteralExpr>(body).Select(l => l.Code).ToList();
            Assert.Equal(new[] { "0.5", "6.5", "0.001", "1.5E+300", "3.141592653589793", "0.25f" }, literals);
            Assert.All(IrWalker.All<LiteralExpr>(body), l => Assert.DoesNotContain(",", l.Code, StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Calls_are_resolved_to_built_in_rules_generated_tangents_and_rules_beside_the_callee()
    {
        var body = ParseBody("""
                [Reparameterizable]
                public static double F(double x, [Noise] double eps)
                {
                    var a = Math.Exp(x);
                    var b = MathF.Sin((float)x);
                    var c = Softplus(x);
                    var d = Cube(x);
                    var e = Plain(x);
                    return a + b + c + d + e + eps;
                }
            """);
        CallTarget Target(int statement) => Assert.IsType<CallExpr>(Assert.IsType<DeclareStmt>(body.Statements[statement]).Initializer is ConvertExpr convert ? convert.Operand : ((DeclareStmt)body.Statements[statement]).Initializer).Target;

        Assert.Equal((TangentSourceKind.BuiltIn, "global::System.Math.Exp"), (Target(0).TangentSource, Target(0).BuiltInRule));
        Assert.Equal((TangentSourceKind.BuiltIn, "global::System.MathF.Sin"), (Target(1).TangentSource, Target(1).BuiltInRule));

        var softplus = Target(2);
        Assert.Equal(TangentSourceKind.TangentMethod, softplus.TangentSource);
        Assert.Equal("global::Demo.C.SoftplusTangent", softplus.TangentMethod?.Code);
        Assert.Equal("global::Demo.C.SoftplusWithGradient", softplus.GradientMethod?.Code);

        var cube = Target(3);
        Assert.Equal((TangentSourceKind.TangentMethod, "global::Demo.C.CubeTangent"), (cube.TangentSource, cube.TangentMethod?.Code));
        Assert.Null(cube.GradientMethod);

        // Not known here: left for the compilation-wide [TangentOf] catalog, under this key.
        var plain = Target(4);
        Assert.Equal(TangentSourceKind.None, plain.TangentSource);
        Assert.Equal("global::Demo.C.Plain", plain.RuleKey);
        Assert.Equal(new ParameterSignature("x", IrType.Double, ArgumentKind.Value, IsDifferentiable: true), Assert.Single(plain.Parameters));
    }

    [Fact]
    public void Signature_maps_parameters_noise_and_outputs()
    {
        var method = Parse("""
                [Reparameterizable]
                internal static double F(double mu, [Noise] double eps, ReadOnlySpan<float> w, Span<double> outs, out double extra, int n)
                {
                    extra = mu;
                    return mu * eps;
                }
            """).Model!;

        Assert.Equal(MethodRole.Reparameterizable, method.Role);
        Assert.Equal(("Demo", "F", "internal", "Demo.C.F.g.cs"), (method.Namespace, method.Name, method.Accessibility, method.HintName));
        Assert.Equal(new ContainingTypeIr("class", "C", "", IsStatic: true), Assert.Single(method.ContainingTypes));
        Assert.Equal(
            new[] { ("mu", "double", ArgumentKind.Value, false), ("eps", "double", ArgumentKind.Value, true), ("w", "global::System.ReadOnlySpan<float>", ArgumentKind.Value, false), ("outs", "global::System.Span<double>", ArgumentKind.Value, false), ("extra", "double", ArgumentKind.Out, false), ("n", "int", ArgumentKind.Value, false) },
            method.Parameters.Select(p => (p.Name, p.Type.Code, p.Kind, p.IsNoise)));
        Assert.Equal(new[] { "mu", "w" }, method.Parameters.Where(p => p.IsDifferentiableInput).Select(p => p.Name));
        Assert.Equal(new[] { "outs", "extra" }, method.Parameters.Where(p => p.IsFloatingOutput).Select(p => p.Name));
    }

    [Fact]
    public void Unsupported_construct_gives_a_diagnostic_with_its_location_and_no_IR()
    {
        const string Members = """
                [Reparameterizable]
                public static double F(double mu, System.Collections.Generic.List<double> eps)
                {
                    var s = 0.0;
                    foreach (var e in eps)
                    {
                        s += mu * e;
                    }

                    return s;
                }
            """;

        var result = Parse(Members);

        Assert.Null(result.Model);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("RPG0003", diagnostic.Descriptor.Id);
        Assert.Equal(new[] { "A 'foreach' loop", "F" }, diagnostic.MessageArgs);
        Assert.Equal("Input0.cs", diagnostic.Location!.FilePath);
        var located = Source(Members).Substring(diagnostic.Location.Span.Start, diagnostic.Location.Span.Length);
        Assert.StartsWith("foreach (var e in eps)", located, StringComparison.Ordinal);
        Assert.EndsWith("}", located, StringComparison.Ordinal);
    }

    [Fact]
    public void The_IR_is_equatable_and_free_of_Roslyn_objects()
    {
        const string Members = """
                [Reparameterizable]
                public static double F(double mu, double sigma, [Noise] double eps, int n)
                {
                    var s = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        s += Softplus(mu + sigma * eps) * (i % 2 == 0 ? 1.5 : -0.5);
                    }

                    return s;
                }
            """;

        // Two separate compilations (as after an edit elsewhere) give equal models: what incremental caching needs.
        var first = Parse(Members);
        var second = Parse(Members);

        Assert.NotNull(first.Model);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Null(IncrementalityHarness.FindForbidden(first, "ParseResult"));
    }

    private static string Source(string members) => Header + members + "\n}\n";

    private static LocalExpr Local(string name, IrType type) => new(name, type);

    private static BlockStmt ParseBody(string members) => Assert.IsType<MethodIr>(Parse(members).Model).Body;

    /// <summary>Compiles <see cref="Header"/> + <paramref name="members"/> and parses method F with <see cref="MethodParser.ParseMethod"/>.</summary>
    private static ParseResult<MethodIr> Parse(string members, MethodRole role = MethodRole.Reparameterizable)
    {
        var compilation = GeneratorHarness.CreateCompilation(Source(members));
        var tree = compilation.SyntaxTrees.Single();
        var syntax = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "F");
        var model = compilation.GetSemanticModel(tree);
        var symbol = Assert.IsAssignableFrom<IMethodSymbol>(model.GetDeclaredSymbol(syntax));
        return MethodParser.ParseMethod(symbol, syntax, model, role, parseBody: true, CancellationToken.None);
    }
}
