using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Type, declaration and property patterns (<c>o is Foo</c>, <c>o is Foo f</c>, <c>p is { Count: &gt; 0 }</c>) on
/// values that are not differentiated, lowered onto existing nodes plus the type test <see cref="TypeTestExpr"/>:
/// <list type="bullet">
/// <item><c>v is T</c> → <c>v is global::T</c> (nothing when <c>v</c> is a value of type <c>T</c> already);</item>
/// <item><c>v is T { P: p, … }</c> → <c>v is T &amp;&amp; p(((T)v).P) &amp;&amp; …</c>;</item>
/// <item>a designation <c>f</c> → a local declared before the statement, <c>T f = v is T ? (T)v : default!</c>, read
/// wherever the pattern's variable is (it is only read where the pattern matched, as C# guarantees).</item>
/// </list>
/// The value is read several times, so it must be a local, a parameter, <c>this</c> or a member of one; a pattern with
/// a designation must be where a statement starts (not in a loop condition, a branch of <c>?:</c>, right of
/// <c>&amp;&amp;</c>/<c>||</c>). A value that carries a derivative is refused when the differentiator sees it
/// (a type test on it means it was boxed or wrapped). Positional and list patterns stay RPG0003.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Pattern variables, renamed to a fresh local each (two patterns may declare the same name in one block).</summary>
    private readonly Dictionary<ILocalSymbol, string> patternLocals = new(SymbolEqualityComparer.Default);

    private static bool IsTypePattern(IPatternOperation pattern) => pattern is ITypePatternOperation or IDeclarationPatternOperation or IRecursivePatternOperation;

    /// <summary>
    /// A pattern on a reference (an <c>object</c>, an interface) that matches only values of a narrower type: what
    /// follows it reads the value as that type (<c>(int)o</c>).
    /// </summary>
    private static bool NeedsNarrowing(Expr value, IPatternOperation pattern)
        => !pattern.InputType.IsValueType
           && !SymbolEqualityComparer.Default.Equals(pattern.InputType, pattern.NarrowedType)
           && !Equals(value.Type, TypeMapper.Map(pattern.NarrowedType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));

    /// <summary>Why <paramref name="pattern"/> (at any depth) cannot be lowered on <paramref name="value"/>, or null.</summary>
    private string? WhyNotLowered(IPatternOperation pattern, Expr value, IOperation test)
    {
        var hasTypePattern = false;
        var hasDesignation = false;
        foreach (var inner in pattern.DescendantsAndSelf().OfType<IPatternOperation>())
        {
            switch (inner)
            {
                case IRecursivePatternOperation { DeconstructionSubpatterns.Length: > 0 } or IRecursivePatternOperation { DeconstructSymbol: not null }:
                    return "A positional pattern (match the properties by name instead: '{ X: > 0 }')";
                case IRecursivePatternOperation recursive when recursive.PropertySubpatterns.Any(p => !IsDirectMember(p.Member)):
                    return "An extended property pattern (write the nested form instead: '{ A: { B: > 0 } }')";
                case IListPatternOperation or ISlicePatternOperation:
                    return "A list pattern";
                case IDeclarationPatternOperation { MatchesNull: true } varPattern:
                    hasDesignation |= varPattern.DeclaredSymbol is not null; // 'var x': the value read once, into x
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: not null } or IRecursivePatternOperation { DeclaredSymbol: not null }:
                    hasTypePattern = true;
                    hasDesignation = true;
                    break;
                case ITypePatternOperation or IDeclarationPatternOperation or IRecursivePatternOperation:
                    hasTypePattern = true;
                    break;
                case IRelationalPatternOperation or IConstantPatternOperation when !inner.InputType.IsValueType && !SymbolEqualityComparer.Default.Equals(inner.InputType, inner.NarrowedType):
                    hasTypePattern = true; // 'o is > 3': a type test too
                    break;
            }
        }

        if (hasTypePattern && !IsReadAgain(value))
        {
            return "A type, declaration or property pattern on an expression that is not a local, a parameter or a field or property of one (store it in a local first)";
        }

        if (hasDesignation && !(inliningInStraightLine && IsStraightLine(test)))
        {
            return "A pattern that declares a variable in a loop condition, a branch of '?:', right of '&&' or '||', in a switch expression arm or in a statement with an 'out' or 'ref' argument (test it in an 'if' of its own)";
        }

        return null;
    }

    /// <summary>A member of the pattern's input itself (<c>{ Count: … }</c>), not a chain (<c>{ A.B: … }</c>).</summary>
    private static bool IsDirectMember(IOperation member)
        => member is IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } }
            and (IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false });

    /// <summary>Reading it again gives the same value: a local, a parameter, <c>this</c>, or a field or property of one.</summary>
    private static bool IsReadAgain(Expr value) => value switch
    {
        LocalExpr or LiteralExpr => true,
        MemberExpr { Receiver: null } => true,
        MemberExpr { Receiver: { } receiver } => IsReadAgain(receiver),
        ConvertExpr { IsExplicit: false, Operand: var operand } => IsReadAgain(operand),
        _ => false,
    };

    /// <summary><c>v is T</c> written as the 'is' operator (a type and nothing else): the type test.</summary>
    private Expr LowerIsType(IIsTypeOperation test)
    {
        var value = ParseExpression(test.ValueOperand);
        var input = test.ValueOperand.Type;
        if (input is { IsValueType: true } && input.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && SymbolEqualityComparer.Default.Equals(input, test.TypeOperand))
        {
            return new LiteralExpr("true", IrType.Bool);
        }

        return new TypeTestExpr(value, TypeMapper.Map(test.TypeOperand.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), LocationInfo.From(test.Syntax));
    }

    /// <summary>The test of a type, declaration or property pattern on <paramref name="value"/>.</summary>
    private Expr TypePattern(Expr value, IPatternOperation pattern)
    {
        var narrowed = pattern.NarrowedType;
        var matchesAnything = pattern is IDeclarationPatternOperation { MatchesNull: true }; // 'var x'
        var test = matchesAnything ? new LiteralExpr("true", IrType.Bool) : TypeTest(value, narrowed, pattern);
        var cast = Narrow(value, narrowed);
        ISymbol? declared = null;
        switch (pattern)
        {
            case IDeclarationPatternOperation declaration:
                declared = declaration.DeclaredSymbol;
                break;
            case IRecursivePatternOperation recursive:
                declared = recursive.DeclaredSymbol;
                foreach (var property in recursive.PropertySubpatterns)
                {
                    var member = (IMemberReferenceOperation)property.Member;
                    var read = new MemberExpr(cast, Emit.ExpressionPrinter.Identifier(member.Member.Name), TypeMapper.Map(member.Type), LocationInfo.From(property.Syntax));
                    test = And(test, Pattern(read, property.Pattern));
                }

                break;
        }

        if (declared is ILocalSymbol local)
        {
            // Declared not-null: where the user's code reads it, the compiler proved it matched (and is not null);
            // the generated code, which tests apart from the declaration, says so with '!'.
            var name = FreshLocalName(local.Name, pattern);
            patternLocals[local] = name;
            var type = TypeMapper.Map(local.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
            var matched = matchesAnything ? new LiteralExpr("true", IrType.Bool) : TypeTest(value, narrowed, pattern);
            var read = local.Type.IsReferenceType ? new UnaryExpr(UnaryOp.SuppressNullable, cast, type) : cast;
            Expr initial = matched is LiteralExpr { Code: "true" }
                ? read
                : new ConditionalExpr(matched, read, local.Type.IsReferenceType ? new UnaryExpr(UnaryOp.SuppressNullable, new DefaultExpr(type), type) : new DefaultExpr(type), type);
            pendingDeclarations.Add(new DeclareStmt(name, type, initial));
        }

        return test;
    }

    /// <summary><c>value is T</c>, or <c>true</c> when the value is a (non-nullable) value of type <c>T</c> already.</summary>
    private static Expr TypeTest(Expr value, ITypeSymbol tested, IPatternOperation pattern)
    {
        var input = pattern.InputType;
        if (input.IsValueType && input.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && SymbolEqualityComparer.Default.Equals(input, tested))
        {
            return new LiteralExpr("true", IrType.Bool);
        }

        return new TypeTestExpr(value, TypeMapper.Map(tested.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), LocationInfo.From(pattern.Syntax));
    }

    /// <summary>The value as the tested type: a cast when the types differ.</summary>
    private static Expr Narrow(Expr value, ITypeSymbol tested)
    {
        var type = TypeMapper.Map(tested.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        return Equals(value.Type, type) ? value : new ConvertExpr(value, type, IsExplicit: true);
    }

    private static Expr And(Expr left, Expr right)
        => left is LiteralExpr { Code: "true" } ? right : right is LiteralExpr { Code: "true" } ? left : new BinaryExpr(BinaryOp.ConditionalAnd, left, right, IrType.Bool);
}
