using System.Collections.Generic;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// Names for tangents and temporaries that cannot collide with the user's: <c>dX</c> for the tangent of
/// <c>x</c>, <c>dX_dMu</c> for its partial in direction <c>mu</c>, <c>t0, t1…</c> for temporaries.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> used = new();
    private readonly Dictionary<(string Name, string Direction), string> tangents = new();
    private int temporaryCounter;

    public NameScope(IEnumerable<string> reserved)
    {
        foreach (var name in reserved)
        {
            used.Add(name);
        }
    }

    /// <summary>An independent scope with the same names taken (a trial run must not use up names).</summary>
    public NameScope Copy()
    {
        var copy = new NameScope(used) { temporaryCounter = temporaryCounter };
        foreach (var entry in tangents)
        {
            copy.tangents[entry.Key] = entry.Value;
        }

        return copy;
    }

    public static IEnumerable<string> NamesIn(Stmt statement)
    {
        var names = new List<string>();
        foreach (var s in IrWalker.Statements(statement))
        {
            if (s is DeclareStmt declare)
            {
                names.Add(declare.Name);
            }
        }

        return names;
    }

    public string Tangent(string variable, string direction)
    {
        if (!tangents.TryGetValue((variable, direction), out var name))
        {
            var baseName = "d" + Pascal(variable) + (direction.Length == 0 ? "" : "_d" + Pascal(direction));
            name = Fresh(baseName);
            tangents[(variable, direction)] = name;
        }

        return name;
    }

    public string Temporary(string prefix = "t")
    {
        string name;
        do
        {
            name = prefix + temporaryCounter++;
        }
        while (used.Contains(name));

        used.Add(name);
        return name;
    }

    public string Fresh(string baseName)
    {
        var name = baseName;
        while (!used.Add(name))
        {
            name += "_";
        }

        return name;
    }

    public static string Pascal(string name)
    {
        var trimmed = name.TrimStart('@', '_');
        if (trimmed.Length == 0)
        {
            return "Value";
        }

        return char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }
}
