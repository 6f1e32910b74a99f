using System.Collections.Generic;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0008: generated members re-run the body, so a write to a field or property would happen several times.</summary>
public sealed class Rpg0008WriteToFieldTests
{
    private static readonly Dictionary<string, (string Members, string Member)> Cases = new()
    {
        ["static field"] = ("""
                private static double last;

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|last|] = mu;
                    return mu * eps + last;
                }
            """, "last"),
        ["compound assignment to a static field"] = ("""
                private static double total;

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|total|] += mu;
                    return mu * eps;
                }
            """, "total"),
        ["static property"] = ("""
                public static double Last { get; set; }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps)
                {
                    [|Last|] = mu * eps;
                    return mu * eps;
                }
            """, "Last"),
        ["field of an argument"] = ("""
                public sealed class Counter
                {
                    public int Calls;
                }

                [Reparameterizable]
                public static double F(double mu, [Noise] double eps, Counter counter)
                {
                    [|counter.Calls|] = counter.Calls + 1;
                    return mu * eps;
                }
            """, "Calls"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_at_the_written_member(string name)
    {
        var (members, member) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members),
            Error("RPG0008", "Differentiated method 'F' writes to '" + member + "'; generated tangents would repeat the write. Use a local or an out parameter"));

        DiagnosticAssert.OnlyBystanderGenerated(run);
    }

    [Fact]
    public void Writes_to_fields_and_properties_of_this_are_reported_in_an_instance_method()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public partial class Model
            {
                private double count;

                public double Last { get; set; }

                [Reparameterizable]
                public double F(double mu, [Noise] double eps)
                {
                    [|this.count|] += 1;
                    [|Last|] = mu * eps;
                    return mu * eps + count;
                }
            }
            """,
            new[]
            {
                Error("RPG0008", "Differentiated method 'F' writes to 'count'; generated tangents would repeat the write. Use a local or an out parameter"),
                Error("RPG0008", "Differentiated method 'F' writes to 'Last'; generated tangents would repeat the write. Use a local or an out parameter"),
            });

        Assert.Empty(run.Sources);
    }
}
