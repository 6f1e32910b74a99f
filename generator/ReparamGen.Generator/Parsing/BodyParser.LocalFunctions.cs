using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Local functions whose body is one expression (<c>=&gt; e</c> or <c>{ return e; }</c>) are inlined at each call: a
/// parameter bound to a local, a parameter or a constant is replaced by it; any other argument is computed once into
/// a temporary before the statement (only where that is where C# computes it, and only when it makes no call but
/// <c>Math</c>'s, so that no draw or write moves). Captured variables (locals, parameters, <c>this</c>) are read in
/// place at the call, which is when a C# closure reads them too: captures of differentiated values carry their
/// derivatives like any other read. The rest is RPG0003 at the call, with the reason.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The local functions being inlined, outermost first (a call back into one of them is recursion).</summary>
    private readonly List<IMethodSymbol> inlining = new();

    /// <summary>The parameters of the local function being inlined, bound to what replaces them.</summary>
    private Dictionary<IParameterSymbol, Expr>? substitutions;

    /// <summary>Whether the call being inlined is computed once, where its statement starts (temporaries may go there).</summary>
    private bool inliningInStraightLine = true;

    private Expr InlineLocalFunction(IInvocationOperation invocation, IrType type)
    {
        var callee = invocation.TargetMethod;
        var why = WhyNotInlined(callee, invocation, out var returned);
        if (why is not null || returned is null)
        {
            Unsupported(invocation, "A call to local function '" + callee.Name + "' (" + why + "; only a local function whose body is one expression or 'return' statement is differentiated, by inlining)");
            return new DefaultExpr(type);
        }

        var straightLine = inliningInStraightLine && IsStraightLine(invocation);
        var bindings = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            var parameter = argument.Parameter!;
            var parameterType = TypeMapper.Map(parameter.Type);
            var simple = IsLocalOrConstant(argument.Value);
            if (!simple && !straightLine)
            {
                Unsupported(argument, "An argument of local function '" + callee.Name + "' that is not a local, a parameter or a constant, in a branch of '?:', right of '&&' or '||', in a switch expression arm, in a loop condition or in a statement with an 'out' or 'ref' argument (store it in a local first)");
                return new DefaultExpr(type);
            }

            if (!simple && !IsPure(argument.Value, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)))
            {
                Unsupported(argument, "An argument of local function '" + callee.Name + "' that makes a call (store it in a local first: the call would move before the statement)");
                return new DefaultExpr(type);
            }

            var value = ParseExpression(argument.Value);
            if (!Equals(value.Type, parameterType))
            {
                value = new ConvertExpr(value, parameterType, IsExplicit: true);
            }

            if (simple)
            {
                bindings[parameter] = value;
                continue;
            }

            var temporary = new LocalExpr(FreshLocalName(parameter.Name, invocation), parameterType);
            pendingDeclarations.Add(new DeclareStmt(temporary.Name, parameterType, value));
            bindings[parameter] = temporary;
        }

        var outerSubstitutions = substitutions;
        var outerStraightLine = inliningInStraightLine;
        substitutions = bindings;
        inliningInStraightLine = straightLine;
        inlining.Add(callee);
        try
        {
            var result = ParseExpression(returned);
            return Equals(result.Type, type) ? result : new ConvertExpr(result, type, IsExplicit: true);
        }
        finally
        {
            inlining.RemoveAt(inlining.Count - 1);
            substitutions = outerSubstitutions;
            inliningInStraightLine = outerStraightLine;
        }
    }

    /// <summary>A local, a parameter or a constant (under implicit conversions): read where it is used, it reads the same.</summary>
    private static bool IsLocalOrConstant(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion && !operation.ConstantValue.HasValue)
        {
            operation = conversion.Operand;
        }

        return operation.ConstantValue.HasValue || operation is ILocalReferenceOperation or IParameterReferenceOperation;
    }

    /// <summary>Why a call to <paramref name="callee"/> is not inlined, or null with the returned expression.</summary>
    private string? WhyNotInlined(IMethodSymbol callee, IOperation call, out IOperation? returned)
    {
        returned = null;
        if (callee.IsGenericMethod)
        {
            return "it is generic";
        }

        if (callee.ReturnsVoid || callee.ReturnsByRef || callee.ReturnsByRefReadonly || callee.IsAsync)
        {
            return "it returns no plain value";
        }

        if (callee.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams))
        {
            return "it has a 'ref', 'out', 'in' or 'params' parameter";
        }

        if (inlining.Contains(callee.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            return "it is recursive";
        }

        var body = Declaration(callee, call);
        if (body is null)
        {
            return "its declaration is not found";
        }

        if (body.Operations.Length != 1 || body.Operations[0] is not IReturnOperation { ReturnedValue: { } value })
        {
            return "its body has statements";
        }

        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation inner when SymbolEqualityComparer.Default.Equals(inner.TargetMethod.OriginalDefinition, callee.OriginalDefinition):
                    return "it is recursive";
                case ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local.ContainingSymbol, callee.OriginalDefinition):
                    return "it declares the local '" + local.Local.Name + "'";
            }
        }

        returned = value;
        return null;
    }

    /// <summary>The body of a local function, from the semantic model of the call.</summary>
    private static IBlockOperation? Declaration(IMethodSymbol callee, IOperation call)
    {
        var syntax = callee.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as LocalFunctionStatementSyntax;
        var model = call.SemanticModel;
        if (syntax is null || model is null || syntax.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(syntax) is ILocalFunctionOperation function ? function.Body ?? function.IgnoredBody : null;
    }

    /// <summary>
    /// Whether a temporary computed before the statement holds what C# computes at <paramref name="operation"/>:
    /// not in a branch of <c>?:</c>, right of <c>&amp;&amp;</c>/<c>||</c>/<c>??</c>, in a switch expression arm or
    /// in a loop condition (computed maybe never, or many times), and in a statement with no <c>out</c> or <c>ref</c>
    /// argument (which could write what the temporary reads before C# reads it).
    /// </summary>
    private static bool IsStraightLine(IOperation operation)
    {
        var statement = StatementOf(operation);
        return statement is not null
            && !statement.DescendantsAndSelf().Any(o => o is IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref });
    }

    /// <summary>The statement whose start a temporary for <paramref name="operation"/> would go before; null where there is none.</summary>
    private static IOperation? StatementOf(IOperation operation)
    {
        var child = operation;
        for (; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IBlockOperation or IMethodBodyOperation or ILocalFunctionOperation:
                    return child;
                case IConditionalOperation { Type: null } statement when child != statement.Condition:
                    return child; // a branch of an 'if': a statement of its own
                case IConditionalOperation:
                    if (child != ((IConditionalOperation)parent).Condition)
                    {
                        return null;
                    }

                    break;
                case IWhileLoopOperation loop when child == loop.Condition:
                    return null;
                case IForLoopOperation loop when child == loop.Condition:
                    return null;
                case ILoopOperation:
                    return child; // its body, or a for loop's initializer or incrementor: statements of their own
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when child == binary.RightOperand:
                    return null;
                case ICoalesceOperation coalesce when child == coalesce.WhenNull:
                    return null;
                case IConditionalAccessOperation access when child == access.WhenNotNull:
                    return null;
                case ISwitchExpressionArmOperation or IAnonymousFunctionOperation or IPatternOperation:
                    return null;
                case ISwitchCaseOperation:
                    return child;
            }
        }

        return child;
    }

    /// <summary>Makes no call but to <c>Math</c>/<c>MathF</c> and to local functions that make none (so moving it moves no draw or write).</summary>
    private static bool IsPure(IOperation operation, HashSet<IMethodSymbol> seen)
    {
        foreach (var inner in operation.DescendantsAndSelf())
        {
            switch (inner)
            {
                case IInvocationOperation call when call.TargetMethod.MethodKind == MethodKind.LocalFunction:
                    if (!seen.Add(call.TargetMethod.OriginalDefinition))
                    {
                        break; // its body was checked (or is being checked)
                    }

                    if (Declaration(call.TargetMethod, call) is not { } body || !IsPure(body, seen))
                    {
                        return false;
                    }

                    break;
                case IInvocationOperation call:
                    if (!call.TargetMethod.IsStatic
                        || call.TargetMethod.ContainingType?.ToDisplayString() is not ("System.Math" or "System.MathF")
                        || call.Arguments.Any(a => a.Parameter?.RefKind is not (null or RefKind.None)))
                    {
                        return false;
                    }

                    break;
                case IObjectCreationOperation or IAssignmentOperation or IIncrementOrDecrementOperation or IDynamicInvocationOperation
                    or IDelegateCreationOperation or IAnonymousFunctionOperation or IArrayCreationOperation or IThrowOperation:
                    return false;
            }
        }

        return true;
    }
}
