using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Where a differentiated value meets an operation without a derivative. The rule is "a right derivative
/// or a diagnostic at the operation, never a silent zero": piecewise-constant operations (integer casts,
/// Floor, …) warn with RPG0005; conversions and calls that carry the value into a type without
/// derivatives (decimal, nullable, string, a struct) are errors. Calls that write differentiated outputs
/// from inside a condition or another non-differentiated expression are hoisted before it when that keeps
/// the evaluation order, and are an error where it would not (loop conditions, the right of &amp;&amp;/||).
/// </summary>
internal sealed partial class TangentTransformer
{
    /// <summary>Reports, once for the whole body, every operation where a differentiated value loses its derivative.</summary>
    private void CheckActivity(Stmt body)
    {
        // Paths that only throw never complete: nothing they compute reaches a result.
        foreach (var node in IrWalker.DescendantsAndSelf(body, static n => n is not (ThrowStmt or ThrowExpr)))
        {
            if (node is Expr e)
            {
                CheckOperation(e);
            }
        }
    }

    private void CheckOperation(Expr e)
    {
        switch (e)
        {
            case ConvertExpr { Operand: var operand } convert when operand.Type.IsFloatingScalar && !convert.Type.IsFloating && AnyActive(operand):
                if (convert.Type.IsIntegral || convert.Type.Element == ScalarKind.Bool)
                {
                    Report(DiagnosticDescriptors.NonDifferentiableOperation, convert.Location, "The conversion to '" + convert.Type.Code + "'", "0");
                }
                else
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, convert.Location,
                        "The conversion of a differentiated value to '" + convert.Type.Code.Replace("global::", "") + "' (its derivative would be lost: keep the value in double or float)", method.Name);
                }

                return;
            case CallExpr { Target.BuiltInRule: { } rule } call when BuiltInRules.IsPiecewiseConstant(rule) && call.Arguments.Any(a => AnyActive(a.Value)):
                Report(DiagnosticDescriptors.NonDifferentiableOperation, call.Location, "'" + call.Target.Name + "'", "0");
                return;
            case CallExpr call when ActivityAnalysis.IsTracked(call.Type) && !call.Type.IsFloating && InputsActive(call) && Resolve(call).TangentSource == TangentSourceKind.None:
                // a.ToString(), a struct or nullable made from a differentiated value: nothing carries its derivative on.
                ReportNoTangent(call);
                return;
            case CallExpr call when call.Type.IsIntegral && InputsActive(call) && Resolve(call).TangentSource == TangentSourceKind.None:
                // An integer computed from a differentiated value by a call without a rule (an index, a count): piecewise
                // constant, like an integer cast.
                Report(DiagnosticDescriptors.NonDifferentiableOperation, call.Location, "'" + call.Target.Name + "', which returns an integer,", "0");
                return;
            case MemberExpr { Type.HasTangent: true, Receiver: { } receiver } member when receiver.Type.Shape == ShapeKind.Scalar && AnyActive(receiver) && StructRead(member) is null:
                ReportLostDerivative(member);
                return;
            case TypeTestExpr test when AnyActive(test.Value):
                // The value was boxed, or put in a struct or nullable, on its way here: its derivative is gone.
                Report(DiagnosticDescriptors.UnsupportedConstruct, test.Location,
                    "A type, declaration or property pattern on a value computed from differentiated values (patterns test non-differentiated values only: keep the number in a double or float and test it with a relational pattern such as 'x is > 0 and < 1', or compare it)",
                    method.Name);
                return;
        }
    }

    /// <summary>An active floating value made by an operation the differentiator has no rule for.</summary>
    private void ReportLostDerivative(Expr e)
    {
        var what = e is MemberExpr member
            ? "Reading '" + member.Code + "' of a value computed from differentiated values (derivatives are carried by double and float values, their spans and arrays, and by tuples and structs whose floating members generated code can set, but not through a constructor call, a nullable, or an out or ref argument: pass the members as separate double values)"
            : "An expression of kind '" + e.GetType().Name.Replace("Expr", "") + "' on differentiated values";
        Report(DiagnosticDescriptors.UnsupportedConstruct, FirstLocation(e), what, method.Name);
    }

    /// <summary>
    /// RPG0004 with the fix that applies: a method of this project or a library can be marked [Differentiable];
    /// a .NET method cannot, so for those the message offers only a [TangentOf] rule or moving the call out.
    /// </summary>
    private void ReportNoTangent(CallExpr call)
    {
        var name = call.Target.Code.Replace("global::", "");
        var type = call.Target.ContainingType.Replace("global::", "");
        var rule = "[TangentOf(typeof(" + type + "), \"" + call.Target.Name + "\")]";
        var isDotNet = !call.Target.ContainingType.StartsWith("global::", System.StringComparison.Ordinal)
            || call.Target.ContainingType.StartsWith("global::System.", System.StringComparison.Ordinal);
        var fix = call.Target.ContainingType == "global::System.Linq.Enumerable"
            ? "LINQ is not differentiated (its lambdas and iterators hide the arithmetic from the generator): write the loop instead, e.g. 'double s = 0; foreach (var v in values) s += v;' for Sum"
            : IsNumberConversion(call)
            ? "it converts a differentiated value to another number type, which has no derivative here: keep the computation in one type ("
              + "in a generic method, T throughout, with constants made by T.CreateChecked(constant)), or convert where the value is not differentiated"
            : Rules.RuleTable.IsOwner(call.Target.ContainingType) && !Rules.RuleTable.Owners.Contains(call.Target.ContainingType)
            ? "it is a generic-math function of the type parameter '" + call.Target.ContainingType + "' without a built-in derivative (those of Math have one: Exp, Log, Sqrt, Pow, Sin, Atan2, …): write it with those, or compute the value outside the differentiated method and pass it in"
            : isDotNet
            ? "it is a .NET method, which has no derivative here: supply a rule with " + rule + ", or compute the value outside the differentiated method and pass it in"
            : "mark '" + name + "' [Differentiable], or supply a rule with " + rule;
        Report(DiagnosticDescriptors.NoTangentForCall, call.Location, name, fix);
    }

    /// <summary><c>T.CreateChecked(x)</c>, <c>double.CreateTruncating(x)</c>, …: generic math's conversions between number types.</summary>
    private static bool IsNumberConversion(CallExpr call)
        => call.Arguments.Count == 1 && (call.Target.Name.StartsWith("CreateChecked", System.StringComparison.Ordinal)
            || call.Target.Name.StartsWith("CreateTruncating", System.StringComparison.Ordinal)
            || call.Target.Name.StartsWith("CreateSaturating", System.StringComparison.Ordinal));

    /// <summary>Whether a call reads an active value (receiver or any argument but an <c>out</c> one) in some direction.</summary>
    private bool InputsActive(CallExpr call) => active.Any(a => ActivityAnalysis.InputsReference(call, a));

    /// <summary>A call with active inputs that writes floating out or ref arguments or span outputs.</summary>
    private bool WritesActiveOutputs(CallExpr call)
        => call.Arguments.Any(a => a.Value.Type.IsFloating && (a.Kind is ArgumentKind.Out or ArgumentKind.Ref || a.Value.Type.Shape == ShapeKind.Span))
           && InputsActive(call);

    /// <summary>
    /// Replaces, in an expression that is not itself differentiated (a condition, an integer, a flag), each call
    /// that writes differentiated outputs by a temporary computed before it together with the outputs'
    /// tangents. Without <paramref name="pre"/> (loop conditions), or where the call is evaluated only
    /// sometimes (right of &amp;&amp; or ||, a branch of ?:), hoisting would change what runs: RPG0003.
    /// </summary>
    private Expr HoistOutputCalls(Expr e, List<Stmt>? pre)
        => IrWalker.Expressions(e).OfType<CallExpr>().Any(WritesActiveOutputs) ? Hoist(e, pre, conditional: false) : e;

    private Expr Hoist(Expr e, List<Stmt>? pre, bool conditional)
    {
        switch (e)
        {
            case CallExpr call when WritesActiveOutputs(call):
            {
                var inner = (CallExpr)IrWalker.WithChildren(call, child => Hoist(child, pre, conditional));
                if (pre is null || conditional)
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, call.Location,
                        "A call that writes differentiated out arguments or spans inside a loop condition or a conditionally evaluated operand (&&, ||, ?:) (make the call a statement before the condition)", method.Name);
                    return inner;
                }

                return DifferentiateCall(inner, pre, slot: null).Primal;
            }

            case BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr } logical:
                return logical with { Left = Hoist(logical.Left, pre, conditional), Right = Hoist(logical.Right, pre, conditional: true) };
            case ConditionalExpr choice:
                return choice with
                {
                    Condition = Hoist(choice.Condition, pre, conditional),
                    WhenTrue = Hoist(choice.WhenTrue, pre, conditional: true),
                    WhenFalse = Hoist(choice.WhenFalse, pre, conditional: true),
                };
            case ThrowExpr:
                return e;
            default:
                return IrWalker.WithChildren(e, child => Hoist(child, pre, conditional));
        }
    }

    /// <summary>The first source location found in an expression, for diagnostics on nodes that carry none.</summary>
    private static LocationInfo? FirstLocation(Expr e)
    {
        foreach (var node in IrWalker.Expressions(e))
        {
            var location = node switch
            {
                BinaryExpr binary => binary.Location,
                CallExpr call => call.Location,
                ConvertExpr convert => convert.Location,
                MemberExpr member => member.Location,
                _ => null,
            };
            if (location is not null)
            {
                return location;
            }
        }

        return null;
    }
}
