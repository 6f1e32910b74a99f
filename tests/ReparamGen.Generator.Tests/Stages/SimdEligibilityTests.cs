using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using Xunit;

namespace ReparamGen.Generator.Tests.Stages;

/// <summary>The SIMD eligibility analysis alone, on IR built by hand: which <c>MWithGradient</c> bodies run in lanes.</summary>
public sealed class SimdEligibilityTests
{
    private static readonly IrType D = IrType.Double;
    private static readonly IrType B = IrType.Bool;
    private static readonly IrType Gradient = new(ScalarKind.Other, ShapeKind.Scalar, "FGradient");

    [Fact]
    public void Straight_line_arithmetic_with_a_guard_a_select_and_simd_functions_qualifies()
    {
        var body = Block(
            new IfStmt(new UnaryExpr(UnaryOp.Not, Cmp(BinaryOp.Greater, L("y"), Lit("0.0")), B), new ExpressionStmt(Call("global::ReparamGen.Guard", "ThrowNotPositive", IrType.Void, new LiteralExpr("\"y\"", IrType.Void), L("y"))), null),
            new DeclareStmt("t", D, Call("global::System.Math", "Exp", D, Mul(L("x"), L("y")))),
            new DeclareStmt("s", D, null),
            new IfStmt(Cmp(BinaryOp.Less, L("x"), Lit("0.0")), Block(new AssignStmt(L("s"), L("t"))), Block(new AssignStmt(L("s"), Call("global::ReparamGen.SpecialFunctions", "Log1p", D, L("t"))))),
            Return(L("s"), Mul(L("s"), L("y")), new ConditionalExpr(Cmp(BinaryOp.Equals, L("x"), L("y")), Lit("1.0"), L("t"), D)));

        Assert.Null(SimdEligibility.WhyNot(Method(D), body));
    }

    [Fact]
    public void A_float_method_with_double_inside_keeps_the_scalar_loop()
    {
        // Float lanes take float values only: double parameters (or a conversion to double) keep the scalar loop.
        Assert.Equal("parameter 'x' is not a float passed by value", SimdEligibility.WhyNot(Method(IrType.Float), Block(Return(L("x"), L("y"), L("x")))));
        var floatMethod = Method(IrType.Float) with { Parameters = EquatableArray.Create(new ParameterIr("x", IrType.Float, ArgumentKind.Value, false)) };
        var x = new LocalExpr("x", IrType.Float);
        Assert.Null(SimdEligibility.WhyNot(floatMethod, Block(Return(new BinaryExpr(BinaryOp.Multiply, x, x, IrType.Float), x))));
        var throughDouble = new ConvertExpr(Call("global::System.Math", "Exp", D, new ConvertExpr(x, D, IsExplicit: false)), IrType.Float, IsExplicit: true);
        Assert.NotNull(SimdEligibility.WhyNot(floatMethod, Block(Return(throughDouble, x))));
    }

    [Fact]
    public void A_function_without_a_simd_form_keeps_the_scalar_loop()
    {
        var body = Block(Return(Call("global::System.Math", "Pow", D, L("x"), L("y")), L("x"), L("y")));
        Assert.Equal("a result is not expressible in vectors", SimdEligibility.WhyNot(Method(D), body));
    }

    [Fact]
    public void A_call_statement_keeps_the_scalar_loop()
    {
        // An opaque call (a helper that checks its arguments, say) may have effects the lanes cannot reproduce.
        var body = Block(new ExpressionStmt(Call("global::Demo.C", "Check", IrType.Void, L("x"))), Return(L("x"), L("y"), L("x")));
        Assert.Equal("a statement of kind ExpressionStmt is not expressible in vectors", SimdEligibility.WhyNot(Method(D), body));
    }

    [Fact]
    public void A_loop_or_an_integer_local_keeps_the_scalar_loop()
    {
        var loop = Block(new WhileStmt(Cmp(BinaryOp.Less, L("x"), Lit("1.0")), Block(new AssignStmt(L("x"), Mul(L("x"), Lit("2.0"))))), Return(L("x"), L("y"), L("x")));
        Assert.NotNull(SimdEligibility.WhyNot(Method(D), loop));
        var integer = Block(new DeclareStmt("n", IrType.Int32, new LiteralExpr("2", IrType.Int32)), Return(L("x"), L("y"), L("x")));
        Assert.NotNull(SimdEligibility.WhyNot(Method(D), integer));
    }

    [Fact]
    public void An_if_else_whose_branch_returns_keeps_the_scalar_loop()
    {
        // if/else whose branch returns: not a select (the branches must be assignments only).
        var body = Block(new IfStmt(Cmp(BinaryOp.Less, L("x"), Lit("0.0")), Block(Return(L("x"), L("y"), L("x"))), Block(new AssignStmt(L("x"), L("y")))), Return(L("x"), L("y"), L("x")));
        Assert.NotNull(SimdEligibility.WhyNot(Method(D), body));
    }

    [Fact]
    public void A_non_double_parameter_keeps_the_scalar_loop()
    {
        var method = Method(D) with { Parameters = EquatableArray.Create(new ParameterIr("x", D, ArgumentKind.Value, false), new ParameterIr("n", IrType.Int32, ArgumentKind.Value, false)) };
        Assert.Equal("parameter 'n' is not a double passed by value", SimdEligibility.WhyNot(method, Block(Return(L("x"), L("x"), L("x")))));
    }

    [Fact]
    public void A_machine_sized_body_keeps_the_scalar_loop()
    {
        Expr sum = L("x");
        for (var i = 0; i < SimdEligibility.MaxNodes; i++)
        {
            sum = new BinaryExpr(BinaryOp.Add, sum, L("y"), D);
        }

        Assert.Equal("the body has more than " + SimdEligibility.MaxNodes + " nodes", SimdEligibility.WhyNot(Method(D), Block(Return(sum, L("x"), L("y")))));
    }

    private static MethodIr Method(IrType result) => new(
        MethodRole.Reparameterizable,
        "Demo",
        EquatableArray.Create(new ContainingTypeIr("class", "C", "", IsStatic: true)),
        "F",
        "public",
        result,
        EquatableArray.Create(new ParameterIr("x", D, ArgumentKind.Value, IsNoise: false), new ParameterIr("y", D, ArgumentKind.Value, IsNoise: true)),
        Block(),
        "Demo.C.F.g.cs");

    private static ReturnStmt Return(params Expr[] fields) => new(new NewObjectExpr(fields.ToEquatableArray(), Gradient));

    private static CallExpr Call(string type, string name, IrType result, params Expr[] arguments)
        => new(new CallTarget(type, name, true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null), null, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(arguments, a => new Argument(ArgumentKind.Value, a))).ToEquatableArray(), result, null);

    private static BinaryExpr Cmp(BinaryOp op, Expr a, Expr b) => new(op, a, b, B);

    private static LocalExpr L(string name) => new(name, D);

    private static LiteralExpr Lit(string code) => new(code, D);

    private static BinaryExpr Mul(Expr a, Expr b) => new(BinaryOp.Multiply, a, b, D);

    private static BlockStmt Block(params Stmt[] statements) => new(statements.ToEquatableArray());
}
