using System.Globalization;
using System.Linq;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>Short constructors for the IR that member builders write by hand (loops, scratch buffers, calls).</summary>
internal static class Ir
{
    public static LocalExpr Local(string name, IrType type) => new(name, type);

    public static LiteralExpr Int(int value) => new(value.ToString(CultureInfo.InvariantCulture), IrType.Int32);

    public static Argument Value(Expr e) => new(ArgumentKind.Value, e);

    public static Argument Ref(Expr e) => new(ArgumentKind.Ref, e);

    public static Argument Out(Expr e) => new(ArgumentKind.Out, e);

    /// <summary>A static call to <c>containing.name(args)</c>, printed fully qualified.</summary>
    public static CallExpr Call(string containing, string name, IrType type, params Argument[] arguments)
        => new(new CallTarget(containing, name, true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null), null, arguments.ToEquatableArray(), type, null);

    public static CallExpr Call(string containing, string name, IrType type, params Expr[] arguments)
        => Call(containing, name, type, arguments.Select(Value).ToArray());

    /// <summary>An instance call <c>receiver.name(args)</c>.</summary>
    public static CallExpr Method(Expr receiver, string name, IrType type, params Expr[] arguments)
        => new(new CallTarget("", name, false, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null), receiver, arguments.Select(Value).ToEquatableArray(), type, null);

    /// <summary>The spelling of the receiver of instance members.</summary>
    public const string ThisCode = "this";

    /// <summary>
    /// <c>this</c> in an instance method: read like a static member (it is never differentiated, and the reverse
    /// sweep may read it again, as it does a static field).
    /// </summary>
    public static MemberExpr This(IrType type) => new(null, ThisCode, type);

    /// <summary>Whether <paramref name="e"/> is <c>this</c> (see <see cref="This"/>).</summary>
    public static bool IsThis(Expr? e) => e is MemberExpr { Receiver: null, Code: ThisCode };

    public static MemberExpr Length(Expr collection) => new(collection, "Length", IrType.Int32);

    /// <summary>
    /// A zeroed scratch span: on the stack up to 1024 elements, on the heap beyond. A span of a generic <c>T</c> is
    /// always on the heap: <c>stackalloc</c> needs an unmanaged element type, which a number type parameter is not known to be.
    /// </summary>
    public static Expr Scratch(IrType spanType, Expr length)
        => spanType.IsGenericFloating
            ? new NewCollectionExpr(length, OnStack: false, spanType)
            : new ConditionalExpr(new BinaryExpr(BinaryOp.LessOrEqual, length, Int(1024), IrType.Bool),
            new NewCollectionExpr(length, OnStack: true, spanType), new NewCollectionExpr(length, OnStack: false, spanType), spanType);

    public static Stmt For(LocalExpr counter, Expr bound, params Stmt[] body)
        => new ForStmt(
            EquatableArray.Create<Stmt>(new DeclareStmt(counter.Name, IrType.Int32, Int(0))),
            new BinaryExpr(BinaryOp.Less, counter, bound, IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(counter, new BinaryExpr(BinaryOp.Add, counter, Int(1), IrType.Int32))),
            new BlockStmt(body.ToEquatableArray()));

    /// <summary><c>throw new ArgumentException(message, paramName)</c> when <paramref name="condition"/> holds.</summary>
    public static Stmt ThrowArgumentIf(Expr condition, string message, string parameterName)
        => new IfStmt(condition, new BlockStmt(EquatableArray.Create<Stmt>(new ThrowStmt(new NewObjectExpr(
            EquatableArray.Create<Expr>(Text(message), Text(parameterName)),
            new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.ArgumentException"))))), null);

    public static LiteralExpr Text(string text) => new(Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true), IrType.Void);
}
