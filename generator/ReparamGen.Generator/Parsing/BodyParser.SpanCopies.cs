using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// <c>source.CopyTo(destination)</c> and <c>destination.Fill(value)</c> on floating spans and arrays, lowered to element
/// loops so that both modes see each element's assignment (a .NET method has no derivative rule of its own):
/// <c>if (source.Length &gt; destination.Length) throw …; for (i …) destination[i] = source[i];</c>. The element loop is
/// a move only where source and destination cannot overlap (<c>CopyTo</c> also handles overlapping views), so a copy is
/// lowered only from a parameter (or a view of one) into a local the method allocated itself (<c>stackalloc</c> or
/// <c>new T[n]</c>); other copies keep RPG0004.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly IrType StringType = new(ScalarKind.Other, ShapeKind.Scalar, "string");

    private Stmt? LowerSpanCopyOrFill(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        IOperation? receiver;
        IOperation argument;
        if (method.Name is "CopyTo" or "Fill" && invocation.Instance is { } instance && invocation.Arguments.Length == 1
            && method.ContainingType.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>")
        {
            receiver = instance;
            argument = invocation.Arguments[0].Value;
        }
        else if (method.Name == "CopyTo" && method.IsExtensionMethod && method.ContainingType.ToDisplayString() == "System.MemoryExtensions" && invocation.Arguments.Length == 2)
        {
            receiver = invocation.Arguments[0].Value;
            argument = invocation.Arguments[1].Value;
        }
        else
        {
            return null;
        }

        var receiverType = TypeMapper.Map(Unconverted(receiver).Type);
        if (!receiverType.IsFloating || receiverType.Shape == ShapeKind.Scalar)
        {
            return null;
        }

        var statements = new List<Stmt>();
        var collection = Once(ParseExpression(Unconverted(receiver)), "source", invocation);
        var index = new LocalExpr(FreshLocalName("i", invocation), IrType.Int32);
        Stmt body;
        Expr length;
        if (method.Name == "Fill")
        {
            var value = Once(ParseExpression(argument), "value", invocation);
            body = new AssignStmt(new ElementExpr(collection, index, collection.Type.ElementType), value);
            length = new MemberExpr(collection, "Length", IrType.Int32);
        }
        else
        {
            if (!ViewsParameter(receiver) || !IsOwnAllocation(Unconverted(argument)))
            {
                return null;
            }

            var destination = Once(ParseExpression(Unconverted(argument)), "destination", invocation);
            if (!destination.Type.IsFloating || destination.Type.ElementType != collection.Type.ElementType)
            {
                return null;
            }

            // CopyTo's own check, with its exception type: a destination shorter than the source.
            var exception = new NewObjectExpr(
                EquatableArray.Create<Expr>(Ir.Text("Destination is too short.") with { Type = StringType }, Ir.Text("destination") with { Type = StringType }),
                new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.ArgumentException"));
            statements.Add(new IfStmt(
                new BinaryExpr(BinaryOp.Greater, new MemberExpr(collection, "Length", IrType.Int32), new MemberExpr(destination, "Length", IrType.Int32), IrType.Bool),
                new ThrowStmt(exception),
                null));
            body = new AssignStmt(new ElementExpr(destination, index, destination.Type.ElementType), new ElementExpr(collection, index, collection.Type.ElementType));
            length = new MemberExpr(collection, "Length", IrType.Int32);
        }

        statements.Add(new ForStmt(
            EquatableArray.Create<Stmt>(new DeclareStmt(index.Name, IrType.Int32, new LiteralExpr("0", IrType.Int32))),
            new BinaryExpr(BinaryOp.Less, index, length, IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(index, new BinaryExpr(BinaryOp.Add, index, new LiteralExpr("1", IrType.Int32), IrType.Int32))),
            new BlockStmt(EquatableArray.Create(body)),
            LocationInfo.From(invocation.Syntax)));
        return new BlockStmt(statements.ToEquatableArray());
    }

    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// The expression as a local: itself when it is one, else a fresh local declared before the statement (evaluated
    /// once, in order), at the statement's own level, where reverse mode can keep a span's adjoint.
    /// </summary>
    private Expr Once(Expr value, string prefix, IOperation operation)
    {
        if (value is LocalExpr or LiteralExpr)
        {
            return value;
        }

        var name = FreshLocalName(prefix, operation);
        pendingDeclarations.Add(new DeclareStmt(name, value.Type, value));
        return new LocalExpr(name, value.Type);
    }

    /// <summary>A parameter, or a view of one (<c>w.Slice(…)</c>, <c>a.AsSpan(…)</c>, implicit conversions).</summary>
    private static bool ViewsParameter(IOperation operation) => Unconverted(operation) switch
    {
        IParameterReferenceOperation => true,
        IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } => ViewsParameter(instance),
        IInvocationOperation { TargetMethod.Name: "AsSpan", TargetMethod.IsExtensionMethod: true } asSpan when asSpan.Arguments.Length > 0 => ViewsParameter(asSpan.Arguments[0].Value),
        _ => false,
    };

    /// <summary>A local declared with <c>stackalloc</c> or <c>new T[n]</c>: memory no parameter can share.</summary>
    private static bool IsOwnAllocation(IOperation operation)
        => operation is ILocalReferenceOperation { Local: { } local }
           && local.DeclaringSyntaxReferences.Length == 1
           && local.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer }
           && initializer is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax;
}
