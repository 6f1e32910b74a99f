using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static ReparamGen.Generator.Tests.Fuzz.FuzzProgram;

namespace ReparamGen.Generator.Tests.Fuzz;

/// <summary>
/// The dot-product test of a fuzz program's helpers: for a helper <c>H</c> that got an <c>HBackward</c>, a
/// generated <c>DotH(int seed)</c> draws a random point x (spans and arrays of 2 to 4 elements, ints in 0…3), a
/// random direction v for every differentiated input and a random seed ȳ for the result, the <c>out</c>
/// output and each element of the span output <c>z</c>, and returns every number to compare (see <see cref="Results"/>):
/// <list type="bullet">
/// <item>⟨ȳ, J·v⟩ from <c>HTangent</c> (forward mode) against ⟨Jᵀ·ȳ, v⟩ from <c>HBackward</c> (reverse mode, or the
/// forward-vector Backward of a helper with scalar inputs only);</item>
/// <item>a second <c>HBackward</c> call into the same accumulators, which must add (⟨g₂, v⟩ = 2⟨g₁, v⟩);</item>
/// <item><c>HTangent</c>'s J·v against the dual numbers (the suite's oracle, the role finite differences play
/// elsewhere: the programs have kinks and branches that would make finite differences flaky), so a failing
/// dot product says which side is wrong;</item>
/// <item>the value, the <c>out</c> output and the elements of <c>z</c> from <c>H</c>, <c>HTangent</c>, <c>HBackward</c>
/// and the dual program (which writes <c>Span&lt;Dual&gt;</c>), and <c>HTangent</c>'s <c>dZ</c> against the dual numbers.</item>
/// </list>
/// The checkers are not seen by the generator: they are added to the output compilation, and only for the
/// helpers whose <c>HBackward</c> was generated (the others got RPG0018, counted by reason).
/// </summary>
internal static class DotProductCheck
{
    /// <summary>
    /// Bar of the dot-product test: |⟨ȳ, J·v⟩ − ⟨Jᵀ·ȳ, v⟩| ≤ 1e-12·S, where S = |ȳ|ᵀ·M + Σ|ȳₖ·(J·v)ₖ| + Σ|(Jᵀ·ȳ)ⱼ·vⱼ|
    /// and M (the dual numbers' <c>MA</c>) is the chain rule run on absolute values, |J|·|v| summed path by path.
    /// Both sides are sums over the same chain-rule paths of products of the same local partials at the same primal
    /// point, taken in another order (forward mode multiplies from the inputs, reverse mode from the outputs and
    /// adds paths where they meet). Each path's product carries a relative rounding error of about k·u for a path of
    /// k operations (u = 1.1e-16; the programs have at most a few hundred operations), so honest differences are
    /// at most about k·u·|ȳ|ᵀ·|J|·|v| ≤ 1e-13·S; 1e-12 leaves room above that and still fails a wrong or lost adjoint,
    /// a missed branch or a restore of the wrong value, which are O(1)·S errors. The sum of the visible terms alone
    /// is not enough: in x −= sin(x) repeated, J·v is tiny by cancellation (1 − cos x) while each path is O(1), and
    /// honest differences reached 3e-7 of Σ|terms| (fuzz seed 48, H2); M sees those paths. A span output z adds its
    /// terms like any other output: ȳ_zᵢ·(J·v)_zᵢ to both sums and |ȳ_zᵢ|·M(zᵢ) to the first.
    /// </summary>
    public const double Tolerance = 1e-12;

    /// <summary>What <c>DotH</c> returns per element of the span output z.</summary>
    public static readonly string[] SpanOutResults = { "user z", "Tangent z", "Backward z", "dual z", "Tangent dZ", "dual J·v (z)" };

    /// <summary>What <c>DotH</c> returns, in order.</summary>
    public static readonly string[] Results = new[]
    {
        "user value", "Tangent value", "Backward value", "dual value",
        "user out", "Tangent out", "Backward out", "dual out",
        "Tangent J·v (result)", "dual J·v (result)", "Tangent J·v (out)", "dual J·v (out)",
        "⟨ȳ, J·v⟩", "⟨Jᵀ·ȳ, v⟩", "S (|ȳ|ᵀ·|J|·|v| + Σ|terms|)", "⟨g₂, v⟩ after a second Backward", "S₂ (2S + Σ|g₂ⱼ·vⱼ|)", "Σ|terms|",
    }.Concat(Enumerable.Range(0, MaxSpanOutLength).SelectMany(i => SpanOutResults.Select(r => r + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"))).ToArray();

    /// <summary>Index in <see cref="Results"/> of the first span-output entry (<see cref="SpanOutResults"/> per element of z, zeros past its end).</summary>
    public const int SpanOutStart = 18;

    /// <summary>The span output has at most this many elements (the longest span input the checker draws).</summary>
    public const int MaxSpanOutLength = 4;

    /// <summary>Whether the helper's <c>Backward</c> is the reverse-mode one (span or array inputs, or an out or span output).</summary>
    public static bool IsReverse(Helper helper)
        => helper.HasOut || helper.HasSpanOut || helper.Parameters.Any(k => k is ParameterKind.ReadOnlySpan or ParameterKind.Array);

    /// <summary>The checker file for one program: <c>Dot{H}(int seed)</c> for each helper given.</summary>
    public static string Source(FuzzProgram program, IEnumerable<Helper> helpers)
    {
        var text = new StringBuilder();
        text.Append("using System;\nusing System.Linq;\nusing static Fuzz.DotSupport;\n\n#pragma warning disable CS1591\nnamespace Fuzz;\n\n").Append(program.ClassDeclaration).Append("\n{\n");
        foreach (var helper in helpers)
        {
            Checker(text, helper);
        }

        // Generic helpers' members are called with T = double (type inference does not see through double[] → ReadOnlySpan<T>).
        var source = text.Append("}\n").ToString();
        return program.GenericHelpers ? FuzzProgram.CallsWith(source, "double") : source;
    }

    private static void Checker(StringBuilder text, Helper helper)
    {
        var h = helper.Name;
        var primal = new List<string>();
        var dual = new List<string>();
        var tangents = new List<string>();
        var accumulators = new List<string>();
        var body = new StringBuilder();
        var rhs = new List<(string G, string V, bool Span)>();
        void Line(string line) => body.Append("        ").Append(line).Append('\n');

        for (var i = 0; i < helper.Parameters.Count; i++)
        {
            var x = "x" + i.ToString(CultureInfo.InvariantCulture);
            var v = "v" + i.ToString(CultureInfo.InvariantCulture);
            var g = "g" + i.ToString(CultureInfo.InvariantCulture);
            switch (helper.Parameters[i])
            {
                case ParameterKind.Scalar:
                    Line($"double {x} = D(); double {v} = D(); double {g} = 0.0;");
                    primal.Add(x);
                    dual.Add($"new Oracle.Dual({x}, {v}, 0.0)");
                    tangents.Add(v);
                    accumulators.Add("ref " + g);
                    rhs.Add((g, v, false));
                    break;
                case ParameterKind.Int:
                    Line($"int {x} = random.Next(4);");
                    primal.Add(x);
                    dual.Add(x);
                    break;
                default:
                    Line($"int n{i} = 2 + random.Next(3); double[] {x} = A(n{i}); double[] {v} = A(n{i}); double[] {g} = new double[n{i}];");
                    primal.Add(x);
                    dual.Add($"Duals({x}, {v})");
                    tangents.Add(v);
                    accumulators.Add(g);
                    rhs.Add((g, v, true));
                    break;
            }
        }

        Line("double yR = D();");
        var seeds = new List<string> { "yR" };
        if (helper.HasOut)
        {
            Line("double yO = D();");
            seeds.Add("yO");
        }

        var z = helper.HasSpanOut;
        if (z)
        {
            // z has the length of the span input it is tied to, else MinLength; each call gets its own.
            Line("int nz = " + (helper.SpanOutLengthFrom < 0 ? MinLength.ToString(CultureInfo.InvariantCulture) : "n" + helper.SpanOutLengthFrom.ToString(CultureInfo.InvariantCulture)) + ";");
            Line("double[] yZ = A(nz); double[] zU = new double[nz]; double[] zT = new double[nz]; double[] dZ = new double[nz]; double[] zB = new double[nz]; var zD = new Oracle.Dual[nz];");
        }

        string Args(IEnumerable<string> a, string? outArgument, params IEnumerable<string>[] rest)
            => string.Join(", ", a.Concat(outArgument is null ? Array.Empty<string>() : new[] { outArgument }).Concat(rest.SelectMany(r => r)));

        string[] Z(string name) => z ? new[] { name } : Array.Empty<string>();
        var o = helper.HasOut;
        Line($"double user = {h}({Args(primal, o ? "out double oU" : null, Z("zU"))});");
        Line($"double t = {h}Tangent({Args(primal, o ? "out double oT" : null, Z("zT"), tangents, o ? new[] { "out double dO" } : Array.Empty<string>(), Z("dZ"), new[] { "out double dR" })});");
        Line($"double r = {h}Backward({Args(primal, o ? "out double oB" : null, Z("zB"), seeds, Z("yZ"), accumulators)});");
        Line($"var d = {h}Dual({Args(dual, o ? "out Oracle.Dual oD" : null, Z("zD"))});");
        // Σ gⱼ·vⱼ over the accumulators (Σ|gⱼ·vⱼ| with abs).
        string Sum(bool abs)
        {
            var parts = rhs.Select(t => t.Span ? $"Dot({t.G}, {t.V}, {(abs ? "true" : "false")})" : abs ? $"Math.Abs({t.G} * {t.V})" : $"({t.G} * {t.V})").ToList();
            return parts.Count == 0 ? "0.0" : string.Join(" + ", parts);
        }

        Line("double lhs = (yR * dR)" + (o ? " + (yO * dO)" : "") + (z ? " + Dot(yZ, dZ, false)" : "") + ";");
        Line("double rhs = " + Sum(abs: false) + ";");
        Line("double terms = Math.Abs(yR * dR)" + (o ? " + Math.Abs(yO * dO)" : "") + (z ? " + Dot(yZ, dZ, true)" : "") + " + " + Sum(abs: true) + ";");
        Line("double s = (Math.Abs(yR) * d.MA)" + (o ? " + (Math.Abs(yO) * oD.MA)" : "") + (z ? " + Magnitude(yZ, zD)" : "") + " + terms;");
        Line($"{h}Backward({Args(primal, o ? "out double _" : null, Z("new double[nz]"), seeds, Z("yZ"), accumulators)});");
        Line("double rhs2 = " + Sum(abs: false) + ";");
        Line("double s2 = (2.0 * s) + " + Sum(abs: true) + ";");
        Line("return new[] { user, t, r, d.V, "
             + (o ? "oU, oT, oB, oD.V, " : "0.0, 0.0, 0.0, 0.0, ")
             + "dR, d.DA, " + (o ? "dO, oD.DA, " : "0.0, 0.0, ")
             + "lhs, rhs, s, rhs2, s2, terms }"
             + (z ? ".Concat(SpanOut(zU, zT, zB, zD, dZ))" : ".Concat(new double[" + (MaxSpanOutLength * SpanOutResults.Length).ToString(CultureInfo.InvariantCulture) + "])")
             + ".ToArray();");

        text.Append("    public static double[] Dot").Append(h).Append("(int seed)\n    {\n")
            .Append("        var random = new Random(seed);\n")
            .Append("        double D() => Math.Round((random.NextDouble() * 4) - 2, 3);\n")
            .Append(rhs.Any(t => t.Span) || helper.HasSpanOut ? "        double[] A(int n) { var a = new double[n]; for (int i = 0; i < n; i++) { a[i] = D(); } return a; }\n" : "")
            .Append(body)
            .Append("    }\n\n");
    }

    /// <summary>Shared helpers of the checkers (once per program class would clash: they go in a class of their own).</summary>
    public static readonly string Support = """
        #pragma warning disable CS1591
        namespace Fuzz;

        public static class DotSupport
        {
            public static Oracle.Dual[] Duals(double[] x, double[] v)
            {
                var d = new Oracle.Dual[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    d[i] = new Oracle.Dual(x[i], v[i], 0.0);
                }

                return d;
            }

            // Σ|ȳᵢ|·M(zᵢ): the span output's share of |ȳ|ᵀ·|J|·|v|.
            public static double Magnitude(double[] y, Oracle.Dual[] z)
            {
                double s = 0.0;
                for (int i = 0; i < y.Length; i++)
                {
                    s += System.Math.Abs(y[i]) * z[i].MA;
                }

                return s;
            }

            // Per element of z (up to MaxSpanOutLength, zeros after): user, Tangent, Backward and dual z, Tangent dZ, dual J·v.
            public static double[] SpanOut(double[] zU, double[] zT, double[] zB, Oracle.Dual[] zD, double[] dZ)
            {
                var r = new double[§MAX * 6];
                for (int i = 0; i < zU.Length; i++)
                {
                    r[(i * 6) + 0] = zU[i];
                    r[(i * 6) + 1] = zT[i];
                    r[(i * 6) + 2] = zB[i];
                    r[(i * 6) + 3] = zD[i].V;
                    r[(i * 6) + 4] = dZ[i];
                    r[(i * 6) + 5] = zD[i].DA;
                }

                return r;
            }

            public static double Dot(double[] g, double[] v, bool abs)
            {
                double s = 0.0;
                for (int i = 0; i < g.Length; i++)
                {
                    s += abs ? System.Math.Abs(g[i] * v[i]) : g[i] * v[i];
                }

                return s;
            }
        }
        """.Replace("§MAX", MaxSpanOutLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
