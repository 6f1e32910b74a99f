using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0003: every construct outside the differentiable subset is reported at its own location, named in the
/// message, and the method gets no generated code (no half-generated members), while other methods do.
/// </summary>
public sealed class Rpg0003UnsupportedConstructTests
{
    private static readonly Dictionary<string, (string Members, string[] Messages)> Cases = new()
    {
        ["foreach"] = ("""
                [Reparameterizable]
                public static double F(double mu, System.Collections.Generic.List<double> eps)
                {
                    var s = 0.0;
                    [|foreach (var e in eps)
                    {
                        s += mu * e;
                    }|]

                    return s;
                }
            """, new[] { "A 'foreach' loop" }),
        ["try"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|try
                    {
                        return mu * eps;
                    }
                    finally
                    {
                    }|]
                }
            """, new[] { "A 'try' statement" }),
        ["using"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|using (var stream = new System.IO.MemoryStream())
                    {
                    }|]

                    return mu * eps;
                }
            """, new[] { "A 'using' statement" }),
        ["lock"] = ("""
                private static readonly object Gate = new();

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|lock (Gate)
                    {
                        return mu * eps;
                    }|]
                }
            """, new[] { "A 'lock' statement" }),
        ["goto case"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, int k)
                {
                    var s = 0.0;
                    switch (k)
                    {
                        case 0:
                            s = mu;
                            [|goto case 1;|]
                        case 1:
                            s = s + (mu * eps);
                            break;
                    }

                    return s;
                }
            """, new[] { "A 'goto' statement" }),
        ["goto and label"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var s = mu;
                    if (eps > 0)
                    {
                        [|goto done;|]
                    }

                    s = s * eps;
                [|done:
                    return s;|]
                }
            """, new[] { "A 'goto' statement", "A labeled statement" }),
        ["recursive local function"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    return [|Power(mu, 3)|] * eps;

                    static double Power(double x, int k) => k == 0 ? 1.0 : x * Power(x, k - 1);
                }
            """, new[] { "A call to local function 'Power' (it is recursive; only a local function whose body is one expression or 'return' statement is differentiated, by inlining)" }),
        ["local function with statements"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    return [|Twice(mu)|] * eps;

                    static double Twice(double x)
                    {
                        var y = 2 * x;
                        return y;
                    }
                }
            """, new[] { "A call to local function 'Twice' (its body has statements; only a local function whose body is one expression or 'return' statement is differentiated, by inlining)" }),
        ["local function argument in a branch"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    return eps > 0 ? Twice([|mu * eps|]) : mu;

                    static double Twice(double x) => 2 * x;
                }
            """, new[] { "An argument of local function 'Twice' that is not a local, a parameter or a constant, in a branch of '?:', right of '&&' or '||', in a switch expression arm, in a loop condition or in a statement with an 'out' or 'ref' argument (store it in a local first)" }),
        ["local function argument after an out argument"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    return Math.DivRem(7, 2, out var q) + Twice([|q * mu|]) * eps;

                    static double Twice(double x) => 2 * x;
                }
            """, new[] { "An argument of local function 'Twice' that is not a local, a parameter or a constant, in a branch of '?:', right of '&&' or '||', in a switch expression arm, in a loop condition or in a statement with an 'out' or 'ref' argument (store it in a local first)" }),
        ["local function argument with a call"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, System.Random r)
                {
                    return Twice([|mu + r.NextDouble()|]) * eps;

                    static double Twice(double x) => 2 * x;
                }
            """, new[] { "An argument of local function 'Twice' that makes a call (store it in a local first: the call would move before the statement)" }),
        ["positional pattern"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, (int, int) pair)
                {
                    return [|pair is (> 0, _)|] ? mu : mu * eps;
                }
            """, new[] { "A positional pattern (match the properties by name instead: '{ X: > 0 }')" }),
        ["list pattern"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, int[] counts)
                {
                    return [|counts is [> 0, ..]|] ? mu : mu * eps;
                }
            """, new[] { "A list pattern" }),
        ["property pattern on a call"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, object tag)
                {
                    return [|tag.ToString() is { Length: > 2 }|] ? mu : mu * eps;
                }
            """, new[] { "A type, declaration or property pattern on an expression that is not a local, a parameter or a field or property of one (store it in a local first)" }),
        ["declaration pattern in a loop condition"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, object tag)
                {
                    var s = mu;
                    while ([|tag is string text|] && s < text.Length)
                    {
                        s = s + eps;
                    }

                    return s;
                }
            """, new[] { "A pattern that declares a variable in a loop condition, a branch of '?:', right of '&&' or '||', in a switch expression arm or in a statement with an 'out' or 'ref' argument (test it in an 'if' of its own)" }),
        ["pattern case label"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, int k)
                {
                    switch (k)
                    {
                        [|case 1 when mu > 0:|]
                            return mu;
                        default:
                            return mu * eps;
                    }
                }
            """, new[] { "A pattern case label" }),
        ["tuple"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    int k = 3;
                    var pair = [|(k, k + 1)|];
                    return mu * pair.Item1 * eps;
                }
            """, new[] { "A tuple" }),
        ["null coalescing"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, double? fallback)
                {
                    return mu * ([|fallback ?? eps|]);
                }
            """, new[] { "The '??' operator" }),
        ["params call"] = ("""
                public static double First(params double[] values) => values[0];

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    return [|First(mu, eps)|];
                }
            """, new[] { "A 'params' argument list" }),
        ["array initializer"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var values = [|new double[] { mu, eps }|];
                    return values[0] * values[1];
                }
            """, new[] { "An array initializer" }),
        ["increment as a value"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var y = mu;
                    var z = [|++y|];
                    return z * eps;
                }
            """, new[] { "The expression '++y'" }),
        ["assignment as a value"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    double a, b;
                    a = [|b = mu * eps|];
                    return a + b;
                }
            """, new[] { "The expression 'b = mu * eps'" }),
        ["typeof"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var type = [|typeof(double)|];
                    return mu * eps;
                }
            """, new[] { "The expression 'typeof(double)'" }),
        ["differentiated update in a for header"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var s = 0.0;
                    [|for (var i = 0; i < 3; i++, s += mu)|]
                    {
                        s = s * eps;
                    }

                    return s;
                }
            """, new[] { "A for-loop whose initializer or iterator updates a differentiated value (move the update into the loop body)" }),
        ["convergence test on an expression"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var sum = 0.0;
                    var term = mu;
                    for (var i = 0; i < 100; i++)
                    {
                        sum = sum + term;
                        term = term * eps;
                        if ([|Convergence.Reached(Math.Exp(term), sum, 1e-15)|])
                        {
                            break;
                        }
                    }

                    return sum;
                }
            """, new[] { "A Convergence.Reached argument that is not a variable (store the term and the sum in locals)" }),
        ["stackalloc initializer"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    Span<double> values = [|stackalloc double[] { mu, eps }|];
                    return values[0] * values[1];
                }
            """, new[] { "A stackalloc initializer" }),
        ["ref local"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double[] buffer)
                {
                    [|ref double first = ref buffer[0];|]
                    first = mu * 2;
                    return buffer[0] * mu;
                }
            """, new[] { "A 'ref' local" }),
        ["lambda"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    Func<double, double> scale = [|x => x * mu|];
                    return eps;
                }
            """, new[] { "A lambda expression (lambdas and LINQ are not differentiated: write a for or foreach loop over the span or array instead)" }),
        ["tuple deconstruction"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|var (a, (b, c)) = (mu, (eps, 2.0))|];
                    return a * b * c;
                }
            """, new[] { "A tuple deconstruction" }),
        ["user-defined operator"] = ("""
                public readonly struct Meters
                {
                    public Meters(double value) => Value = value;

                    public double Value { get; }

                    public static Meters operator +(Meters a, Meters b) => new(a.Value + b.Value);
                }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var total = [|new Meters(1) + new Meters(2)|];
                    return mu * eps;
                }
            """, new[] { "The user-defined operator '+'" }),
        ["collection expression"] = ("""
                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    Span<double> values = [|[mu, eps]|];
                    return values[0] * values[1];
                }
            """, new[] { "A collection expression" }),
        ["user-defined compound assignment"] = ("""
                public readonly struct Meters
                {
                    public Meters(double value) => Value = value;

                    public double Value { get; }

                    public static Meters operator +(Meters a, Meters b) => new(a.Value + b.Value);
                }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var total = new Meters(mu);
                    [|total += new Meters(eps)|];
                    return total.Value * mu;
                }
            """, new[] { "The user-defined operator '+='" }),
        ["user-defined increment"] = ("""
                public readonly struct Steps
                {
                    public Steps(int count) => Count = count;

                    public int Count { get; }

                    public static Steps operator ++(Steps s) => new(s.Count + 1);
                }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    var steps = new Steps(1);
                    [|steps++|];
                    return mu * eps * steps.Count;
                }
            """, new[] { "The user-defined operator '++'" }),
        ["named arguments reordered around calls"] = ("""
                [Differentiable]
                public static double Shift(double u, double v) => u - (2 * v);

                [Reparameterizable]
                public static double F(double mu, Random rng)
                {
                    // C# draws v's number first; a call in parameter order would draw u's first.
                    return [|Shift(v: rng.NextDouble(), u: mu * rng.NextDouble())|];
                }
            """, new[] { "Named arguments out of parameter order with calls in two of them (the generated call would evaluate them in another order)" }),
        ["named constructor arguments reordered around calls"] = ("""
                public sealed class Draws
                {
                    public Draws(double first, double second) => (First, Second) = (first, second);

                    public double First { get; }

                    public double Second { get; }
                }

                [Reparameterizable]
                public static double F(double mu, Random rng)
                {
                    var draws = [|new Draws(second: rng.NextDouble(), first: rng.NextDouble())|];
                    return mu * draws.First;
                }
            """, new[] { "Named arguments out of parameter order with calls in two of them (the generated call would evaluate them in another order)" }),
        ["generic function whose derivative needs another interface"] = ("""
                [Differentiable]
                public static T F<T>(T x) where T : System.Numerics.INumber<T>, System.Numerics.ITrigonometricFunctions<T> => [|T.Asin(x)|];
            """, new[] { "'T.Asin' on 'T', whose constraints do not include IRootFunctions<T> (its derivative needs it): constrain 'T' to IFloatingPointIeee754<T>, or add IRootFunctions<T>" }),
        ["remainder on an INumber type parameter"] = ("""
                [Differentiable]
                public static T F<T>(T x, T y) where T : System.Numerics.INumber<T> => [|x % y|];
            """, new[] { "The '%' operator on 'T', whose constraints do not include IFloatingPoint<T> (its derivative needs it): constrain 'T' to IFloatingPointIeee754<T>, or add IFloatingPoint<T>" }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_construct_with_its_name_and_nothing_generated_for_the_method(string name)
    {
        var (members, constructs) = Cases[name];
        var expected = constructs.Select(c => Error("RPG0003", c + " is not supported in differentiated method 'F'")).ToArray();

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), expected);

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }
}
