using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ReparamGen.Generator.Tests.Fuzz;

/// <summary>
/// One random, valid differentiated program, written once with placeholders so that the same text compiles
/// as the user's <c>double</c> code (with the generator's attributes) and as code on the test-only dual numbers
/// (<see cref="Oracles.DualNumberSource"/>): <c>§T</c> is the floating type, <c>§M</c> the math class,
/// <c>§D</c> the suffix of every method name (empty or <c>Dual</c>), <c>§A</c>/<c>§R</c> the attribute lines and
/// <c>§N</c> the <c>[Noise]</c> marker.
/// </summary>
/// <remarks>
/// A program is a static partial class <c>Fuzz.P{seed}</c> holding a <c>[Reparameterizable]</c> method
/// <c>F(a, b, [Noise] eps)</c> (one program in four: a partial class whose <c>F</c> is an instance method reading the
/// field <c>scale</c> as a constant, called on an instance; one in four starts with a local function that captures
/// <c>a</c>, <c>b</c> and <c>eps</c>) and up to three <c>[Differentiable]</c> helpers <c>H0…</c> that it (and later
/// helpers) call: with <c>out double</c> parameters, <c>ReadOnlySpan&lt;double&gt;</c> or <c>double[]</c> inputs,
/// and <c>int</c> parameters. Bodies use locals, compound assignments, foreach, tuple swaps, tuple locals read by member
/// or deconstructed, if/else, ?:, switch, bounded
/// for/while/do loops with break/continue, early returns, intrinsics with arguments kept in their domains,
/// stackalloc'd spans with element writes, compound element writes and slices, arrays, int counters and casts.
/// Values stay finite: loop-carried updates are contractions of bounded terms.
/// </remarks>
internal sealed class FuzzProgram
{
    private readonly List<string> methods = new();

    private FuzzProgram(int seed, string className, bool allowInstance)
    {
        Seed = seed;
        ClassName = className;
        IsInstance = allowInstance && seed % 4 == 1;
        var random = new Random(seed);
        var helpers = new List<Helper>();
        var helperCount = random.Next(4);
        for (var i = 0; i < helperCount; i++)
        {
            var helper = Helper.Create(random, "H" + i, helpers);
            methods.Add(helper.Text);
            helpers.Add(helper);
        }

        Helpers = helpers;
        GenericHelpers = allowInstance && seed % 5 == 3 && helpers.Count > 0;

        // Tuple locals only in F (forward mode and the forward-vector Backward): a helper's reverse-mode Backward does not
        // take them yet (RPG0018), and helpers keep their reverse-mode coverage.
        var writer = new BodyWriter(random, helpers, IsInstance ? new[] { "a", "b", "eps", "scale" } : new[] { "a", "b", "eps" }, Array.Empty<SpanVar>(), outParameter: null) { Tuples = true };
        var body = writer.Body(random.Next(3, 10));
        if (seed % 4 == 2)
        {
            // A local function that captures both differentiated parameters and the noise, called with a parameter
            // (inlined: its captures are read where the call is); decided by the seed, so the random stream is unchanged.
            body = "        §T Lf(§T q) => (q * b) + (§M.Sin(a) * eps);\n        a = Lf(a);\n" + body;
        }

        methods.Add("    §R    public " + (IsInstance ? "" : "static ") + "§T F§D(§T a, §T b, §Ndouble eps)\n    {\n" + body + "    }\n");
    }

    public int Seed { get; }

    /// <summary>
    /// <c>F</c> is an instance method of a (non-static) partial class with the field <c>scale</c>, which its body reads
    /// as a constant; the checks call it on a new instance.
    /// </summary>
    public bool IsInstance { get; }

    /// <summary>How the class is declared: <c>static partial class</c>, or <c>partial class</c> when <c>F</c> is an instance method.</summary>
    public string ClassDeclaration => (IsInstance ? "public partial class " : "public static partial class ") + ClassName;

    public string ClassName { get; }

    /// <summary>The <c>[Differentiable]</c> helpers, in declaration order (each may get a dot-product check).</summary>
    public IReadOnlyList<Helper> Helpers { get; }

    /// <summary>The methods of the program with the placeholders (for coverage checks).</summary>
    public string Template => string.Concat(methods);

    public static FuzzProgram Create(int seed) => new(seed, "P" + seed.ToString(CultureInfo.InvariantCulture), allowInstance: true);

    /// <summary>The same program with <c>F</c> static always (for the broken programs, which wrap its methods in a static class).</summary>
    public static FuzzProgram CreateStatic(int seed) => new(seed, "P" + seed.ToString(CultureInfo.InvariantCulture), allowInstance: false);

    /// <summary>
    /// One valid program in five (by seed) writes its helpers generic over <c>T : unmanaged, IFloatingPointIeee754&lt;T&gt;</c>
    /// (<c>T.Sin</c>, constants as <c>T.CreateChecked(0.25)</c>), called with <c>T = double</c> by <c>F</c> and with
    /// <c>T</c> by each other; the dual-number oracle stays the same text on dual numbers.
    /// </summary>
    public bool GenericHelpers { get; }

    /// <summary>The user's program: a partial class of <c>double</c> methods with the generator's attributes.</summary>
    public string AsDouble()
        => GenericHelpers
            ? string.Concat(methods.Select(m => Helpers.Any(h => ReferenceEquals(h.Text, m)) ? GenericHelper(m) : CallsWith(Render(m, dual: false), "double")))
            : Render(Template, dual: false);

    /// <summary>A helper's template as a generic method: <c>§T</c> and <c>§M</c> are <c>T</c>, constants and casts go through <c>T.CreateChecked</c>.</summary>
    private static string GenericHelper(string template)
    {
        var text = CallsWith(Render(template.Replace("§T", "T", StringComparison.Ordinal).Replace("§M", "T", StringComparison.Ordinal), dual: false), "T");
        var close = text.IndexOf(')', text.IndexOf("<T>(", StringComparison.Ordinal));
        var body = System.Text.RegularExpressions.Regex.Replace(text.Substring(close + 1), @"\(double\)(\w+)", "T.CreateChecked($1)");
        body = System.Text.RegularExpressions.Regex.Replace(body, @"(?<![\w.])(\d+\.\d+(?:E[-+]?\d+)?)", "T.CreateChecked($1)");
        return text.Substring(0, close + 1) + " where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>" + body;
    }

    /// <summary>Calls of (and the declaration of) helpers <c>Hk(</c> with explicit type arguments: <c>Hk&lt;double&gt;(</c>.</summary>
    internal static string CallsWith(string text, string typeArgument)
        => System.Text.RegularExpressions.Regex.Replace(text, @"\b(H\d+)(Tangent|Backward|WithGradient)?\(", "$1$2<" + typeArgument + ">(");

    /// <summary>
    /// The whole file compiled for one program: the user's methods, the same text on dual numbers, and
    /// <c>Check</c>, which runs the generated members, the user's method and the dual-number program at one point
    /// and returns every number to compare (see <see cref="Results"/>). CS0219 is the program's own warning, not the
    /// generator's: a random body may assign a local only constants and never read it (the pragma is scoped to this
    /// file, so generated code is still compiled with warnings as errors).
    /// </summary>
    public string File()
        => "using System;\nusing ReparamGen;\n\n#pragma warning disable CS1591, CS0219\nnamespace Fuzz;\n\n" + ClassDeclaration + "\n{\n"
           + (IsInstance ? "    public readonly double scale = 0.75;\n\n" : "")
           + AsDouble() + "\n" + Render(Template, dual: true) + "\n" + Checker.Replace("§S", IsInstance ? "self." : "", StringComparison.Ordinal)
               .Replace("§O", IsInstance ? "var self = new " + ClassName + "();" : "", StringComparison.Ordinal) + "}\n";

    /// <summary>What <c>Check</c> returns, in order.</summary>
    public static readonly string[] Results =
    {
        "user value", "dual value", "dual ∂/∂a", "dual ∂/∂b", "dual JVP",
        "WithGradient value", "WithGradient ∂/∂a", "WithGradient ∂/∂b", "Tangent value", "Tangent JVP",
        "Backward value", "Backward ∂/∂a", "Backward ∂/∂b",
    };

    private const string Checker = """
            public static double[] Check(double a, double b, double eps, double va, double vb)
            {
                §O
                var user = §SF(a, b, eps);
                var d = §SFDual(new Oracle.Dual(a, 1.0, 0.0), new Oracle.Dual(b, 0.0, 1.0), eps);
                var g = §SFWithGradient(a, b, eps);
                var t = §SFTangent(a, b, eps, va, vb, out var jvp);
                double ga = 0.0, gb = 0.0;
                var r = §SFBackward(a, b, eps, 1.0, ref ga, ref gb);
                return new[] { user, d.V, d.DA, d.DB, (d.DA * va) + (d.DB * vb), g.Value, g.DA, g.DB, t, jvp, r, ga, gb };
            }

        """;

    public static string Render(string template, bool dual)
        => template
            .Replace("§T", dual ? "Oracle.Dual" : "double", StringComparison.Ordinal)
            .Replace("§M", dual ? "Oracle.DMath" : "Math", StringComparison.Ordinal)
            .Replace("§D", dual ? "Dual" : "", StringComparison.Ordinal)
            .Replace("§R", dual ? "" : "[Reparameterizable]\n", StringComparison.Ordinal)
            .Replace("§A", dual ? "" : "[Differentiable]\n", StringComparison.Ordinal)
            .Replace("§N", dual ? "" : "[Noise] ", StringComparison.Ordinal);

    internal enum ParameterKind
    {
        Scalar,
        Int,
        ReadOnlySpan,
        Array,
    }

    /// <summary>
    /// A span or array in scope. <c>Length</c> bounds the indices read and written; <c>Exact</c> says that it is the
    /// span's length (a local), not only a lower bound (a parameter, whose length the caller chooses).
    /// </summary>
    internal sealed record SpanVar(string Name, int Length, bool Writable, bool IsArray, bool Exact = true);

    /// <summary>
    /// A [Differentiable] helper: its parameter kinds, whether it has <c>out double o</c>, whether it ends with the
    /// span output <c>Span&lt;double&gt; z</c> (<see cref="HasSpanOut"/>) and, if so, the index of the span or array
    /// input whose length <c>z</c> must have (<see cref="SpanOutLengthFrom"/>; -1: <see cref="MinLength"/>), and its text.
    /// </summary>
    internal sealed record Helper(string Name, IReadOnlyList<ParameterKind> Parameters, bool HasOut, string Text, bool HasSpanOut = false, int SpanOutLengthFrom = -1)
    {
        public static Helper Create(Random random, string name, IReadOnlyList<Helper> callable)
        {
            var kinds = new List<ParameterKind>();
            var scalars = new List<string>();
            var spans = new List<SpanVar>();
            var signature = new List<string>();
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                var p = "x" + i.ToString(CultureInfo.InvariantCulture);
                var kind = i == 0 ? ParameterKind.Scalar : (ParameterKind)random.Next(4);
                if (i == 0 && random.Next(4) == 0)
                {
                    kind = random.Next(2) == 0 ? ParameterKind.ReadOnlySpan : ParameterKind.Array;
                }

                kinds.Add(kind);
                switch (kind)
                {
                    case ParameterKind.Scalar:
                        signature.Add("§T " + p);
                        scalars.Add(p);
                        break;
                    case ParameterKind.Int:
                        signature.Add("int " + p);
                        break;
                    case ParameterKind.ReadOnlySpan:
                        signature.Add("ReadOnlySpan<§T> " + p);
                        spans.Add(new SpanVar(p, MinLength, Writable: false, IsArray: false, Exact: false));
                        break;
                    default:
                        signature.Add("§T[] " + p);
                        spans.Add(new SpanVar(p, MinLength, Writable: false, IsArray: true, Exact: false));
                        break;
                }
            }

            var hasOut = random.Next(3) == 0;
            if (hasOut)
            {
                signature.Add("out §T o");
            }

            // One helper in four writes a span output z: of length MinLength, or of the length of one of its span inputs.
            var hasSpanOut = random.Next(4) == 0;
            var lengthFrom = -1;
            if (hasSpanOut)
            {
                var spanInputs = kinds.Select((k, i) => (k, i)).Where(t => t.k is ParameterKind.ReadOnlySpan or ParameterKind.Array).Select(t => t.i).ToList();
                if (spanInputs.Count > 0 && random.Next(2) == 0)
                {
                    lengthFrom = spanInputs[random.Next(spanInputs.Count)];
                }

                signature.Add("Span<§T> z");
            }

            var ints = kinds.Select((k, i) => (k, i)).Where(t => t.k == ParameterKind.Int).Select(t => "x" + t.i.ToString(CultureInfo.InvariantCulture));
            var writer = new BodyWriter(random, callable, scalars, spans, hasOut ? "o" : null, ints)
            {
                SpanOutput = hasSpanOut ? (lengthFrom < 0 ? "" : "x" + lengthFrom.ToString(CultureInfo.InvariantCulture)) : null,
            };
            string body;
            if (!hasOut && !hasSpanOut && random.Next(4) == 0)
            {
                body = " => " + writer.Expression(3) + ";\n";
            }
            else
            {
                body = "\n    {\n" + writer.Body(random.Next(1, 6)) + "    }\n";
            }

            var text = "    §A    public static §T " + name + "§D(" + string.Join(", ", signature) + ")" + body + "\n";
            return new Helper(name, kinds, hasOut, text, hasSpanOut, lengthFrom);
        }
    }

    /// <summary>Spans and arrays passed to helpers have at least this many elements; helpers read indices below it.</summary>
    public const int MinLength = 2;

    /// <summary>Writes statements and expressions over the variables in scope.</summary>
    private sealed class BodyWriter
    {
        private readonly Random random;
        private readonly IReadOnlyList<Helper> helpers;
        private readonly List<string> scalars;
        private readonly List<string> ints;
        private readonly HashSet<string> counters = new();
        private readonly List<SpanVar> spans;
        private readonly List<string> assignable = new();
        private readonly string? outParameter;
        private readonly StringBuilder text = new();
        private int counter;
        private int loopDepth;
        private int depth;

        public BodyWriter(Random random, IReadOnlyList<Helper> helpers, IEnumerable<string> scalars, IEnumerable<SpanVar> spans, string? outParameter, IEnumerable<string>? ints = null)
        {
            this.random = random;
            this.helpers = helpers;
            this.scalars = scalars.ToList();
            this.spans = spans.ToList();
            this.ints = ints?.ToList() ?? new List<string>();
            this.outParameter = outParameter;
            assignable.AddRange(this.scalars.Where(s => s is not ("eps" or "scale"))); // eps stays a double in the dual program; scale is a field
        }

        /// <summary>Whether statements may declare tuple locals.</summary>
        public bool Tuples { get; init; }

        /// <summary>
        /// Set for a helper with the span output <c>z</c>: empty when <c>z</c> has <see cref="MinLength"/> elements,
        /// else the name of the span input whose length it has. The body writes every element first, then may
        /// overwrite and read <c>z</c> like any writable span.
        /// </summary>
        public string? SpanOutput { get; init; }

        public string Body(int statements)
        {
            if (outParameter is not null)
            {
                Line(2, outParameter + " = " + Expression(2) + ";");
                scalars.Add(outParameter);
                assignable.Add(outParameter);
            }

            if (SpanOutput is not null)
            {
                FillSpanOutput();
            }

            if (helpers.Any(h => h.HasSpanOut) && random.Next(2) == 0)
            {
                SpanOutCall(2);
            }

            for (var i = 0; i < statements; i++)
            {
                Statement(2);
            }

            Line(2, "return " + Expression(3) + ";");
            return text.ToString();
        }

        private string Fresh(string prefix) => prefix + (counter++).ToString(CultureInfo.InvariantCulture);

        private void Line(int indent, string line) => text.Append(' ', indent * 4).Append(line).Append('\n');

        private (int Scalars, int Ints, int Spans, int Assignable) Mark() => (scalars.Count, ints.Count, spans.Count, assignable.Count);

        private void Restore((int Scalars, int Ints, int Spans, int Assignable) mark)
        {
            scalars.RemoveRange(mark.Scalars, scalars.Count - mark.Scalars);
            ints.RemoveRange(mark.Ints, ints.Count - mark.Ints);
            spans.RemoveRange(mark.Spans, spans.Count - mark.Spans);
            assignable.RemoveRange(mark.Assignable, assignable.Count - mark.Assignable);
        }

        private void Block(int indent, int statements, string? last = null, string? first = null)
        {
            Line(indent, "{");
            var mark = Mark();
            depth++;
            if (first is not null)
            {
                Line(indent + 1, first);
            }

            for (var i = 0; i < statements; i++)
            {
                Statement(indent + 1);
            }

            if (last is not null)
            {
                Line(indent + 1, last);
            }

            depth--;
            Restore(mark);
            Line(indent, "}");
        }

        private string Pick(List<string> list) => list[random.Next(list.Count)];

        private string Condition() => Compare(NonConstant(2), random.Next(2) == 0 ? " > " : " <= ", Expression(1));

        /// <summary>A comparison; never of a text with itself (CS1718 in the user's code, not a generator finding).</summary>
        private string Compare(string left, string op, string right) => left + op + (left == right ? Constant() : right);

        /// <summary>A value for an update of a variable that may be loop-carried: bounded inside loops.</summary>
        private string Update(int d) => loopDepth > 0 ? "§M." + (random.Next(2) == 0 ? "Tanh" : "Sin") + "(" + Expression(d) + ")" : Expression(d);

        private void Statement(int indent)
        {
            var nested = depth < 2;
            switch (random.Next(nested ? 20 : 12))
            {
                case 0 or 1 or 2:
                {
                    var name = Fresh("v");
                    Line(indent, "§T " + name + " = " + NonConstant(3) + ";");
                    scalars.Add(name);
                    assignable.Add(name);
                    break;
                }

                case 3 or 4 when assignable.Count > 0:
                {
                    var target = Pick(assignable);
                    switch (random.Next(5))
                    {
                        case 0: Line(indent, target + " += " + Update(2) + ";"); break;
                        case 1: Line(indent, target + " -= " + Update(2) + ";"); break;
                        case 2: Line(indent, target + " *= 1.0 + (0.25 * §M.Tanh(" + Expression(2) + "));"); break;
                        case 3: Line(indent, target + " /= 1.5 + " + Square(Expression(2)) + ";"); break;
                        default: Line(indent, target + " = (0.5 * " + target + ") + " + Update(2) + ";"); break;
                    }

                    break;
                }

                case 5:
                {
                    var name = Fresh("k");
                    Line(indent, "int " + name + " = (" + Condition() + ") ? " + random.Next(3).ToString(CultureInfo.InvariantCulture) + " : 2;");
                    ints.Add(name);
                    break;
                }

                case 6 when ints.Any(k => !counters.Contains(k)):
                {
                    var k = Pick(ints.Where(n => !counters.Contains(n)).ToList());
                    Line(indent, random.Next(3) switch { 0 => k + "++;", 1 => k + " += 2;", _ => k + " = (" + k + " * 3) % 7;" });
                    break;
                }

                case 7:
                    SpanStatement(indent);
                    break;

                case 8 when helpers.Count > 0:
                    OutCall(indent);
                    break;

                case 9 when loopDepth > 0:
                    Line(indent, "if (" + Condition() + ")");
                    Line(indent, "{");
                    Line(indent + 1, random.Next(2) == 0 ? "break;" : "continue;");
                    Line(indent, "}");
                    break;

                case 10:
                    Line(indent, "if (" + Condition() + ")");
                    Line(indent, "{");
                    Line(indent + 1, "return " + Expression(2) + ";");
                    Line(indent, "}");
                    break;

                case 11 when assignable.Count > 0:
                {
                    var target = Pick(assignable);
                    Line(indent, target + " = " + Condition() + " ? " + Update(2) + " : " + Update(2) + ";");
                    break;
                }

                case 12 or 13:
                {
                    // if/else: assigns a new variable in both branches, or runs nested statements.
                    if (random.Next(2) == 0)
                    {
                        var name = Fresh("v");
                        Line(indent, "§T " + name + ";");
                        Line(indent, "if (" + Condition() + ")");
                        Block(indent, random.Next(0, 3), name + " = " + Expression(3) + ";");
                        Line(indent, "else");
                        Block(indent, random.Next(0, 3), name + " = " + Expression(3) + ";");
                        scalars.Add(name);
                        assignable.Add(name);
                    }
                    else
                    {
                        Line(indent, "if (" + Condition() + ")");
                        Block(indent, random.Next(1, 3));
                        if (random.Next(2) == 0)
                        {
                            Line(indent, "else");
                            Block(indent, random.Next(1, 3));
                        }
                    }

                    break;
                }

                case 14 or 15:
                    Loop(indent);
                    break;

                case 16:
                {
                    var selector = ints.Count > 0 && random.Next(2) == 0 ? "(" + Pick(ints) + " % 3)" : "(" + Condition() + " ? 1 : 0)";
                    Line(indent, "switch (" + selector + ")");
                    Line(indent, "{");
                    var labels = random.Next(1, 3);
                    for (var i = 0; i < labels; i++)
                    {
                        Line(indent + 1, "case " + i.ToString(CultureInfo.InvariantCulture) + ":");
                        Block(indent + 1, random.Next(1, 3), "break;");
                    }

                    Line(indent + 1, "default:");
                    Block(indent + 1, random.Next(0, 2), "break;");
                    Line(indent, "}");
                    break;
                }

                case 17 when assignable.Count > 0 && loopDepth == 0:
                    Line(indent, Pick(assignable) + (random.Next(2) == 0 ? "++;" : "--;"));
                    break;

                case 18 when spans.Count > 0 && assignable.Count > 0:
                {
                    // foreach over a span or array: bounded increments, so values stay finite in loops too.
                    var span = spans[random.Next(spans.Count)];
                    var q = Fresh("q");
                    Line(indent, "foreach (var " + q + " in " + span.Name + ")");
                    Line(indent, "{");
                    Line(indent + 1, Pick(assignable) + " += 0.25 * §M.Tanh(" + q + " + " + Expression(1) + ");");
                    Line(indent, "}");
                    break;
                }

                case 19 when assignable.Count > 1 && (!Tuples || random.Next(2) == 0):
                {
                    // A tuple swap of two distinct variables.
                    var first = Pick(assignable);
                    var second = Pick(assignable.Where(v => v != first).ToList());
                    Line(indent, "(" + first + ", " + second + ") = (" + second + ", " + first + ");");
                    break;
                }

                case 19 when Tuples:
                {
                    // A tuple local (a struct with a tangent of its own type), read by its members or deconstructed.
                    var tuple = Fresh("t");
                    var name = Fresh("v");
                    // Typed, so that an element computed from an int ((double)i) is a dual number in the oracle too.
                    Line(indent, "(§T, §T) " + tuple + " = (" + NonConstant(2) + ", " + Expression(2) + ");");
                    if (random.Next(2) == 0)
                    {
                        Line(indent, "§T " + name + " = (" + tuple + ".Item1 * " + Expression(1) + ") + " + tuple + ".Item2;");
                    }
                    else
                    {
                        var other = Fresh("w");
                        Line(indent, "var (" + name + ", " + other + ") = " + tuple + ";");
                        scalars.Add(other);
                    }

                    scalars.Add(name);
                    assignable.Add(name);
                    break;
                }

                default:
                {
                    var name = Fresh("v");
                    Line(indent, "§T " + name + " = " + NonConstant(2) + ";");
                    scalars.Add(name);
                    assignable.Add(name);
                    break;
                }
            }
        }

        /// <summary>Writes every element of the span output <c>z</c>, then sometimes overwrites one from another.</summary>
        private void FillSpanOutput()
        {
            if (SpanOutput == "" && random.Next(2) == 0)
            {
                for (var e = 0; e < MinLength; e++)
                {
                    Line(2, "z[" + e.ToString(CultureInfo.InvariantCulture) + "] = " + NonConstant(2) + ";");
                }
            }
            else
            {
                var j = Fresh("j");
                Line(2, "for (int " + j + " = 0; " + j + " < z.Length; " + j + "++)");
                Line(2, "{");
                counters.Add(j);
                ints.Add(j);
                depth++;
                var element = SpanOutput == "" ? "((double)" + j + " * " + Expression(1) + ")" : "(" + SpanOutput + "[" + j + "] * " + Expression(1) + ")";
                Line(3, "z[" + j + "] = " + element + " + " + Expression(2) + ";");
                depth--;
                ints.Remove(j);
                counters.Remove(j);
                Line(2, "}");
            }

            var z = new SpanVar("z", MinLength, Writable: true, IsArray: false, Exact: SpanOutput == "");
            spans.Add(z);
            if (random.Next(2) == 0)
            {
                var target = "z[" + random.Next(MinLength).ToString(CultureInfo.InvariantCulture) + "]";
                var source = "z[" + random.Next(MinLength).ToString(CultureInfo.InvariantCulture) + "]";
                Line(2, random.Next(2) == 0
                    ? target + " = (0.5 * " + source + ") + " + Expression(2) + ";"
                    : target + " += " + source + " * " + Expression(1) + ";");
            }
        }

        /// <summary>
        /// A call statement <c>Hk(args…, zN);</c> of a helper with a span output, into a local <c>zN</c> stackalloc'd
        /// just before (at the top level of the body), whose elements are then read.
        /// </summary>
        private bool SpanOutCall(int indent)
        {
            var candidates = helpers.Where(h => h.HasSpanOut && CanCall(h)).ToList();
            if (candidates.Count == 0 || depth > 0 || loopDepth > 0)
            {
                return false;
            }

            var helper = candidates[random.Next(candidates.Count)];
            var z = Fresh("z");
            var outName = Fresh("y");
            var call = Call(helper, 2, helper.HasOut ? "out §T " + outName : null, z);
            string length;
            var exact = true;
            var known = MinLength;
            if (helper.SpanOutLengthFrom < 0)
            {
                length = MinLength.ToString(CultureInfo.InvariantCulture);
            }
            else if (!lastSpanArguments.TryGetValue(helper.SpanOutLengthFrom, out var from))
            {
                // The call passed no tracked span where the output's length comes from (found by the 100,000-program
                // run, an unsupported-kind seed): the output's length is unknown, so no such call is written.
                return false;
            }
            else
            {
                exact = from.Exact;
                known = from.Exact ? from.Length : MinLength;
                length = from.Exact ? from.Length.ToString(CultureInfo.InvariantCulture) : from.Name + ".Length";
            }

            Line(indent, "Span<§T> " + z + " = stackalloc §T[" + length + "];");
            Line(indent, call + ";");
            if (helper.HasOut)
            {
                scalars.Add(outName);
            }

            var span = new SpanVar(z, known, Writable: true, IsArray: false, Exact: exact);
            var name = Fresh("v");
            Line(indent, "§T " + name + " = (" + z + "[" + random.Next(MinLength).ToString(CultureInfo.InvariantCulture) + "] * " + Expression(1) + ") + " + z + "[" + random.Next(MinLength).ToString(CultureInfo.InvariantCulture) + "];");
            spans.Add(span);
            scalars.Add(name);
            assignable.Add(name);
            return true;
        }

        private void Loop(int indent)
        {
            var i = Fresh("i");
            var count = random.Next(1, 5).ToString(CultureInfo.InvariantCulture);
            var statements = random.Next(1, 4);
            loopDepth++;
            counters.Add(i);
            ints.Add(i);
            switch (random.Next(3))
            {
                case 0:
                    Line(indent, "for (int " + i + " = 0; " + i + " < " + count + "; " + i + "++)");
                    Block(indent, statements);
                    break;
                case 1:
                    // The counter moves first, so that continue cannot skip it.
                    Line(indent, "int " + i + " = 0;");
                    Line(indent, "while (" + i + " < " + count + ")");
                    Block(indent, statements, null, i + "++;");
                    break;
                default:
                    Line(indent, "int " + i + " = 0;");
                    Line(indent, "do");
                    Block(indent, statements, null, i + "++;");
                    Line(indent, "while (" + i + " < " + count + ");");
                    break;
            }

            ints.Remove(i);
            loopDepth--;
        }

        private void SpanStatement(int indent)
        {
            var writable = spans.Where(s => s.Writable).ToList();
            var choice = writable.Count == 0 || (loopDepth == 0 && random.Next(3) == 0) ? 0 : random.Next(1, 5);
            if (choice == 0 && loopDepth > 0)
            {
                return; // no stackalloc inside loops
            }

            switch (choice)
            {
                case 0:
                {
                    var length = random.Next(MinLength, 6);
                    var isArray = random.Next(4) == 0;
                    var name = Fresh(isArray ? "r" : "w");
                    Line(indent, isArray
                        ? "§T[] " + name + " = new §T[" + length.ToString(CultureInfo.InvariantCulture) + "];"
                        : "Span<§T> " + name + " = stackalloc §T[" + length.ToString(CultureInfo.InvariantCulture) + "];");
                    var span = new SpanVar(name, length, Writable: true, IsArray: isArray);
                    spans.Add(span);
                    Line(indent, name + "[" + random.Next(length).ToString(CultureInfo.InvariantCulture) + "] = " + Expression(2) + ";");
                    if (!isArray && length >= 3 && random.Next(3) == 0)
                    {
                        Slice(indent, span);
                    }
                    break;
                }

                case 1:
                {
                    var span = writable[random.Next(writable.Count)];
                    var index = random.Next(span.Length).ToString(CultureInfo.InvariantCulture);
                    var target = span.Name + "[" + index + "]";
                    switch (random.Next(4))
                    {
                        case 0: Line(indent, target + " = " + Update(2) + ";"); break;
                        case 1: Line(indent, target + " += " + Update(2) + ";"); break;
                        case 2: Line(indent, target + " *= 1.0 + (0.25 * §M.Tanh(" + Expression(2) + "));"); break;
                        default: Line(indent, target + " -= " + Update(2) + ";"); break;
                    }

                    break;
                }

                case 2 when loopDepth == 0:
                {
                    var sliceable = writable.Where(s => !s.IsArray && s.Exact && s.Length >= 3).ToList();
                    if (sliceable.Count == 0)
                    {
                        return;
                    }

                    Slice(indent, sliceable[random.Next(sliceable.Count)]);
                    break;
                }

                default:
                {
                    var span = writable[random.Next(writable.Count)];
                    var j = Fresh("j");
                    loopDepth++;
                    Line(indent, "for (int " + j + " = 0; " + j + " < " + span.Name + ".Length; " + j + "++)");
                    Line(indent, "{");
                    Line(indent + 1, span.Name + "[" + j + "] = (0.5 * " + span.Name + "[" + j + "]) + §M.Tanh(" + Expression(2) + " + ((double)" + j + " * " + Expression(1) + "));");
                    Line(indent, "}");
                    loopDepth--;
                    break;
                }
            }
        }

        /// <summary>A slice of a local span of 3 or more elements, then a write through it.</summary>
        private void Slice(int indent, SpanVar span)
        {
            var start = random.Next(1, span.Length - 1);
            var length = random.Next(MinLength, span.Length - start + 1);
            var name = Fresh("s");
            Line(indent, "Span<§T> " + name + " = " + span.Name + ".Slice(" + start.ToString(CultureInfo.InvariantCulture) + ", " + length.ToString(CultureInfo.InvariantCulture) + ");");
            spans.Add(new SpanVar(name, length, Writable: true, IsArray: false));
            Line(indent, name + "[" + random.Next(length).ToString(CultureInfo.InvariantCulture) + "] " + (random.Next(2) == 0 ? "+= " : "= ") + Expression(2) + ";");
        }

        private bool CanCall(Helper helper)
            => helper.Parameters.All(k => k switch
            {
                ParameterKind.ReadOnlySpan => spans.Any(s => !s.IsArray),
                ParameterKind.Array => spans.Any(s => s.IsArray),
                _ => true,
            });

        private string NonConstant(int d)
        {
            var e = Expression(d);
            return !e.Any(char.IsLetter) ? "(" + e + " + " + (scalars.Count > 0 ? Pick(scalars) : spans.Count > 0 ? spans[0].Name + "[0]" : "1.0") + ")" : e;
        }

        private void OutCall(int indent)
        {
            if (random.Next(4) != 0 && SpanOutCall(indent))
            {
                return;
            }

            var callable = helpers.Where(h => !h.HasSpanOut && CanCall(h)).ToList();
            if (callable.Count == 0)
            {
                return;
            }

            var withOut = callable.Where(h => h.HasOut).ToList();
            var helper = withOut.Count > 0 && random.Next(3) != 0 ? withOut[random.Next(withOut.Count)] : callable[random.Next(callable.Count)];
            var name = Fresh("v");
            if (!helper.HasOut)
            {
                Line(indent, "§T " + name + " = " + Call(helper, 2, null) + ";");
                scalars.Add(name);
                assignable.Add(name);
                return;
            }

            var y = Fresh("y");
            switch (random.Next(5))
            {
                case 0:
                    Line(indent, "§T " + name + " = " + Call(helper, 2, "out §T " + y) + ";");
                    break;
                case 1:
                    Line(indent, "§T " + y + ";");
                    Line(indent, "§T " + name + " = " + Call(helper, 2, "out " + y) + " > " + Constant() + " ? " + y + " : " + Expression(1) + ";");
                    break;
                case 2:
                    Line(indent, "§T " + y + ";");
                    Line(indent, "§T " + name + ";");
                    Line(indent, "if (" + Call(helper, 2, "out " + y) + " > " + Constant() + ")");
                    Line(indent, "{");
                    Line(indent + 1, name + " = " + y + " * " + Expression(1) + ";");
                    Line(indent, "}");
                    Line(indent, "else");
                    Line(indent, "{");
                    Line(indent + 1, name + " = " + Expression(2) + " - " + y + ";");
                    Line(indent, "}");
                    break;
                case 3:
                    Line(indent, "§T " + y + ";");
                    Line(indent, "bool " + name + "Flag = " + Call(helper, 2, "out " + y) + " <= " + Expression(1) + ";");
                    Line(indent, "§T " + name + " = " + name + "Flag ? " + y + " : " + Expression(2) + ";");
                    break;
                default:
                    Line(indent, "§T " + y + ";");
                    Line(indent, "§T " + name + " = " + Expression(1) + " * " + Call(helper, 2, "out " + y) + ";");
                    break;
            }

            scalars.Add(y);
            scalars.Add(name);
            assignable.Add(name);
        }

        /// <summary>The span or array passed for each span or array parameter by the last <see cref="Call"/>, by parameter index.</summary>
        private readonly Dictionary<int, SpanVar> lastSpanArguments = new();

        private string Call(Helper helper, int d, string? outArgument, string? spanOutArgument = null)
        {
            var arguments = new List<string>();
            lastSpanArguments.Clear();
            for (var p = 0; p < helper.Parameters.Count; p++)
            {
                var kind = helper.Parameters[p];
                switch (kind)
                {
                    case ParameterKind.Scalar:
                        arguments.Add(Expression(d));
                        break;
                    case ParameterKind.Int:
                        arguments.Add(ints.Count > 0 && random.Next(2) == 0 ? "(" + Pick(ints) + " % 4)" : random.Next(4).ToString(CultureInfo.InvariantCulture));
                        break;
                    case ParameterKind.ReadOnlySpan:
                    {
                        var candidates = spans.Where(s => !s.IsArray).ToList();
                        if (candidates.Count == 0)
                        {
                            return "§M.Sin(" + Expression(d) + ")";
                        }

                        var chosen = candidates[random.Next(candidates.Count)];
                        lastSpanArguments[p] = chosen;
                        arguments.Add(chosen.Name);
                        break;
                    }

                    default:
                    {
                        var candidates = spans.Where(s => s.IsArray).ToList();
                        if (candidates.Count == 0)
                        {
                            return "§M.Cos(" + Expression(d) + ")";
                        }

                        var chosen = candidates[random.Next(candidates.Count)];
                        lastSpanArguments[p] = chosen;
                        arguments.Add(chosen.Name);
                        break;
                    }
                }
            }

            if (helper.HasOut)
            {
                arguments.Add(outArgument ?? throw new InvalidOperationException("helper with out needs an out argument"));
            }

            if (helper.HasSpanOut)
            {
                arguments.Add(spanOutArgument ?? throw new InvalidOperationException("helper with a span output needs a span argument"));
            }

            return helper.Name + "§D(" + string.Join(", ", arguments) + ")";
        }

        public string Expression(int d)
        {
            if (d <= 0 || random.Next(4) == 0)
            {
                return Leaf();
            }

            var x = Expression(d - 1);
            switch (random.Next(22))
            {
                case 0: return "(" + x + " + " + Expression(d - 1) + ")";
                case 1: return "(" + x + " - " + Expression(d - 1) + ")";
                case 2: return "(" + x + " * " + Expression(d - 1) + ")";
                case 3: return "(" + x + " / (1.5 + " + Square(Expression(d - 1)) + "))";
                case 4: return "(-(" + x + "))";
                case 5: return "§M.Exp(§M.Tanh(" + x + "))";
                case 6: return "§M.Log(1.0 + " + Square(x) + ")";
                case 7: return "§M.Sqrt(1.0 + " + Square(x) + ")";
                case 8: return "§M.Sin(" + x + ")";
                case 9: return "§M.Cos(" + x + ")";
                case 10: return "§M.Pow(1.0 + " + Square(x) + ", " + Constant() + ")";
                case 11: return "(" + Compare(x, " > ", Expression(d - 1)) + " ? " + Expression(d - 1) + " : §M.Atan(" + x + "))";
                case 12: return "§M.Abs(" + x + ")";
                case 13: return "§M." + (random.Next(2) == 0 ? "Min" : "Max") + "(" + x + ", " + Expression(d - 1) + ")";
                case 14: return "§M.Atan2(" + x + ", 1.0 + " + Square(Expression(d - 1)) + ")";
                case 15: return random.Next(3) switch
                {
                    0 => "§M.Cbrt(1.0 + " + Square(x) + ")",
                    1 => "§M.Log10(2.0 + " + Square(x) + ")",
                    _ => "§M.Log2(0.5 + " + Square(x) + ")",
                };
                case 16: return random.Next(4) switch
                {
                    0 => "§M.Tan(§M.Tanh(" + x + "))",
                    1 => "§M.Asin(0.9 * §M.Tanh(" + x + "))",
                    2 => "§M.Acos(0.9 * §M.Sin(" + x + "))",
                    _ => "§M.Asinh(" + x + ")",
                };
                case 17: return random.Next(2) == 0 ? "§M.Sinh(§M.Tanh(" + x + "))" : "§M.Cosh(§M.Sin(" + x + "))";
                case 18: return "§M.Pow(1.0 + " + Square(x) + ", §M.Sin(" + Expression(d - 1) + "))";
                case 19 when helpers.Count > 0:
                {
                    var plain = helpers.Where(h => !h.HasOut && !h.HasSpanOut && CanCall(h)).ToList();
                    return plain.Count > 0 ? Call(plain[random.Next(plain.Count)], d - 1, null) : "§M.Tanh(" + x + ")";
                }

                case 20: return "§M.Tanh(" + x + ")";
                default: return "(" + x + " * " + Expression(d - 1) + ")";
            }
        }

        private string Leaf()
        {
            var r = random.Next(10);
            if (r == 0)
            {
                return Constant();
            }

            if (r == 1 && spans.Count > 0)
            {
                var span = spans[random.Next(spans.Count)];
                return span.Name + "[" + random.Next(Math.Min(span.Length, span.Writable ? span.Length : MinLength)).ToString(CultureInfo.InvariantCulture) + "]";
            }

            if (r == 2 && ints.Count > 0)
            {
                return "((double)" + Pick(ints) + " * 0.25)";
            }

            return scalars.Count > 0 ? Pick(scalars) : Constant();
        }

        private static string Square(string x) => "(" + x + ") * (" + x + ")";

        private string Constant() => (random.Next(-8, 9) * 0.25).ToString("0.0#", CultureInfo.InvariantCulture);
    }
}
