using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// A random straight-line-and-branching program over (a, b, eps): locals, compound assignments,
/// if/else, ternaries, bounded for loops, and intrinsics applied to arguments kept in their domains
/// (Log(1 + e²), Sqrt(1 + e²), Exp(Tanh(e)), …). Written once with a type placeholder so that the same
/// text runs as the user's <c>double</c> method and on the test-only dual numbers.
/// </summary>
internal sealed class RandomProgram
{
    private const string T = "§T";
    private const string M = "§M";
    private readonly Random random;
    private readonly List<string> variables = new() { "a", "b", "eps" };
    private readonly StringBuilder body = new();
    private int counter;

    private RandomProgram(int seed)
    {
        random = new Random(seed);
        var statements = random.Next(3, 9);
        for (var i = 0; i < statements; i++)
        {
            Statement(indent: 2);
        }

        body.Append("        return ").Append(Expression(3)).Append(";\n");
    }

    public string Body => body.ToString();

    public static RandomProgram Create(int seed) => new(seed);

    /// <summary>The program as a [Reparameterizable] method on doubles.</summary>
    public string AsDouble(string name)
        => "    [Reparameterizable]\n    public static double " + name + "(double a, double b, [Noise] double eps)\n    {\n"
           + Body.Replace(T, "double").Replace(M, "Math") + "    }\n";

    /// <summary>The same program on dual numbers (a and b seeded by the caller).</summary>
    public string AsDual(string name)
        => "    public static Oracle.Dual " + name + "(Oracle.Dual a, Oracle.Dual b, double eps)\n    {\n"
           + Body.Replace(T, "Oracle.Dual").Replace(M, "Oracle.DMath") + "    }\n";

    private void Statement(int indent)
    {
        var pad = new string(' ', indent * 4);
        switch (random.Next(5))
        {
            case 0 or 1:
            {
                var name = "v" + counter++;
                body.Append(pad).Append(T).Append(' ').Append(name).Append(" = ").Append(Expression(3)).Append(";\n");
                variables.Add(name);
                break;
            }

            case 2 when variables.Count > 3:
            {
                var target = variables[random.Next(3, variables.Count)];
                var op = new[] { "+=", "-=", "*=" }[random.Next(3)];
                var value = op == "*=" ? "(1 + 0.25 * " + M + ".Tanh(" + Expression(2) + "))" : Expression(2);
                body.Append(pad).Append(target).Append(' ').Append(op).Append(' ').Append(value).Append(";\n");
                break;
            }

            case 3:
            {
                var name = "v" + counter++;
                body.Append(pad).Append(T).Append(' ').Append(name).Append(";\n");
                body.Append(pad).Append("if (").Append(Expression(2)).Append(" > ").Append(Expression(2)).Append(")\n");
                body.Append(pad).Append("{\n").Append(pad).Append("    ").Append(name).Append(" = ").Append(Expression(3)).Append(";\n").Append(pad).Append("}\n");
                body.Append(pad).Append("else\n");
                body.Append(pad).Append("{\n").Append(pad).Append("    ").Append(name).Append(" = ").Append(Expression(3)).Append(";\n").Append(pad).Append("}\n");
                variables.Add(name);
                break;
            }

            default:
            {
                var name = "v" + counter++;
                var count = random.Next(1, 5);
                body.Append(pad).Append(T).Append(' ').Append(name).Append(" = ").Append(Expression(1)).Append(";\n");
                body.Append(pad).Append("for (int i").Append(counter).Append(" = 0; i").Append(counter).Append(" < ").Append(count)
                    .Append("; i").Append(counter).Append("++)\n").Append(pad).Append("{\n");
                body.Append(pad).Append("    ").Append(name).Append(" = 0.5 * ").Append(name).Append(" + ").Append(Expression(2)).Append(";\n");
                body.Append(pad).Append("}\n");
                variables.Add(name);
                break;
            }
        }
    }

    private string Expression(int depth)
    {
        if (depth == 0 || random.Next(4) == 0)
        {
            return random.Next(5) == 0 ? Constant() : variables[random.Next(variables.Count)];
        }

        var x = Expression(depth - 1);
        switch (random.Next(12))
        {
            case 0: return "(" + x + " + " + Expression(depth - 1) + ")";
            case 1: return "(" + x + " - " + Expression(depth - 1) + ")";
            case 2: return "(" + x + " * " + Expression(depth - 1) + ")";
            case 3: return "(" + x + " / (1.5 + " + Square(Expression(depth - 1)) + "))";
            case 4: return "(-(" + x + "))";
            case 5: return M + ".Exp(" + M + ".Tanh(" + x + "))";
            case 6: return M + ".Log(1 + " + Square(x) + ")";
            case 7: return M + ".Sqrt(1 + " + Square(x) + ")";
            case 8: return M + ".Sin(" + x + ")";
            case 9: return M + ".Cos(" + x + ")";
            case 10: return M + ".Pow(1 + " + Square(x) + ", " + Constant() + ")";
            default: return "(" + x + " > " + Expression(depth - 1) + " ? " + Expression(depth - 1) + " : " + M + ".Atan(" + x + "))";
        }
    }

    private static string Square(string x) => "(" + x + ") * (" + x + ")";

    private string Constant() => (random.Next(-8, 9) * 0.25).ToString("0.0#", CultureInfo.InvariantCulture);
}
