using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.Emit;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using Xunit;

namespace ReparamGen.Generator.Tests.Stages;

/// <summary>
/// The Differentiate stage alone, on IR built by hand (no Roslyn): activity analysis, the absence of tangents
/// known to be zero, and the tangent statements of each direction.
/// </summary>
public sealed class DifferentiateStageTests
{
    private static readonly IrType D = IrType.Double;
    private static readonly IrType I = IrType.Int32;

    /// <summary>
    /// <code>
    /// static double F(double x, double y, [Noise] double eps, int n)
    /// {
    ///     var c = eps * 3.0;          // noise only: inactive
    ///     var k = n * 2;              // int: never differentiated
    ///     var a = x * c;              // active (x)
    ///     var p = 1.0;
    ///     var q = 1.0;
    ///     var i = 0;
    ///     while (i &lt; k)
    ///     {
    ///         q = p * 2.0;            // active only through the loop's back edge: p becomes active below
    ///         p = a * q;
    ///         i = i + 1;
    ///     }
    ///     var b = y + 4.0;            // active (y) but never read by the result's x-direction
    ///     return p + q + b;
    /// }
    /// </code>
    /// </summary>
    private static readonly MethodIr Method = new(
        MethodRole.Reparameterizable,
        "Demo",
        EquatableArray.Create(new ContainingTypeIr("class", "C", "", IsStatic: true)),
        "F",
        "public",
        D,
        EquatableArray.Create(
            new ParameterIr("x", D, ArgumentKind.Value, IsNoise: false),
            new ParameterIr("y", D, ArgumentKind.Value, IsNoise: false),
            new ParameterIr("eps", D, ArgumentKind.Value, IsNoise: true),
            new ParameterIr("n", I, ArgumentKind.Value, IsNoise: false)),
        Block(
            new DeclareStmt("c", D, Mul(L("eps"), Lit("3.0"))),
            new DeclareStmt("k", I, new BinaryExpr(BinaryOp.Multiply, new LocalExpr("n", I), new LiteralExpr("2", I), I)),
            new DeclareStmt("a", D, Mul(L("x"), L("c"))),
            new DeclareStmt("p", D, Lit("1.0")),
            new DeclareStmt("q", D, Lit("1.0")),
            new DeclareStmt("i", I, new LiteralExpr("0", I)),
            new WhileStmt(
                new BinaryExpr(BinaryOp.Less, new LocalExpr("i", I), new LocalExpr("k", I), IrType.Bool),
                Block(
                    new AssignStmt(L("q"), Mul(L("p"), Lit("2.0"))),
                    new AssignStmt(L("p"), Mul(L("a"), L("q"))),
                    new AssignStmt(new LocalExpr("i", I), new BinaryExpr(BinaryOp.Add, new LocalExpr("i", I), new LiteralExpr("1", I), I)))),
            new DeclareStmt("b", D, new BinaryExpr(BinaryOp.Add, L("y"), Lit("4.0"), D)),
            new ReturnStmt(new BinaryExpr(BinaryOp.Add, new BinaryExpr(BinaryOp.Add, L("p"), L("q"), D), L("b"), D))),
        "Demo.C.F.g.cs");

    [Fact]
    public void Activity_follows_data_flow_through_the_loop_and_ignores_noise_and_integers()
    {
        var active = ActivityAnalysis.Analyse(Method.Body, new[] { "x", "y" });

        Assert.Equal(new HashSet<string> { "x", "y", "a", "p", "q", "b" }, active);
    }

    [Fact]
    public void Activity_is_per_direction()
    {
        Assert.Equal(new HashSet<string> { "x", "a", "p", "q" }, ActivityAnalysis.Analyse(Method.Body, new[] { "x" }));
        Assert.Equal(new HashSet<string> { "y", "b" }, ActivityAnalysis.Analyse(Method.Body, new[] { "y" }));
    }

    [Fact]
    public void Jvp_declares_tangents_for_active_variables_only()
    {
        var tangent = Tangent();

        var declared = IrWalker.DeclaredNames(tangent.Body);
        Assert.Superset(new HashSet<string> { "dA", "dP", "dQ", "dB" }, declared);
        Assert.DoesNotContain("dC", declared);   // depends on noise only
        Assert.DoesNotContain("dK", declared);   // an int
        Assert.DoesNotContain("dI", declared);
        Assert.DoesNotContain("dEps", declared);
        Assert.Equal(
            new[] { ("x", ArgumentKind.Value), ("y", ArgumentKind.Value), ("eps", ArgumentKind.Value), ("n", ArgumentKind.Value), ("dX", ArgumentKind.Value), ("dY", ArgumentKind.Value), ("dResult", ArgumentKind.Out) },
            tangent.Parameters.Select(p => (p.Name, p.Kind)));
    }

    [Fact]
    public void Loop_carries_the_tangent_of_a_value_activated_through_its_back_edge()
    {
        var loop = Assert.Single(IrWalker.All<WhileStmt>(Tangent().Body));
        var statements = ((BlockStmt)loop.Body).Statements;

        // The tangent is assigned before its primal (which it may read), in the primal's order.
        var order = statements.OfType<AssignStmt>().Select(s => ((LocalExpr)s.Target).Name).ToArray();
        Assert.Equal(new[] { "dQ", "q", "dP", "p", "i" }, order);
        Assert.Equal("dQ = 2.0 * dP", Print(statements[0]));
        Assert.Equal("dP = a * dQ + q * dA", Print(statements[2]));
    }

    [Fact]
    public void No_zero_or_unit_factors_and_no_zero_terms_are_emitted()
    {
        foreach (var member in Result().File!.Methods.Take(2))
        {
            foreach (var binary in IrWalker.All<BinaryExpr>(member.Body))
            {
                var literals = new[] { binary.Left, binary.Right }.OfType<LiteralExpr>().Select(l => l.Code).ToList();
                var printed = ExpressionPrinter.Print(binary);
                if (binary.Op == BinaryOp.Multiply)
                {
                    Assert.DoesNotContain("0.0", literals);
                    Assert.DoesNotContain("1.0", literals);
                }

                if (binary.Op is BinaryOp.Add or BinaryOp.Subtract)
                {
                    Assert.True(!literals.Contains("0.0"), member.Name + ": " + printed);
                }
            }
        }
    }

    [Fact]
    public void Result_tangent_sums_only_the_active_terms()
    {
        var statements = Tangent().Body.Statements;
        var resultTangent = statements.OfType<AssignStmt>().Single(s => s.Target is LocalExpr { Name: "dResult" });

        Assert.Equal("dResult = dP + dQ + dB", Print(resultTangent));
        Assert.Equal("double dA = c * dX", Print(statements.OfType<DeclareStmt>().Single(d => d.Name == "dA")));
        Assert.Equal("double dB = dY", Print(statements.OfType<DeclareStmt>().Single(d => d.Name == "dB")));
    }

    [Fact]
    public void Vector_mode_skips_variables_inactive_in_a_direction()
    {
        var withGradient = Result().File!.Methods.Single(m => m.Name == "FWithGradient" && m.ReturnType.Code == "FGradient");

        var declared = IrWalker.DeclaredNames(withGradient.Body);
        Assert.Superset(new HashSet<string> { "dA_dX", "dP_dX", "dQ_dX", "dB_dY" }, declared);
        Assert.DoesNotContain("dA_dY", declared);
        Assert.DoesNotContain("dP_dY", declared);
        Assert.DoesNotContain("dB_dX", declared);
    }

    [Fact]
    public void Generates_the_documented_members()
    {
        var file = Result().File!;

        Assert.Equal(new[] { "FTangent", "FWithGradient", "FBackward", "FWithGradient" }, file.Methods.Select(m => m.Name));
        var gradient = Assert.Single(file.Structs);
        Assert.Equal(new[] { "Value", "DX", "DY" }, gradient.Fields.Select(f => f.Name));
        Assert.Equal(new[] { true, false, false, false }, file.Methods.Select(m => m.IsTangentRule));
    }

    [Fact]
    public void Unknown_call_is_resolved_by_a_rule_of_the_catalog_or_reported_at_its_location()
    {
        var location = new LocationInfo("Input0.cs", new Microsoft.CodeAnalysis.Text.TextSpan(10, 7), default);
        var call = new CallExpr(
            new CallTarget("global::Demo.Physics", "Drag", IsStatic: true, EquatableArray.Create(new ParameterSignature("v", D, ArgumentKind.Value, IsDifferentiable: true)), TangentSourceKind.None, null, null),
            null, EquatableArray.Create(new Argument(ArgumentKind.Value, L("x"))), D, location);
        var method = Method with { Body = Block(new ReturnStmt(call)) };

        var withRule = Differentiator.Differentiate(method, EquatableArray.Create(new TangentRuleInfo("global::Demo.Physics.Drag", EquatableArray.Create("double"), new MethodRef("global::Demo.Rules", "DragTangent"))));
        Assert.Empty(withRule.Diagnostics);
        var calls = IrWalker.All<CallExpr>(withRule.File!.Methods[0].Body).Select(c => c.Target.Code).ToList();
        Assert.Equal(new[] { "global::Demo.Rules.DragTangent" }, calls);

        var withoutRule = Differentiator.Differentiate(method, EquatableArray<TangentRuleInfo>.Empty);
        Assert.Null(withoutRule.File);
        var diagnostic = Assert.Single(withoutRule.Diagnostics);
        Assert.Equal("RPG0004", diagnostic.Descriptor.Id);
        Assert.Equal(location, diagnostic.Location);
    }

    private static DifferentiationResult Result() => Differentiator.Differentiate(Method, EquatableArray<TangentRuleInfo>.Empty);

    private static GeneratedMethod Tangent()
    {
        var result = Result();
        Assert.Empty(result.Diagnostics);
        return result.File!.Methods.Single(m => m.Name == "FTangent");
    }

    private static string Print(Stmt statement)
    {
        var writer = new SourceWriter();
        StatementPrinter.PrintStatement(writer, statement);
        return writer.ToString().TrimEnd('\n', ';');
    }

    private static LocalExpr L(string name) => new(name, D);

    private static LiteralExpr Lit(string code) => new(code, D);

    private static BinaryExpr Mul(Expr a, Expr b) => new(BinaryOp.Multiply, a, b, D);

    private static BlockStmt Block(params Stmt[] statements) => new(statements.ToEquatableArray());
}
