using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ArgumentKind = ReparamGen.Generator.IR.ArgumentKind;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Lowers a method body from Roslyn's operation tree into IR. Compound assignments and <c>++/--</c>
/// become plain assignments, constants are folded to literals, <c>out var</c> becomes a declaration
/// before its statement. Anything outside the supported subset becomes RPG0003 at its location.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly string methodName;
    private readonly CancellationToken cancellationToken;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly List<Stmt> pendingDeclarations = new();
    private int discardCounter;
    private int temporaryCounter;
    private HashSet<string>? usedIdentifiers;

    /// <summary>Nesting of <see cref="ParseExpression"/> (the recursion); a chain of left operands does not count.</summary>
    private int nesting;

    /// <summary>Depth of the IR node being parsed, left-operand chains included (what later stages recurse over).</summary>
    private int irDepth;
    private bool tooDeepReported;

    /// <summary>
    /// The deepest nesting of expressions accepted (parentheses around a right operand, call arguments, casts…):
    /// deeper is RPG0003, so that no stage of the generator can overflow the compiler's stack.
    /// </summary>
    public const int MaxNesting = 256;

    /// <summary>
    /// The longest chain of left operands accepted (<c>a + b + … + z</c> has one per operator): chains are parsed
    /// without recursion, and the generator's later stages run on a thread with a stack sized for them.
    /// </summary>
    public const int MaxChainLength = 100_000;

    /// <summary>The depth of the deepest IR expression parsed (for the stack the later stages need).</summary>
    public int MaxIrDepth { get; private set; }

    public BodyParser(string methodName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        this.methodName = methodName;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    public BlockStmt ParseBody(IOperation body)
    {
        var statements = new List<Stmt>();
        AddStatement(body, statements);
        return statements.Count == 1 && statements[0] is BlockStmt block ? block : new BlockStmt(statements.ToEquatableArray());
    }

    private BlockStmt ParseBlock(IOperation operation)
    {
        var statements = new List<Stmt>();
        AddStatement(operation, statements);
        return statements.Count == 1 && statements[0] is BlockStmt block ? block : new BlockStmt(statements.ToEquatableArray());
    }

    private void AddStatement(IOperation operation, List<Stmt> into)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var statement = ParseStatement(operation, into);
        into.AddRange(pendingDeclarations);
        pendingDeclarations.Clear();
        if (statement is not null)
        {
            into.Add(statement);
        }
    }

    private Stmt? ParseStatement(IOperation operation, List<Stmt> into)
    {
        switch (operation)
        {
            case IMethodBodyOperation methodBody:
                return ParseBlock((IOperation?)methodBody.BlockBody ?? methodBody.ExpressionBody!);
            case IBlockOperation block:
            {
                var statements = new List<Stmt>();
                foreach (var child in block.Operations)
                {
                    AddStatement(child, statements);
                }

                return new BlockStmt(statements.ToEquatableArray());
            }

            case IVariableDeclarationGroupOperation group when group.Declarations.Any(d => d.Declarators.Any(v => v.Symbol.RefKind != RefKind.None)):
                // An alias of a span or array element: writes through it would be lost in the generated code.
                Unsupported(group, "A 'ref' local");
                return null;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol.IsConst)
                        {
                            continue; // every use of a local constant is folded to its literal
                        }

                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        var value = initializer is null ? null : ParseExpression(initializer);
                        into.AddRange(pendingDeclarations);
                        pendingDeclarations.Clear();
                        into.Add(new DeclareStmt(declarator.Symbol.Name, TypeMapper.Map(declarator.Symbol.Type), value, declarator.Symbol.IsConst));
                    }
                }

                return null;
            case IExpressionStatementOperation expressionStatement:
                return ParseExpressionStatement(expressionStatement.Operation);
            case IReturnOperation { Kind: OperationKind.Return } ret:
                return new ReturnStmt(ret.ReturnedValue is null ? null : ParseExpression(ret.ReturnedValue));
            case IConditionalOperation { Type: null } conditional:
            {
                // What the condition declares ('out var', pattern variables) goes before the 'if', where C# scopes it,
                // not into the first statement of a branch.
                var condition = ParseExpression(conditional.Condition);
                into.AddRange(pendingDeclarations);
                pendingDeclarations.Clear();
                return new IfStmt(condition, ParseBlock(conditional.WhenTrue), conditional.WhenFalse is null ? null : ParseBlock(conditional.WhenFalse));
            }

            case IWhileLoopOperation loop when loop.Condition is not null && !loop.ConditionIsUntil:
                return loop.ConditionIsTop
                    ? new WhileStmt(ParseExpression(loop.Condition), ParseBlock(loop.Body))
                    : new DoWhileStmt(ParseBlock(loop.Body), ParseExpression(loop.Condition));
            case IForEachLoopOperation loop when LowerForEach(loop) is { } lowered:
                return lowered;
            case IForLoopOperation loop:
                return ParseFor(loop);
            case IBranchOperation { BranchKind: BranchKind.Break }:
                return new BreakStmt();
            case IBranchOperation { BranchKind: BranchKind.Continue }:
                return new ContinueStmt();
            case ISwitchOperation switchOperation:
                return ParseSwitch(switchOperation);
            case IThrowOperation throwOperation when throwOperation.Exception is not null:
                return new ThrowStmt(ParseExpression(throwOperation.Exception));
            case IEmptyOperation:
                return null;
            case ILocalFunctionOperation:
                return null; // its calls are inlined (or refused, with the reason) where they are
            default:
                Unsupported(operation, DescribeStatement(operation));
                return null;
        }
    }

    private Stmt? ParseExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
            {
                var target = ParseAssignable(assignment.Target);
                var value = ParseExpression(assignment.Value);
                return target is null ? null : new AssignStmt(target, value);
            }

            case ICompoundAssignmentOperation { OperatorMethod: not null } compoundOnT when !IsGenericMathOperator(compoundOnT.OperatorMethod, compoundOnT.ConstrainedToType):
                Unsupported(operation, "The user-defined operator '" + OperatorText(operation.Syntax) + "'");
                return null;
            case IIncrementOrDecrementOperation { OperatorMethod: not null } incrementOnT when !IsGenericMathOperator(incrementOnT.OperatorMethod, incrementOnT.ConstrainedToType):
                Unsupported(operation, "The user-defined operator '" + OperatorText(operation.Syntax) + "'");
                return null;
            case ICompoundAssignmentOperation compound:
            {
                var target = EvaluateIndexOnce(ParseAssignable(compound.Target), compound);
                if (target is null)
                {
                    return null;
                }

                var value = ParseExpression(compound.Value);
                var op = MapBinary(compound.OperatorKind, compound);
                if (op == BinaryOp.Remainder)
                {
                    CheckDerivativeNeeds(compound, compound.ConstrainedToType, "%");
                }

                if (op is null)
                {
                    return null;
                }

                var resultType = Widen(target.Type, value.Type);
                Expr combined = new BinaryExpr(op.Value, target, value, resultType, LocationInfo.From(compound.Syntax));
                if (!Equals(resultType, target.Type))
                {
                    combined = new ConvertExpr(combined, target.Type, IsExplicit: true);
                }

                return new AssignStmt(target, combined);
            }

            case IIncrementOrDecrementOperation increment:
            {
                var target = EvaluateIndexOnce(ParseAssignable(increment.Target), increment);
                if (target is null)
                {
                    return null;
                }

                var one = target.Type.Element switch
                {
                    ScalarKind.Double => LiteralFormatter.Number(1, IrType.Double),
                    ScalarKind.Float => LiteralFormatter.Number(1, IrType.Float),
                    ScalarKind.TypeParameter => LiteralFormatter.Number(1, target.Type),
                    ScalarKind.Int64 => new LiteralExpr("1L", target.Type),
                    _ => new LiteralExpr("1", IrType.Int32),
                };
                var op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                return new AssignStmt(target, new BinaryExpr(op, target, one, target.Type));
            }

            case IInvocationOperation invocation when LowerSpanCopyOrFill(invocation) is { } loop:
                return loop;
            case IInvocationOperation invocation:
                return new ExpressionStmt(ParseExpression(invocation));
            case IThrowOperation throwOperation when throwOperation.Exception is not null:
                return new ThrowStmt(ParseExpression(throwOperation.Exception));
            case IDeconstructionAssignmentOperation deconstruction when LowerDeconstruction(deconstruction) is { } assignments:
                return assignments;
            default:
                Unsupported(operation, DescribeExpression(operation));
                return null;
        }
    }

    /// <summary>
    /// <c>w[Next()] += x</c> reads and writes one element: the desugared <c>w[i] = w[i] + x</c> must not evaluate
    /// the index twice, so an index that is not a local or a constant is computed once into a local first.
    /// </summary>
    private Expr? EvaluateIndexOnce(Expr? target, IOperation operation)
    {
        if (target is not ElementExpr element || element.Index is LocalExpr or LiteralExpr)
        {
            return target;
        }

        var name = FreshLocalName("index", operation);
        pendingDeclarations.Add(new DeclareStmt(name, element.Index.Type, element.Index));
        return element with { Index = new LocalExpr(name, element.Index.Type) };
    }

    /// <summary>A local name for the parser's own temporaries that no identifier of the method uses.</summary>
    private string FreshLocalName(string prefix, IOperation operation)
    {
        var root = operation.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)operation.Syntax;
        usedIdentifiers ??= new HashSet<string>(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        string name;
        do
        {
            name = prefix + temporaryCounter++;
        }
        while (!usedIdentifiers.Add(name));

        return name;
    }

    private Stmt? ParseFor(IForLoopOperation loop)
    {
        var initializers = new List<Stmt>();
        foreach (var before in loop.Before)
        {
            AddStatement(before, initializers);
        }

        var incrementors = new List<Stmt>();
        foreach (var after in loop.AtLoopBottom)
        {
            AddStatement(after, incrementors);
        }

        var condition = loop.Condition is null ? null : ParseExpression(loop.Condition);
        var header = loop.Syntax is ForStatementSyntax syntax
            ? LocationInfo.From(Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.ForKeyword.SpanStart, syntax.CloseParenToken.Span.End)))
            : LocationInfo.From(loop.Syntax);
        return new ForStmt(initializers.ToEquatableArray(), condition, incrementors.ToEquatableArray(), ParseBlock(loop.Body), header);
    }

    private Stmt? ParseSwitch(ISwitchOperation switchOperation)
    {
        var value = ParseExpression(switchOperation.Value);
        var sections = new List<SwitchSection>();
        foreach (var section in switchOperation.Cases)
        {
            var labels = new List<LiteralExpr?>();
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        labels.Add(null);
                        break;
                    case ISingleValueCaseClauseOperation single when single.Value.ConstantValue.HasValue
                        && LiteralFormatter.TryFormat(single.Value.ConstantValue.Value, TypeMapper.Map(single.Value.Type)) is { } literal:
                        labels.Add(single.Value.Type?.TypeKind == TypeKind.Enum ? EnumLabel(literal, TypeMapper.Map(single.Value.Type)) : literal);
                        break;
                    case IPatternCaseClauseOperation { Guard: null, Pattern: IConstantPatternOperation constant } when constant.Value.ConstantValue.HasValue
                        && LiteralFormatter.TryFormat(constant.Value.ConstantValue.Value, TypeMapper.Map(constant.Value.Type)) is { } literal:
                        // 'case 1.0:' on a double or float: C# makes the constant label a pattern, it is still a constant.
                        labels.Add(constant.Value.Type?.TypeKind == TypeKind.Enum ? EnumLabel(literal, TypeMapper.Map(constant.Value.Type)) : literal);
                        break;
                    default:
                        Unsupported(clause, "A pattern case label");
                        break;
                }
            }

            var body = new List<Stmt>();
            foreach (var statement in section.Body)
            {
                AddStatement(statement, body);
            }

            sections.Add(new SwitchSection(labels.ToEquatableArray(), body.ToEquatableArray()));
        }

        return new SwitchStmt(value, sections.ToEquatableArray());
    }

    /// <summary>An enum case label: its folded value needs a cast back to the enum (<c>case (global::E)1:</c>).</summary>
    private static LiteralExpr EnumLabel(LiteralExpr value, IrType enumType)
        => new("(" + enumType.Code + ")" + (value.Code.StartsWith("-", System.StringComparison.Ordinal) ? "(" + value.Code + ")" : value.Code), enumType);

    private Expr? ParseAssignable(IOperation target)
    {
        switch (target)
        {
            case IParameterReferenceOperation { Parameter: var parameter } when CallResolver.IsDifferentiatedStruct(parameter):
                Unsupported(target, "Assigning to the struct parameter '" + parameter.Name + "' (its members are differentiated through the caller's tangent: copy the members you change into double locals)");
                return null;
            case ILocalReferenceOperation or IParameterReferenceOperation:
            case IArrayElementReferenceOperation:
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsSpanLike(indexer.Instance?.Type):
                return ParseExpression(target);
            case IFieldReferenceOperation field:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WriteToFieldOrStatic, LocationInfo.From(target.Syntax), methodName, field.Field.Name));
                return null;
            case IPropertyReferenceOperation property:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WriteToFieldOrStatic, LocationInfo.From(target.Syntax), methodName, property.Property.Name));
                return null;
            default:
                Unsupported(target, "Assignment to " + DescribeExpression(target));
                return null;
        }
    }

    public Expr ParseExpression(IOperation operation)
    {
        if (nesting >= MaxNesting)
        {
            TooDeep(operation, "An expression nested more than " + MaxNesting + " levels deep (parentheses, calls, casts or operands on the right)");
            return new DefaultExpr(TypeMapper.Map(operation.Type));
        }

        nesting++;
        irDepth++;
        MaxIrDepth = System.Math.Max(MaxIrDepth, irDepth);
        try
        {
            var expression = ParseExpressionCore(operation);

            // 'x!' has no operation of its own; keep it on references and nullable structs (never on floating values,
            // which cannot be null and are differentiated).
            return !expression.Type.IsFloating && IsNullForgiven(operation.Syntax)
                ? new UnaryExpr(UnaryOp.SuppressNullable, expression, expression.Type)
                : expression;
        }
        finally
        {
            nesting--;
            irDepth--;
        }
    }

    /// <summary>Reported once per method: the first place found too deep.</summary>
    private void TooDeep(IOperation operation, string what)
    {
        if (!tooDeepReported)
        {
            tooDeepReported = true;
            Unsupported(operation, what);
        }
    }

    /// <summary>
    /// <c>a + b + c + …</c>: Roslyn nests it to the left, one level per operator. The chain of left operands is walked
    /// in a loop (10,000 terms must not take 10,000 stack frames), then the IR is built from the innermost operand out.
    /// Each node is what <see cref="ParseExpressionCore"/> would make of it: it stops at a constant (folded), a
    /// user-defined or unsupported operator, or a null-forgiven operand.
    /// </summary>
    private Expr ParseBinaryChain(IBinaryOperation root)
    {
        var chain = new List<(IBinaryOperation Operation, BinaryOp Op)> { (root, BinaryOpOf(root.OperatorKind)!.Value) };
        var current = root.LeftOperand;
        while (current is IBinaryOperation { ConstantValue.HasValue: false } left
               && IsBuiltInOperator(left)
               && BinaryOpOf(left.OperatorKind) is { } op
               && !IsNullForgiven(left.Syntax))
        {
            chain.Add((left, op));
            current = left.LeftOperand;
        }

        if (irDepth + chain.Count > MaxChainLength)
        {
            TooDeep(root, "An expression with more than " + MaxChainLength + " operators in a chain");
            return new DefaultExpr(TypeMapper.Map(root.Type));
        }

        if (chain.Count(c => c.Op is BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder) > MaxNesting)
        {
            // The derivative of a product nests one level per factor (d(p·a) = dp·a + p·da): as deep as nesting.
            TooDeep(root, "A chain of more than " + MaxNesting + " multiplications or divisions (its derivative nests one level per factor)");
            return new DefaultExpr(TypeMapper.Map(root.Type));
        }

        var outer = irDepth;
        irDepth = outer + chain.Count - 1;
        var result = ParseExpression(current);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (operation, op) = chain[i];
            irDepth = outer + i;
            if (op == BinaryOp.Remainder)
            {
                CheckDerivativeNeeds(operation, operation.ConstrainedToType, "%");
            }

            result = new BinaryExpr(op, result, ParseExpression(operation.RightOperand), TypeMapper.Map(operation.Type), LocationInfo.From(operation.Syntax));
        }

        irDepth = outer;
        return result;
    }

    private static bool IsNullForgiven(SyntaxNode syntax)
        => syntax.Parent is PostfixUnaryExpressionSyntax suppressed
           && suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression)
           && suppressed.Operand == syntax;

    private Expr ParseExpressionCore(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var type = TypeMapper.Map(operation.Type);
        if (operation.ConstantValue.HasValue && operation is not IDeclarationExpressionOperation)
        {
            var literal = LiteralFormatter.TryFormat(operation.ConstantValue.Value, type);
            if (literal is not null)
            {
                return literal.Type.Element == ScalarKind.Other || Equals(literal.Type, type) ? literal : new ConvertExpr(literal, type, IsExplicit: true);
            }
        }

        if (operation is IPropertyReferenceOperation { Property.IsIndexer: false, Instance: null or IInstanceReferenceOperation } or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
            && IsRandom(operation.Type))
        {
            // Random.Shared, a static Random field, a Random field of 'this': every generated member would draw again.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HiddenRandomness, LocationInfo.From(operation.Syntax), Shorten(operation.Syntax), methodName));
        }

        switch (operation)
        {
            case ILocalReferenceOperation local when patternLocals.TryGetValue(local.Local, out var renamed):
                return new LocalExpr(renamed, TypeMapper.Map(local.Local.Type));
            case ILocalReferenceOperation local:
                return new LocalExpr(local.Local.Name, TypeMapper.Map(local.Local.Type));
            case IParameterReferenceOperation parameter when substitutions is not null && substitutions.TryGetValue(parameter.Parameter, out var bound):
                return bound;
            case IParameterReferenceOperation parameter:
                return new LocalExpr(parameter.Parameter.Name, TypeMapper.Map(parameter.Parameter.Type));
            case IBinaryOperation binary when IsBuiltInOperator(binary) && MapBinary(binary.OperatorKind, binary) is not null:
                return ParseBinaryChain(binary);
            case IUnaryOperation unary when IsBuiltInOperator(unary) && MapUnary(unary.OperatorKind) is { } unaryOp:
                return new UnaryExpr(unaryOp, ParseExpression(unary.Operand), type);
            case IConversionOperation { Operand: ITupleOperation converted } when type.IsDifferentiableStruct && operation.Type is INamedTypeSymbol { IsTupleType: true }:
                // (1, x) returned as (double, double): each element converts on its own.
                return LowerTuple(converted.Elements, type);
            case IConversionOperation { Operand: IThrowOperation { Exception: not null } thrown }:
                // 'c ? x : throw e': the throw's implicit conversion to the branch type is no value to convert.
                return new ThrowExpr(ParseExpression(thrown.Exception), type);
            case IConversionOperation conversion when conversion.OperatorMethod is null:
                return new ConvertExpr(ParseExpression(conversion.Operand), type, !conversion.IsImplicit, LocationInfo.From(conversion.Syntax));
            case IConversionOperation { IsImplicit: true } spanConversion when type.Shape != ShapeKind.Scalar && TypeMapper.Map(spanConversion.Operand.Type).Shape != ShapeKind.Scalar:
                // Span<T> → ReadOnlySpan<T>, T[] → Span<T>: the same elements, printed as the operand alone.
                return new ConvertExpr(ParseExpression(spanConversion.Operand), type, IsExplicit: false, LocationInfo.From(spanConversion.Syntax));
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return new ConditionalExpr(ParseExpression(conditional.Condition), ParseExpression(conditional.WhenTrue), ParseExpression(conditional.WhenFalse), type);
            case IInvocationOperation invocation:
                return ParseInvocation(invocation, type);
            case IIsPatternOperation isPattern when LowerIsPattern(isPattern) is { } test:
                return test;
            case IIsTypeOperation { IsNegated: false } isType:
                return LowerIsType(isType);
            case ISwitchExpressionOperation switchExpression when LowerSwitchExpression(switchExpression, type) is { } chosen:
                return chosen;
            case IInterpolatedStringOperation interpolated:
                return LowerInterpolatedString(interpolated, type);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return new ElementExpr(ParseExpression(element.ArrayReference), ParseExpression(element.Indices[0]), type);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when IsSpanLike(indexer.Instance?.Type):
                return new ElementExpr(ParseExpression(indexer.Instance!), ParseExpression(indexer.Arguments[0].Value), type);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when GenericStaticMember(property, type) is { } member:
                return member;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return property.Instance is null
                    ? new MemberExpr(null, property.Property.ContainingType.ToDisplayString(TypeMapper.FullyQualified) + "." + property.Property.Name, type, LocationInfo.From(property.Syntax))
                    : new MemberExpr(ParseExpression(property.Instance), property.Property.Name, type, LocationInfo.From(property.Syntax));
            case IFieldReferenceOperation field:
                // A named tuple element (t.X) is the field Item1 underneath, which is how the struct's members are known.
                return field.Instance is null
                    ? new MemberExpr(null, field.Field.ContainingType.ToDisplayString(TypeMapper.FullyQualified) + "." + field.Field.Name, type, LocationInfo.From(field.Syntax))
                    : new MemberExpr(ParseExpression(field.Instance), (field.Field.CorrespondingTupleField ?? field.Field).Name, type, LocationInfo.From(field.Syntax));
            case ITupleOperation tuple when type.IsDifferentiableStruct:
                return LowerTuple(tuple.Elements, type);
            case IObjectCreationOperation { Initializer: null, Constructor: not null } creation:
                return ArgumentsKeepTheirOrder(creation, creation.Arguments)
                    ? new NewObjectExpr(creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => ParseExpression(a.Value)).ToEquatableArray(), type)
                    : new DefaultExpr(type);
            case IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } array:
                return new NewCollectionExpr(ParseExpression(array.DimensionSizes[0]), OnStack: false, type);
            case IDefaultValueOperation:
                return new DefaultExpr(type);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                // 'this' (written or implied) in an instance method: its fields and properties are read as constants.
                return Ir.This(type);
            case IThrowOperation { Exception: not null } throwExpression:
                return new ThrowExpr(ParseExpression(throwExpression.Exception), type);
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
            {
                var localType = TypeMapper.Map(declared.Local.Type);
                pendingDeclarations.Add(new DeclareStmt(declared.Local.Name, localType, null));
                return new LocalExpr(declared.Local.Name, localType);
            }

            case IDiscardOperation discard:
            {
                var name = "discard" + discardCounter++;
                pendingDeclarations.Add(new DeclareStmt(name, type, null));
                return new LocalExpr(name, type);
            }

            default:
                // Only the plain form: an initializer's values would be lost (Roslyn gives no operation for them).
                if (operation.Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null }
                    && operation.ChildOperations.FirstOrDefault() is { } length)
                {
                    return new NewCollectionExpr(ParseExpression(length), OnStack: true, type);
                }

                Unsupported(operation, DescribeExpression(operation));
                return new DefaultExpr(type);
        }
    }

    private Expr ParseInvocation(IInvocationOperation invocation, IrType type)
    {
        var callee = invocation.TargetMethod;
        if (callee.MethodKind == MethodKind.LocalFunction)
        {
            return InlineLocalFunction(invocation, type);
        }

        if ((GenericConstant(invocation, type) ?? GenericConversion(invocation, type)) is { } constant)
        {
            return constant;
        }

        if (!ArgumentsKeepTheirOrder(invocation, invocation.Arguments))
        {
            return new DefaultExpr(type);
        }

        var arguments = new List<Argument>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.ParamArray && argument.Value is not IArrayCreationOperation { Initializer: null })
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } init } && init.ElementValues.Length == 0)
                {
                    continue;
                }

                Unsupported(argument, "A 'params' argument list");
                continue;
            }

            var kind = argument.Parameter is null ? IR.ArgumentKind.Value : CallResolver.KindOf(argument.Parameter.RefKind);
            arguments.Add(new Argument(kind, ParseExpression(argument.Value)));
        }

        CheckDerivativeNeeds(invocation, invocation.ConstrainedToType, callee.Name);
        var receiver = callee.IsStatic || invocation.Instance is null ? null : ParseExpression(invocation.Instance);
        return new CallExpr(CallResolver.Resolve(callee, ConstrainedOwner(invocation.ConstrainedToType)), receiver, arguments.ToEquatableArray(), type, LocationInfo.From(invocation.Syntax));
    }

    /// <summary>
    /// Arguments are emitted in parameter order. C# evaluates named arguments in source order, so when they are
    /// reordered and two of them make calls (a Random drawn twice, say) the generated code would differ: RPG0003.
    /// </summary>
    private bool ArgumentsKeepTheirOrder(IOperation call, ImmutableArray<IArgumentOperation> arguments)
    {
        var given = arguments.Where(a => a.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.Explicit).ToList();
        var ordinals = given.OrderBy(a => a.Syntax.SpanStart).Select(a => a.Parameter?.Ordinal ?? 0).ToList();
        var reordered = ordinals.Zip(ordinals.Skip(1), (first, second) => first > second).Any(outOfOrder => outOfOrder);
        if (!reordered || given.Count(a => a.Value.DescendantsAndSelf().Any(o => o is IInvocationOperation or IObjectCreationOperation)) < 2)
        {
            return true;
        }

        Unsupported(call, "Named arguments out of parameter order with calls in two of them (the generated call would evaluate them in another order)");
        return false;
    }

    private static bool IsRandom(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "Random" && t.ContainingNamespace?.ToDisplayString() == "System")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSpanLike(ITypeSymbol? type) => TypeMapper.Map(type).Shape is ShapeKind.Span or ShapeKind.ReadOnlySpan;

    private static IrType Widen(IrType left, IrType right)
    {
        if (left.Element == ScalarKind.Double || right.Element == ScalarKind.Double)
        {
            return IrType.Double;
        }

        return left.Element == ScalarKind.Float || right.Element == ScalarKind.Float ? IrType.Float : left;
    }

    private BinaryOp? MapBinary(BinaryOperatorKind kind, IOperation operation)
    {
        var op = BinaryOpOf(kind);
        if (op is null)
        {
            Unsupported(operation, "The operator '" + kind + "'");
        }

        return op;
    }

    private static BinaryOp? BinaryOpOf(BinaryOperatorKind kind)
        => kind switch
        {
            BinaryOperatorKind.Add => BinaryOp.Add,
            BinaryOperatorKind.Subtract => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply => BinaryOp.Multiply,
            BinaryOperatorKind.Divide => BinaryOp.Divide,
            BinaryOperatorKind.Remainder => BinaryOp.Remainder,
            BinaryOperatorKind.Equals => BinaryOp.Equals,
            BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
            BinaryOperatorKind.LessThan => BinaryOp.Less,
            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOp.Greater,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
            BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
            BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
            BinaryOperatorKind.And => BinaryOp.And,
            BinaryOperatorKind.Or => BinaryOp.Or,
            BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
            BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
            BinaryOperatorKind.RightShift => BinaryOp.RightShift,
            _ => null,
        };

    private static UnaryOp? MapUnary(UnaryOperatorKind kind) => kind switch
    {
        UnaryOperatorKind.Minus => UnaryOp.Negate,
        UnaryOperatorKind.Plus => UnaryOp.Plus,
        UnaryOperatorKind.Not => UnaryOp.Not,
        UnaryOperatorKind.BitwiseNegation => UnaryOp.BitwiseNot,
        _ => null,
    };

    private void Unsupported(IOperation operation, string what)
        => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(operation.Syntax), what, methodName));

    private static string DescribeStatement(IOperation operation) => operation.Syntax switch
    {
        ForEachStatementSyntax => "A 'foreach' loop",
        TryStatementSyntax => "A 'try' statement",
        UsingStatementSyntax => "A 'using' statement",
        LockStatementSyntax => "A 'lock' statement",
        GotoStatementSyntax => "A 'goto' statement",
        LabeledStatementSyntax => "A labeled statement",
        LocalFunctionStatementSyntax => "A local function",
        YieldStatementSyntax => "A 'yield' statement",
        CheckedStatementSyntax => "A 'checked' block",
        UnsafeStatementSyntax => "An 'unsafe' block",
        FixedStatementSyntax => "A 'fixed' statement",
        _ => "The statement '" + Shorten(operation.Syntax) + "'",
    };

    private static string DescribeExpression(IOperation operation) => operation switch
    {
        IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IAnonymousFunctionOperation } => "A lambda expression (lambdas and LINQ are not differentiated: write a for or foreach loop over the span or array instead)",
        IDeconstructionAssignmentOperation => "A tuple deconstruction",
        IBinaryOperation { OperatorMethod: not null, Syntax: BinaryExpressionSyntax binary } => "The user-defined operator '" + binary.OperatorToken.Text + "'",
        IUnaryOperation { OperatorMethod: not null, Syntax: PrefixUnaryExpressionSyntax unary } => "The user-defined operator '" + unary.OperatorToken.Text + "'",
        IInterpolatedStringOperation => "An interpolated string",
        ICoalesceOperation => "The '??' operator",
        IIsPatternOperation or IIsTypeOperation => "An 'is' test",
        ISwitchExpressionOperation => "A switch expression",
        ITupleOperation => "A tuple",
        IObjectCreationOperation => "An object initializer",
        IArrayCreationOperation => "An array initializer",
        IFieldReferenceOperation or IPropertyReferenceOperation => "The member access '" + Shorten(operation.Syntax) + "'",
        _ when operation.Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax => "A stackalloc initializer",
        _ when operation.Syntax is CollectionExpressionSyntax => "A collection expression",
        _ => "The expression '" + Shorten(operation.Syntax) + "'",
    };

    private static string OperatorText(SyntaxNode syntax) => syntax switch
    {
        AssignmentExpressionSyntax assignment => assignment.OperatorToken.Text,
        PostfixUnaryExpressionSyntax postfix => postfix.OperatorToken.Text,
        PrefixUnaryExpressionSyntax prefix => prefix.OperatorToken.Text,
        _ => Shorten(syntax),
    };

    private static string Shorten(SyntaxNode syntax)
    {
        var text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }
}
