using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Emit;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests.Stages;

/// <summary>
/// The Emit stage's expression printer: parentheses exactly where C# precedence needs them. Floating-point
/// + and * are not associative, so <c>a - (b - c)</c> or <c>a * (b / c)</c> must keep their parentheses. Each
/// printed text is checked three ways: the exact text, the tree C# parses it into (must be the IR's tree), and
/// that it compiles.
/// </summary>
public sealed class ExpressionPrinterTests
{
    private static readonly IrType D = IrType.Double;
    private static readonly IrType DayOfWeek = new(ScalarKind.Other, ShapeKind.Scalar, "global::System.DayOfWeek");
    private static readonly LocalExpr A = new("a", D);
    private static readonly LocalExpr B = new("b", D);
    private static readonly LocalExpr C = new("c", D);
    private static readonly LocalExpr X = new("x", D);
    private static readonly LocalExpr K = new("k", IrType.Int32);
    private static readonly LocalExpr Flag = new("flag", IrType.Bool);
    private static readonly LocalExpr Label = new("label", new IrType(ScalarKind.Other, ShapeKind.Scalar, "string?"));

    private static readonly Dictionary<string, (Expr Expression, string Text)> Cases = new()
    {
        ["a - (b - c)"] = (Bin(BinaryOp.Subtract, A, Bin(BinaryOp.Subtract, B, C)), "a - (b - c)"),
        ["(a - b) - c"] = (Bin(BinaryOp.Subtract, Bin(BinaryOp.Subtract, A, B), C), "a - b - c"),
        ["a + (b + c)"] = (Bin(BinaryOp.Add, A, Bin(BinaryOp.Add, B, C)), "a + (b + c)"),
        ["a / (b * c)"] = (Bin(BinaryOp.Divide, A, Bin(BinaryOp.Multiply, B, C)), "a / (b * c)"),
        ["(a / b) * c"] = (Bin(BinaryOp.Multiply, Bin(BinaryOp.Divide, A, B), C), "a / b * c"),
        ["a * (b / c)"] = (Bin(BinaryOp.Multiply, A, Bin(BinaryOp.Divide, B, C)), "a * (b / c)"),
        ["a * (b * c)"] = (Bin(BinaryOp.Multiply, A, Bin(BinaryOp.Multiply, B, C)), "a * (b * c)"),
        ["(a + b) * c"] = (Bin(BinaryOp.Multiply, Bin(BinaryOp.Add, A, B), C), "(a + b) * c"),
        ["a + b * c"] = (Bin(BinaryOp.Add, A, Bin(BinaryOp.Multiply, B, C)), "a + b * c"),
        ["-(-x)"] = (Neg(Neg(X)), "- -x"),
        ["-(-1.0)"] = (Neg(new LiteralExpr("-1.0", D)), "- -1.0"),
        ["x - -1.0"] = (Bin(BinaryOp.Subtract, X, new LiteralExpr("-1.0", D)), "x - -1.0"),
        ["x - (-a)"] = (Bin(BinaryOp.Subtract, X, Neg(A)), "x - -a"),
        ["-(a + b)"] = (Neg(Bin(BinaryOp.Add, A, B)), "-(a + b)"),
        ["-(a * b)"] = (Neg(Bin(BinaryOp.Multiply, A, B)), "-(a * b)"),
        ["(-a) * b"] = (Bin(BinaryOp.Multiply, Neg(A), B), "-a * b"),
        ["(double)(a + b)"] = (new ConvertExpr(Bin(BinaryOp.Add, A, B), D, IsExplicit: true), "(double)(a + b)"),
        ["(double)(-k)"] = (new ConvertExpr(new UnaryExpr(UnaryOp.Negate, K, IrType.Int32), D, IsExplicit: true), "(double)-k"),
        ["(DayOfWeek)k"] = (new ConvertExpr(K, DayOfWeek, IsExplicit: true), "(global::System.DayOfWeek)k"),
        ["(DayOfWeek)(-k)"] = (new ConvertExpr(new UnaryExpr(UnaryOp.Negate, K, IrType.Int32), DayOfWeek, IsExplicit: true), "(global::System.DayOfWeek)(-k)"),
        ["(DayOfWeek)(-1)"] = (new ConvertExpr(new LiteralExpr("-1", IrType.Int32), DayOfWeek, IsExplicit: true), "(global::System.DayOfWeek)(-1)"),
        ["(c ? a : b) * x"] = (Bin(BinaryOp.Multiply, Cond(Flag, A, B), X), "(flag ? a : b) * x"),
        ["c ? a : (c ? b : x)"] = (Cond(Flag, A, Cond(Flag, B, X)), "flag ? a : flag ? b : x"),
        ["(c ? true : false) ? a : b"] = (Cond(new ConditionalExpr(Flag, Flag, Flag, IrType.Bool), A, B), "(flag ? flag : flag) ? a : b"),
        ["a < b == flag"] = (new BinaryExpr(BinaryOp.Equals, new BinaryExpr(BinaryOp.Less, A, B, IrType.Bool), Flag, IrType.Bool), "a < b == flag"),
        ["flag && (flag || flag)"] = (new BinaryExpr(BinaryOp.ConditionalAnd, Flag, new BinaryExpr(BinaryOp.ConditionalOr, Flag, Flag, IrType.Bool), IrType.Bool), "flag && (flag || flag)"),
        ["Math.Exp(a - b) * c"] = (Bin(BinaryOp.Multiply, Call("Exp", Bin(BinaryOp.Subtract, A, B)), C), "global::System.Math.Exp(a - b) * c"),
        ["throw in the false branch"] = (Cond(Flag, A, Throw()), "flag ? a : throw new global::System.ArgumentOutOfRangeException(\"x\")"),
        ["throw in the true branch"] = (Cond(Flag, Throw(), A), "flag ? throw new global::System.ArgumentOutOfRangeException(\"x\") : a"),
        ["null-forgiving receiver"] = (new MemberExpr(new UnaryExpr(UnaryOp.SuppressNullable, Label, Label.Type), "Length", IrType.Int32), "label!.Length"),
        ["keyword identifier"] = (Bin(BinaryOp.Add, new LocalExpr("double", D), new LocalExpr("event", D)), "@double + @event"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Prints_the_minimal_parentheses(string name)
        => Assert.Equal(Cases[name].Text, ExpressionPrinter.Print(Cases[name].Expression));

    [Theory]
    [MemberData(nameof(Names))]
    public void Parses_back_into_the_same_tree(string name)
    {
        var expression = Cases[name].Expression;
        var parsed = SyntaxFactory.ParseExpression(ExpressionPrinter.Print(expression));

        Assert.Empty(parsed.GetDiagnostics());
        Assert.Equal(Canonical(expression), Canonical(parsed));
    }

    [Fact]
    public void Every_printed_expression_compiles()
    {
        var methods = Cases.Values.Select((c, i) =>
            $"    public static object M{i}(double a, double b, double c, double x, int k, bool flag, double @double, double @event, string? label) {{ return {ExpressionPrinter.Print(c.Expression)}; }}");
        var source = "#nullable enable\npublic static class Printed\n{\n" + string.Join("\n", methods) + "\n}\n";
        var compilation = GeneratorHarness.CreateCompilation(source);

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, GeneratorHarness.Format(errors) + "\n" + source);
    }

    /// <summary>Fully parenthesized form of the IR tree.</summary>
    private static string Canonical(Expr e) => e switch
    {
        LiteralExpr { Code: var code } when code.StartsWith("-", StringComparison.Ordinal) => "(-" + code[1..] + ")",
        LiteralExpr literal => literal.Code,
        LocalExpr local => "@" + local.Name,
        UnaryExpr { Op: UnaryOp.SuppressNullable } suppressed => "(" + Canonical(suppressed.Operand) + "!)",
        MemberExpr { Receiver: { } receiver } member => Canonical(receiver) + "." + member.Code,
        UnaryExpr unary => "(" + (unary.Op == UnaryOp.Negate ? "-" : unary.Op == UnaryOp.Not ? "!" : "+") + Canonical(unary.Operand) + ")",
        BinaryExpr binary => "(" + Canonical(binary.Left) + " " + SyntaxFacts.GetText(OperatorKind(binary.Op)) + " " + Canonical(binary.Right) + ")",
        ConditionalExpr conditional => "(" + Canonical(conditional.Condition) + " ? " + Canonical(conditional.WhenTrue) + " : " + Canonical(conditional.WhenFalse) + ")",
        ConvertExpr { IsExplicit: true } convert => "((" + convert.Type.Code + ")" + Canonical(convert.Operand) + ")",
        ConvertExpr convert => Canonical(convert.Operand),
        CallExpr call => call.Target.Code + "(" + string.Join(", ", call.Arguments.Select(a => Canonical(a.Value))) + ")",
        ThrowExpr thrown => "(throw " + Canonical(thrown.Exception) + ")",
        NewObjectExpr creation => "new " + creation.Type.Code + "(" + string.Join(", ", creation.Arguments.Select(Canonical)) + ")",
        _ => throw new NotSupportedException(e.GetType().Name),
    };

    /// <summary>Fully parenthesized form of what C# parsed (the same spelling as <see cref="Canonical(Expr)"/>).</summary>
    private static string Canonical(ExpressionSyntax e) => e switch
    {
        ParenthesizedExpressionSyntax parenthesized => Canonical(parenthesized.Expression),
        LiteralExpressionSyntax literal => literal.Token.Text,
        IdentifierNameSyntax identifier => "@" + identifier.Identifier.ValueText,
        PostfixUnaryExpressionSyntax postfix => "(" + Canonical(postfix.Operand) + postfix.OperatorToken.Text + ")",
        MemberAccessExpressionSyntax access => Canonical(access.Expression) + "." + access.Name,
        PrefixUnaryExpressionSyntax unary => "(" + unary.OperatorToken.Text + Canonical(unary.Operand) + ")",
        BinaryExpressionSyntax binary => "(" + Canonical(binary.Left) + " " + binary.OperatorToken.Text + " " + Canonical(binary.Right) + ")",
        ConditionalExpressionSyntax conditional => "(" + Canonical(conditional.Condition) + " ? " + Canonical(conditional.WhenTrue) + " : " + Canonical(conditional.WhenFalse) + ")",
        CastExpressionSyntax cast => "((" + cast.Type + ")" + Canonical(cast.Expression) + ")",
        InvocationExpressionSyntax invocation => invocation.Expression + "(" + string.Join(", ", invocation.ArgumentList.Arguments.Select(a => Canonical(a.Expression))) + ")",
        ThrowExpressionSyntax thrown => "(throw " + Canonical(thrown.Expression) + ")",
        ObjectCreationExpressionSyntax creation => "new " + creation.Type + "(" + string.Join(", ", creation.ArgumentList!.Arguments.Select(a => Canonical(a.Expression))) + ")",
        PredefinedTypeSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax => "<type " + e + ">",
        _ => "<" + e.Kind() + " " + e + ">",
    };

    private static SyntaxKind OperatorKind(BinaryOp op) => op switch
    {
        BinaryOp.Add => SyntaxKind.PlusToken,
        BinaryOp.Subtract => SyntaxKind.MinusToken,
        BinaryOp.Multiply => SyntaxKind.AsteriskToken,
        BinaryOp.Divide => SyntaxKind.SlashToken,
        BinaryOp.Equals => SyntaxKind.EqualsEqualsToken,
        BinaryOp.Less => SyntaxKind.LessThanToken,
        BinaryOp.ConditionalAnd => SyntaxKind.AmpersandAmpersandToken,
        BinaryOp.ConditionalOr => SyntaxKind.BarBarToken,
        _ => throw new NotSupportedException(op.ToString()),
    };

    private static BinaryExpr Bin(BinaryOp op, Expr left, Expr right) => new(op, left, right, D);

    private static UnaryExpr Neg(Expr operand) => new(UnaryOp.Negate, operand, operand.Type);

    private static ConditionalExpr Cond(Expr condition, Expr whenTrue, Expr whenFalse) => new(condition, whenTrue, whenFalse, whenTrue.Type);

    private static ThrowExpr Throw()
        => new(new NewObjectExpr(EquatableArray.Create<Expr>(new LiteralExpr("\"x\"", IrType.Void)), new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.ArgumentOutOfRangeException")), D);

    private static CallExpr Call(string name, params Expr[] arguments)
        => new(new CallTarget("global::System.Math", name, IsStatic: true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null),
            null, arguments.Select(a => new Argument(ArgumentKind.Value, a)).ToEquatableArray(), D, null);
}
