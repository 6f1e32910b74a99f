using System.Collections.Generic;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The variables a body writes (assignments, out and ref arguments, anywhere: conditions included):
/// parameters not in it keep their seed.
/// </summary>
internal static class AssignedVariables
{
    public static HashSet<string> In(Stmt body)
    {
        var names = new HashSet<string>();
        foreach (var node in IrWalker.DescendantsAndSelf(body))
        {
            switch (node)
            {
                case AssignStmt { Target: LocalExpr local }:
                    names.Add(local.Name);
                    break;
                case CallExpr call:
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Kind is ArgumentKind.Out or ArgumentKind.Ref && argument.Value is LocalExpr written)
                        {
                            names.Add(written.Name);
                        }
                    }

                    break;
            }
        }

        return names;
    }
}
