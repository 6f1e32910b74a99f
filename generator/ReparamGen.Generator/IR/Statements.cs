using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>A statement of the differentiable subset of C#.</summary>
internal abstract record Stmt;

internal sealed record BlockStmt(EquatableArray<Stmt> Statements) : Stmt;

/// <summary><c>T name = init;</c>. <see cref="IsConst"/> marks local constants.</summary>
internal sealed record DeclareStmt(string Name, IrType Type, Expr? Initializer, bool IsConst = false) : Stmt;

/// <summary><c>target = value;</c> where target is a local, parameter or element. Compound forms are desugared.</summary>
internal sealed record AssignStmt(Expr Target, Expr Value) : Stmt;

/// <summary>An expression evaluated for its effect (a call).</summary>
internal sealed record ExpressionStmt(Expr Expression) : Stmt;

internal sealed record IfStmt(Expr Condition, Stmt Then, Stmt? Else) : Stmt;

internal sealed record WhileStmt(Expr Condition, Stmt Body) : Stmt;

internal sealed record DoWhileStmt(Stmt Body, Expr Condition) : Stmt;

/// <summary><c>for (init; condition; step) body</c>; <see cref="Location"/> is the header's, for diagnostics about it.</summary>
internal sealed record ForStmt(EquatableArray<Stmt> Initializers, Expr? Condition, EquatableArray<Stmt> Incrementors, Stmt Body, LocationInfo? Location = null) : Stmt;

internal sealed record BreakStmt : Stmt;

internal sealed record ContinueStmt : Stmt;

internal sealed record ReturnStmt(Expr? Value) : Stmt;

internal sealed record ThrowStmt(Expr Exception) : Stmt;

/// <summary>A switch section: constant labels (a null label is <c>default</c>) and its statements.</summary>
internal sealed record SwitchSection(EquatableArray<LiteralExpr?> Labels, EquatableArray<Stmt> Body);

internal sealed record SwitchStmt(Expr Value, EquatableArray<SwitchSection> Sections) : Stmt;
