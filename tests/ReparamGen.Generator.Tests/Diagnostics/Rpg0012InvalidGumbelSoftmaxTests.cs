using System.Collections.Generic;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0012: a [GumbelSoftmax] method that is neither a categorical nor a binary logits method.</summary>
public sealed class Rpg0012InvalidGumbelSoftmaxTests
{
    private const string Shape = "return one double or float logit (binary), or write categorical logits to exactly one Span<double> or Span<float> parameter (and return void)";

    private static readonly Dictionary<string, (string Members, string Reason)> Cases = new()
    {
        ["two logits spans"] = ("""
                [GumbelSoftmax]
                public static void [|F|](double w, Span<double> a, Span<double> b)
                {
                    a[0] = w;
                    b[0] = w;
                }
            """, Shape),
        ["void without logits"] = ("""
                [GumbelSoftmax]
                public static void [|F|](double w, out double logit) => logit = w;
            """, Shape),
        ["binary with a span"] = ("""
                [GumbelSoftmax]
                public static double [|F|](double w, Span<double> scratch) => w * scratch.Length;
            """, "a binary logits method returns its logit and takes scalar parameters only"),
        ["categorical with an out parameter"] = ("""
                [GumbelSoftmax]
                public static void [|F|](double w, Span<double> logits, out double norm)
                {
                    logits[0] = w;
                    norm = w;
                }
            """, "out parameters are not supported on a logits method"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_method_name(string name)
    {
        var (members, reason) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), Error("RPG0012", "[GumbelSoftmax] on 'F': " + reason));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }
}
