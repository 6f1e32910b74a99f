using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>How a callee's derivative is found, for forward and reverse mode alike.</summary>
internal static class TangentRules
{
    /// <summary>
    /// The call's target, completed with a user [TangentOf] rule of the compilation (matched by containing type,
    /// name and primal parameter types) when the parser left it unresolved.
    /// </summary>
    public static CallTarget Resolve(CallExpr call, IReadOnlyList<TangentRuleInfo> rules)
    {
        if (call.Target.TangentSource != TangentSourceKind.None)
        {
            return call.Target;
        }

        var types = call.Target.Parameters.Select(p => p.Type.Code).ToEquatableArray();
        var rule = rules.FirstOrDefault(r => r.RuleKey == call.Target.RuleKey && r.PrimalParameterTypes == types);
        return rule is null ? call.Target : call.Target with { TangentSource = TangentSourceKind.TangentMethod, TangentMethod = rule.TangentMethod };
    }

    /// <summary><paramref name="method"/> as the call target, keeping the rest of <paramref name="target"/> (parameters, receiver kind).</summary>
    public static CallTarget Retarget(CallTarget target, MethodRef method)
        => target with { Name = method.Name + method.TypeArguments, ContainingType = method.ContainingType };
}
