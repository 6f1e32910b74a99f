using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Everyday C# lowered onto the constructs the differentiator already knows, so that no new IR node (and no new
/// rule) is needed: <c>foreach</c> over a span or array becomes an indexed <c>for</c>; <c>is</c> patterns
/// (relational, constant, <c>and</c>/<c>or</c>/<c>not</c>, discard) become comparisons; a switch expression becomes
/// a chain of <c>?:</c>; an interpolated string becomes <c>string.Format</c> (the same formatting, current culture).
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary><c>foreach (var x in s) body</c> → <c>for (int i = 0; i &lt; s.Length; i++) { var x = s[i]; body }</c>.</summary>
    private Stmt? LowerForEach(IForEachLoopOperation loop)
    {
        var collectionOperation = loop.Collection;
        while (collectionOperation is IConversionOperation { IsImplicit: true } conversion)
        {
            collectionOperation = conversion.Operand;
        }

        var collectionType = TypeMapper.Map(collectionOperation.Type);
        if (collectionType.Shape == ShapeKind.Scalar || loop.LoopControlVariable is not IVariableDeclaratorOperation declarator)
        {
            return null; // described as "A 'foreach' loop" by the caller's default
        }

        // The collection is evaluated once, before the loop, as C# does.
        var collection = ParseExpression(collectionOperation);
        if (collection is not LocalExpr)
        {
            var name = FreshLocalName("items", loop);
            pendingDeclarations.Add(new DeclareStmt(name, collectionType, collection));
            collection = new LocalExpr(name, collectionType);
        }

        var index = new LocalExpr(FreshLocalName("i", loop), IrType.Int32);
        var variableType = TypeMapper.Map(declarator.Symbol.Type);
        Expr element = new ElementExpr(collection, index, collectionType.ElementType);
        if (!Equals(element.Type, variableType))
        {
            element = new ConvertExpr(element, variableType, IsExplicit: true, LocationInfo.From(loop.Syntax));
        }

        var body = new List<Stmt> { new DeclareStmt(declarator.Symbol.Name, variableType, element) };
        body.AddRange(ParseBlock(loop.Body).Statements);
        return new ForStmt(
            EquatableArray.Create<Stmt>(new DeclareStmt(index.Name, IrType.Int32, new LiteralExpr("0", IrType.Int32))),
            new BinaryExpr(BinaryOp.Less, index, new MemberExpr(collection, "Length", IrType.Int32), IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(index, new BinaryExpr(BinaryOp.Add, index, new LiteralExpr("1", IrType.Int32), IrType.Int32))),
            new BlockStmt(body.ToEquatableArray()),
            LocationInfo.From(loop.Syntax));
    }

    /// <summary><c>v is &gt; 0 and not 3</c> → <c>v &gt; 0 &amp;&amp; !(v == 3)</c>; null when a pattern has no such form.</summary>
    private Expr? LowerIsPattern(IIsPatternOperation test)
    {
        if (!IsLowerable(test.Pattern))
        {
            return null;
        }

        var value = ParseExpression(test.Value);
        if (!IsSimple(value) && CountTests(test.Pattern) > 1)
        {
            Unsupported(test, "A pattern with several tests on an expression that is not a local or a parameter (store it in a local first)");
            return new DefaultExpr(IrType.Bool);
        }

        if (WhyNotLowered(test.Pattern, value, test) is { } why)
        {
            Unsupported(test, why);
            return new DefaultExpr(IrType.Bool);
        }

        return Pattern(value, test.Pattern);
    }

    /// <summary><c>v switch { p₁ when g₁ =&gt; e₁, …, _ =&gt; eₙ }</c> → <c>p₁(v) &amp;&amp; g₁ ? e₁ : … : eₙ</c>.</summary>
    private Expr? LowerSwitchExpression(ISwitchExpressionOperation switchExpression, IrType type)
    {
        if (switchExpression.Arms.Any(arm => !IsLowerable(arm.Pattern)))
        {
            return null;
        }

        var value = ParseExpression(switchExpression.Value);
        if (!IsSimple(value) && switchExpression.Arms.Length > 1)
        {
            Unsupported(switchExpression, "A switch expression on an expression that is not a local or a parameter (store it in a local first)");
            return new DefaultExpr(type);
        }

        foreach (var arm in switchExpression.Arms)
        {
            if (WhyNotLowered(arm.Pattern, value, switchExpression) is { } why)
            {
                Unsupported(arm.Pattern, why);
                return new DefaultExpr(type);
            }
        }

        // No arm matches: C# throws SwitchExpressionException with the value.
        Expr result = new ThrowExpr(
            new NewObjectExpr(EquatableArray.Create<Expr>(new ConvertExpr(value, new IrType(ScalarKind.Other, ShapeKind.Scalar, "object"), IsExplicit: true)),
                new IrType(ScalarKind.Other, ShapeKind.Scalar, "global::System.Runtime.CompilerServices.SwitchExpressionException")),
            type);
        foreach (var arm in switchExpression.Arms.Reverse())
        {
            // The pattern first: the variables it declares are read by the guard and the value.
            Expr test = Pattern(value, arm.Pattern);
            if (arm.Guard is not null)
            {
                test = test is LiteralExpr { Code: "true" } ? ParseExpression(arm.Guard) : new BinaryExpr(BinaryOp.ConditionalAnd, test, ParseExpression(arm.Guard), IrType.Bool);
            }

            var armValue = ParseExpression(arm.Value);
            if (!Equals(armValue.Type, type) && armValue is not ThrowExpr)
            {
                armValue = new ConvertExpr(armValue, type, IsExplicit: true);
            }

            result = test is LiteralExpr { Code: "true" } ? armValue : new ConditionalExpr(test, armValue, result, type);
        }

        return result;
    }

    /// <summary><c>$"a {x,5:F2} b"</c> → <c>string.Format("a {0,5:F2} b", x)</c>: the same text in the current culture.</summary>
    private Expr LowerInterpolatedString(IInterpolatedStringOperation interpolated, IrType type)
    {
        var format = new StringBuilder();
        var arguments = new List<Argument>();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }:
                    format.Append(text.Replace("{", "{{").Replace("}", "}}"));
                    break;
                case IInterpolationOperation hole:
                    format.Append('{').Append(arguments.Count.ToString(CultureInfo.InvariantCulture));
                    if (hole.Alignment?.ConstantValue is { HasValue: true, Value: int alignment })
                    {
                        format.Append(',').Append(alignment.ToString(CultureInfo.InvariantCulture));
                    }

                    if (hole.FormatString?.ConstantValue is { HasValue: true, Value: string holeFormat })
                    {
                        format.Append(':').Append(holeFormat);
                    }

                    format.Append('}');
                    arguments.Add(new Argument(IR.ArgumentKind.Value, new ConvertExpr(ParseExpression(hole.Expression), new IrType(ScalarKind.Other, ShapeKind.Scalar, "object?"), IsExplicit: true)));
                    break;
                default:
                    Unsupported(part, "This part of an interpolated string");
                    break;
            }
        }

        arguments.Insert(0, new Argument(IR.ArgumentKind.Value, Ir.Text(format.ToString()) with { Type = type }));
        var target = new CallTarget("string", "Format", true, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null);
        return new CallExpr(target, null, arguments.ToEquatableArray(), type, LocationInfo.From(interpolated.Syntax));
    }

    /// <summary>
    /// A tuple of floating values, <c>(x, y)</c>, as the value <c>default((double, double)) with { Item1 = x, Item2 = y }</c>:
    /// the form the differentiator knows for every differentiable struct (its tangent is the same form over the
    /// elements' tangents). Each element is converted to its member's type, as the tuple conversion does.
    /// </summary>
    private Expr LowerTuple(ImmutableArray<IOperation> elements, IrType type)
    {
        var members = new List<MemberInit>();
        for (var k = 0; k < elements.Length; k++)
        {
            var name = "Item" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var value = ParseExpression(elements[k]);
            var memberType = type.Fields!.Value.FirstOrDefault(f => f.Name == name)?.Type;
            if (memberType is not null && !Equals(memberType, value.Type) && value.Type.Shape == ShapeKind.Scalar && memberType.IsFloatingScalar)
            {
                value = new ConvertExpr(value, memberType, IsExplicit: true);
            }

            members.Add(new MemberInit(name, value));
        }

        return new WithExpr(new DefaultExpr(type), members.ToEquatableArray(), type);
    }

    /// <summary>
    /// <c>(a, b) = (b, a)</c> and <c>var (x, y) = (u, v)</c>, onto locals, parameters and discards: every value is
    /// computed into a temporary first, then assigned, as C# does (so a swap swaps).
    /// </summary>
    private Stmt? LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        var value = deconstruction.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (target is ITupleOperation whole && value is not ITupleOperation && TypeMapper.Map(value.Type).IsDifferentiableStruct
            && LowerDeconstructionOfValue(deconstruction, whole, value) is { } fromValue)
        {
            return fromValue;
        }

        if (target is not ITupleOperation targets || value is not ITupleOperation values || targets.Elements.Length != values.Elements.Length
            || targets.Elements.Any(t => t is not (ILocalReferenceOperation or IParameterReferenceOperation or IDiscardOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation })))
        {
            return null; // "A tuple deconstruction", reported by the caller
        }

        var temporaries = new List<LocalExpr>();
        for (var k = 0; k < values.Elements.Length; k++)
        {
            var element = targets.Elements[k] is IDiscardOperation ? null : targets.Elements[k];
            var type = TypeMapper.Map(element?.Type ?? values.Elements[k].Type);
            var computed = ParseExpression(values.Elements[k]);
            if (!Equals(computed.Type, type) && computed.Type.IsFloating)
            {
                computed = new ConvertExpr(computed, type, IsExplicit: true);
            }

            var temporary = new LocalExpr(FreshLocalName("item", deconstruction), type);
            pendingDeclarations.Add(new DeclareStmt(temporary.Name, type, computed));
            temporaries.Add(temporary);
        }

        var assignments = new List<Stmt>();
        for (var k = 0; k < targets.Elements.Length; k++)
        {
            var element = targets.Elements[k];
            if (element is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared })
            {
                element = declared;
            }

            if (element is ILocalReferenceOperation { IsDeclaration: true } local)
            {
                pendingDeclarations.Add(new DeclareStmt(local.Local.Name, TypeMapper.Map(local.Local.Type), null));
            }

            if (element is not IDiscardOperation)
            {
                assignments.Add(new AssignStmt(ParseExpression(element), temporaries[k]));
            }
        }

        return assignments.Count == 1 ? assignments[0] : new BlockStmt(assignments.ToEquatableArray());
    }

    /// <summary>
    /// <c>var (x, y) = Polar(r, t)</c>: the tuple goes into a temporary, then each element is read from it
    /// (<c>x = item.Item1</c>), so a differentiated call returning a tuple is called once and its tangent follows.
    /// </summary>
    private Stmt? LowerDeconstructionOfValue(IDeconstructionAssignmentOperation deconstruction, ITupleOperation targets, IOperation value)
    {
        if (targets.Elements.Any(t => t is not (ILocalReferenceOperation or IParameterReferenceOperation or IDiscardOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation })))
        {
            return null; // nested deconstruction: "A tuple deconstruction", reported by the caller
        }

        var tupleType = TypeMapper.Map(value.Type);
        var temporary = new LocalExpr(FreshLocalName("item", deconstruction), tupleType);
        pendingDeclarations.Add(new DeclareStmt(temporary.Name, tupleType, ParseExpression(value)));
        var assignments = new List<Stmt>();
        for (var k = 0; k < targets.Elements.Length; k++)
        {
            var element = targets.Elements[k];
            if (element is IDiscardOperation)
            {
                continue;
            }

            if (element is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared })
            {
                element = declared;
            }

            if (element is ILocalReferenceOperation { IsDeclaration: true } local)
            {
                pendingDeclarations.Add(new DeclareStmt(local.Local.Name, TypeMapper.Map(local.Local.Type), null));
            }

            var target = ParseExpression(element);
            var name = "Item" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var memberType = tupleType.Fields!.Value.FirstOrDefault(f => f.Name == name)?.Type ?? target.Type;
            Expr read = new MemberExpr(temporary, name, memberType);
            if (!Equals(memberType, target.Type))
            {
                read = new ConvertExpr(read, target.Type, IsExplicit: !(memberType.Element == ScalarKind.Float && target.Type.Element == ScalarKind.Double));
            }

            assignments.Add(new AssignStmt(target, read));
        }

        return assignments.Count == 1 ? assignments[0] : new BlockStmt(assignments.ToEquatableArray());
    }

    private static bool IsLowerable(IPatternOperation pattern) => pattern switch
    {
        IRelationalPatternOperation or IDiscardPatternOperation => true,
        IConstantPatternOperation constant => constant.Value.ConstantValue.HasValue,
        INegatedPatternOperation negated => IsLowerable(negated.Pattern),
        IBinaryPatternOperation binary => IsLowerable(binary.LeftPattern) && IsLowerable(binary.RightPattern),
        _ => IsTypePattern(pattern) || pattern is IListPatternOperation, // a list pattern gets its own message
    };

    private static int CountTests(IPatternOperation pattern) => pattern switch
    {
        INegatedPatternOperation negated => CountTests(negated.Pattern),
        IBinaryPatternOperation binary => CountTests(binary.LeftPattern) + CountTests(binary.RightPattern),
        IDiscardPatternOperation => 0,
        _ => 1,
    };

    /// <summary>
    /// A value a lowered pattern may read several times: a local, a literal, or a member read of a local
    /// (<c>p.LogSigma</c> of a parameter struct), which reads the same value each time. Not a static member: a static
    /// property (a clock, say) may change between two reads.
    /// </summary>
    private static bool IsSimple(Expr value) => value is LocalExpr or LiteralExpr || (value is MemberExpr { Receiver: LocalExpr or MemberExpr } member && IsSimple(member.Receiver!));

    private Expr Pattern(Expr value, IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IDiscardPatternOperation:
                return new LiteralExpr("true", IrType.Bool);
            case IRelationalPatternOperation or IConstantPatternOperation when NeedsNarrowing(value, pattern):
                // 'o is > 3' on an object: a type test, then the comparison on the value as that type.
                return And(TypeTest(value, pattern.NarrowedType, pattern), Pattern(Narrow(value, pattern.NarrowedType), pattern));
            case IRelationalPatternOperation relational:
            {
                var op = relational.OperatorKind switch
                {
                    BinaryOperatorKind.LessThan => BinaryOp.Less,
                    BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
                    BinaryOperatorKind.GreaterThan => BinaryOp.Greater,
                    BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
                    BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
                    _ => BinaryOp.Equals,
                };
                return new BinaryExpr(op, value, ParseExpression(relational.Value), IrType.Bool, LocationInfo.From(relational.Syntax));
            }

            case IConstantPatternOperation constant:
                return new BinaryExpr(BinaryOp.Equals, value, ParseExpression(constant.Value), IrType.Bool, LocationInfo.From(constant.Syntax));
            case INegatedPatternOperation negated:
                return new UnaryExpr(UnaryOp.Not, Pattern(value, negated.Pattern), IrType.Bool);
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both when NeedsNarrowing(value, both.LeftPattern):
                // 'o is int k and > 3': the right side tests the value as the type the left side matched.
                return And(Pattern(value, both.LeftPattern), Pattern(Narrow(value, both.LeftPattern.NarrowedType), both.RightPattern));
            case IBinaryPatternOperation binary:
                return new BinaryExpr(
                    binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOp.ConditionalOr : BinaryOp.ConditionalAnd,
                    Pattern(value, binary.LeftPattern),
                    Pattern(value, binary.RightPattern),
                    IrType.Bool);
            case IDeclarationPatternOperation { MatchesNull: true, DeclaredSymbol: null }:
                return new LiteralExpr("true", IrType.Bool);
            case var typed when IsTypePattern(typed):
                return TypePattern(value, typed);
            default:
                Unsupported(pattern, "This pattern");
                return new LiteralExpr("false", IrType.Bool);
        }
    }
}
