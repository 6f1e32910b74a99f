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

    public static IEnumerable<string> NamesIn(Stmt statement)
    {
        var names = new List<string>();
        Collect(statement, names);
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

    private static void Collect(Stmt statement, List<string> names)
    {
        switch (statement)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                {
                    Collect(s, names);
                }

                break;
            case DeclareStmt declare:
                names.Add(declare.Name);
                break;
            case IfStmt conditional:
                Collect(conditional.Then, names);
                if (conditional.Else is not null)
                {
                    Collect(conditional.Else, names);
                }

                break;
            case WhileStmt loop:
                Collect(loop.Body, names);
                break;
            case DoWhileStmt loop:
                Collect(loop.Body, names);
                break;
            case ForStmt loop:
                foreach (var s in loop.Initializers)
                {
                    Collect(s, names);
                }

                Collect(loop.Body, names);
                break;
            case SwitchStmt switchStatement:
                foreach (var section in switchStatement.Sections)
                {
                    foreach (var s in section.Body)
                    {
                        Collect(s, names);
                    }
                }

                break;
        }
    }
}
