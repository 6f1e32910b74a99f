using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0001: the generated members go into the method's type, so it and every containing type must be partial.</summary>
public sealed class Rpg0001TypeNotPartialTests
{
    [Fact]
    public void Class_not_partial_is_reported_at_the_method_name()
    {
        var run = DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            namespace Demo;

            public static class Samplers
            {
                [Reparameterizable]
                public static double [|LogNormal|](double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
            }
            """,
            Error("RPG0001", "Type 'Samplers' must be declared 'partial' so that the gradient members of 'LogNormal' can be generated beside it"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Containing_type_not_partial_is_reported_for_the_outer_type()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public static class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double [|Square|](double x) => x * x;
                }
            }
            """,
            Error("RPG0001", "Type 'Outer' must be declared 'partial' so that the gradient members of 'Square' can be generated beside it"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Struct_not_partial_is_reported_and_a_partial_sibling_is_still_generated()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public struct Plain
            {
                [Reparameterizable]
                public static double [|F|](double mu, [Noise] double eps) => mu * eps;
            }

            public static partial class C
            {
                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """,
            Error("RPG0001", "Type 'Plain' must be declared 'partial' so that the gradient members of 'F' can be generated beside it"));

        DiagnosticAssert.OnlyBystanderGenerated(run, "Demo.Plain.F");
    }
}
