using System.Collections.Generic;
using System.Linq;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The tangent calling convention shared by generated tangents and [TangentOf] rules:
/// <c>R MTangent(p1…pn, dPi for each differentiable pi in order, out R dResult if R is floating)</c>.
/// </summary>
internal static class TangentConvention
{
    public static int ParameterCount(IEnumerable<bool> differentiable, bool floatingResult)
    {
        var flags = differentiable.ToList();
        return flags.Count + flags.Count(f => f) + (floatingResult ? 1 : 0);
    }
}
