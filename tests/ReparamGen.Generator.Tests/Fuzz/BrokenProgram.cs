using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ReparamGen.Generator.Tests.Fuzz;

/// <summary>
/// A construct the generator must refuse (or warn about), put into a random valid program: the statements
/// that use it (ending with a local <c>u</c> computed from the differentiated parameters), members it needs
/// beside the method, and the diagnostic ids of which at least one must be reported.
/// </summary>
internal sealed record Unsupported(string Name, string Statements, string Members, params string[] Ids)
{
    private const string Ci = "System.Globalization.CultureInfo.InvariantCulture";

    public static readonly Unsupported[] All =
    {
        new("foreach over an enumerable", "double u = 0.0;\nforeach (var q in System.Linq.Enumerable.Repeat(a, 2)) { u += q * b; }", "", "RPG0003"),
        new("try", "double u;\ntry { u = a * b; } finally { Console.WriteLine(); }", "", "RPG0003"),
        new("lambda", "Func<double, double> f = q => q * a;\ndouble u = f(b);", "", "RPG0003"),
        new("LINQ", "double u = System.Linq.Enumerable.Sum(System.Linq.Enumerable.Select(System.Linq.Enumerable.Range(0, 3), i => a * i));", "", "RPG0003"),
        new("tuple from a call without a tangent", "var (p, q) = Twice(a);\ndouble u = p * q * b;", "private static (double, double) Twice(double x) => (x, 2.0 * x);", "RPG0004"),
        new("interpolated string", "string s = $\"{a}\";\ndouble u = s.Length * b;", "", "RPG0003", "RPG0004"),
        new("integer cast", "int n = (int)(a * 3.0);\ndouble u = n * b;", "", "RPG0005"),
        new("Math.Floor", "double u = Math.Floor(a) * b;", "", "RPG0005"),
        new("Math.Round", "double u = Math.Round(a * 2.0) + b;", "", "RPG0005"),
        new("remainder", "double u = (a % 1.5) * b;", "", "RPG0005"),
        new("static field write", "sink = a;\ndouble u = b;", "private static double sink;\nprivate static double Sink => sink;", "RPG0008"),
        new("static property write", "Prop = a * b;\ndouble u = b;", "private static double Prop { get; set; }", "RPG0008"),
        new("call without tangent", "double u = Opaque(a);", "private static double Opaque(double x) => x * 2.0;", "RPG0004"),
        new("string round trip", "double u = double.Parse(a.ToString(\"R\", " + Ci + "), " + Ci + ");", "", "RPG0004"),
        new("decimal", "double u = (double)(decimal)a * b;", "", "RPG0003"),
        new("nullable", "double? z = a;\ndouble u = z.Value * b;", "", "RPG0003"),
        new("record struct", "var h = new Pair(a, b);\ndouble u = h.A * h.B;", "public readonly record struct Pair(double A, double B);", "RPG0003"),
        new("object", "object o = a;\ndouble u = (double)o * b;", "", "RPG0003"),
        new("out call in a while condition", "double y = 0;\nint n = 0;\nwhile (Gout(a, out y) > n && n < 3) { n++; }\ndouble u = y * b;", "[Differentiable]\npublic static double Gout(double x, out double y)\n{\n    y = x * x;\n    return x;\n}", "RPG0003"),
        new("out call right of &&", "double y = 0;\ndouble u = 0.0;\nif (b > -100 && Gout(a, out y) > 0) { u = y; }", "[Differentiable]\npublic static double Gout(double x, out double y)\n{\n    y = x * x;\n    return x;\n}", "RPG0003"),
        new("lock", "double u;\nlock (Gate) { u = a * b; }", "private static readonly object Gate = new();", "RPG0003"),
        new("goto", "double u = a;\nif (u > 100.0) goto done;\nu *= b;\ndone: u += 1.0;", "", "RPG0003"),
        new("local function with statements", "double L(double q)\n{\n    var r = q * b;\n    return r;\n}\ndouble u = L(a);", "", "RPG0003"),
        new("property pattern on a differentiated string", "string s = a.ToString(" + Ci + ");\ndouble u = s is { Length: > 3 } ? a * b : b;", "", "RPG0003"),
        new("type pattern", "object o = b;\ndouble u = o is double d ? d * a : a;", "", "RPG0003"),
        new("switch expression with a type pattern", "object o = b;\ndouble u = o switch { double d => d * a, _ => a };", "", "RPG0003"),
        new("array initializer", "double[] r = { a, b };\ndouble u = r[0] * r[1];", "", "RPG0003"),
        new("stackalloc initializer", "Span<double> w = stackalloc double[] { a, b };\ndouble u = w[0] * w[1];", "", "RPG0003"),
        new("ref local", "double u = a;\nref double r = ref u;\nr *= b;", "", "RPG0003"),
        new("using", "using var d = new System.IO.MemoryStream();\ndouble u = a * d.Length;", "", "RPG0003"),
        new("Random.Shared", "double u = a * Random.Shared.NextDouble();", "", "RPG0015"),
        new("ToString", "double u = a.ToString(" + Ci + ").Length * b;", "", "RPG0004"),
    };
}

/// <summary>Random unsupported programs (a valid program with one <see cref="Unsupported"/> construct) and malformed ones.</summary>
internal static class BrokenProgram
{
    /// <summary>
    /// A valid random program (class <c>U{seed}</c>) whose method <c>F</c> starts with the construct's statements and
    /// adds <c>u</c> to its final result, so that the construct is applied to the differentiated parameters.
    /// </summary>
    public static (string File, Unsupported Construct) CreateUnsupported(int seed)
    {
        var construct = Unsupported.All[new Random(seed).Next(Unsupported.All.Length)];
        var program = FuzzProgram.CreateStatic(seed);
        var text = program.AsDouble();
        var head = text.IndexOf("public static double F(", StringComparison.Ordinal);
        var open = text.IndexOf("    {\n", head, StringComparison.Ordinal) + 6;
        var statements = string.Concat(construct.Statements.Split('\n').Select(l => "        " + l + "\n"));
        text = text.Insert(open, statements);
        var last = text.LastIndexOf("        return ", StringComparison.Ordinal);
        var end = text.IndexOf(";\n", last, StringComparison.Ordinal);
        text = text.Substring(0, last) + "        return (" + text.Substring(last + 15, end - last - 15) + ") + u" + text.Substring(end);
        var members = construct.Members.Length == 0 ? "" : string.Concat(construct.Members.Split('\n').Select(l => "    " + l + "\n")) + "\n";
        return (Wrap("U" + seed.ToString(CultureInfo.InvariantCulture), members + text), construct);
    }

    /// <summary>
    /// A valid random program (class <c>M{seed}</c>) with one to three random token edits: a token deleted,
    /// duplicated, swapped with its neighbour, or a token from a small pool inserted.
    /// </summary>
    public static string CreateMalformed(int seed)
    {
        var random = new Random(seed);
        var text = Wrap("M" + seed.ToString(CultureInfo.InvariantCulture), FuzzProgram.CreateStatic(seed).AsDouble());
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Select(t => t.ToFullString()).ToList();
        var pool = new[] { ";", ")", "(", "{", "}", "out", "ref", "=", "+", "*", "[", "]", ",", "return", "break", "continue", "stackalloc", "double", "int", "a", "x0", "?", ":", "else", "new", "var", "static", "F", "H0", "Span<double>", "Math.Exp", "0.5", "\"", "'", "//", "/*", "#if X\n", "@", "$\"" };
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            // Edits land in the methods, not in the usings and class header (those give nothing new).
            var at = random.Next(Math.Min(20, tokens.Count - 1), tokens.Count - 1);
            switch (random.Next(4))
            {
                case 0: tokens.RemoveAt(at); break;
                case 1: tokens.Insert(at, tokens[at]); break;
                case 2: (tokens[at], tokens[at + 1]) = (tokens[at + 1], tokens[at]); break;
                default: tokens.Insert(at, " " + pool[random.Next(pool.Length)] + " "); break;
            }
        }

        return string.Concat(tokens);
    }

    private static string Wrap(string className, string members)
    {
        var sb = new StringBuilder();
        sb.Append("using System;\nusing ReparamGen;\n\n#pragma warning disable CS1591\nnamespace Fuzz;\n\npublic static partial class ").Append(className).Append("\n{\n");
        sb.Append(members).Append("}\n");
        return sb.ToString();
    }
}
