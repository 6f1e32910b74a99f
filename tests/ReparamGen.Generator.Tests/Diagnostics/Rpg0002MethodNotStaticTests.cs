using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>RPG0002: generated gradient members are static functions of the arguments, so the method must be static.</summary>
public sealed class Rpg0002MethodNotStaticTests
{
    [Fact]
    public void Instance_reparameterizable_method_is_reported_at_its_name()
    {
        var run = DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            namespace Demo;

            public partial class Instance
            {
                [Reparameterizable]
                public double [|LogNormal|](double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
            }
            """,
            Error("RPG0002", "Method 'LogNormal' must be 'static' to carry [Reparameterizable]"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Instance_differentiable_method_names_its_attribute()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public partial class Instance
            {
                [Differentiable]
                public double [|Square|](double x) => x * x;
            }

            public static partial class C
            {
                [Reparameterizable]
                public static double Ok(double mu, [Noise] double eps) => mu + eps;
            }
            """,
            Error("RPG0002", "Method 'Square' must be 'static' to carry [Differentiable]"));

        DiagnosticAssert.OnlyBystanderGenerated(run, "Demo.Instance.Square");
    }
}
