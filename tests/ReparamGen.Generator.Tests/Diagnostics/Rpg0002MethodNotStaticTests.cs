using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0002: instance methods of classes, structs and records are differentiated ([Reparameterizable],
/// [Differentiable]); the attributes whose generated members are static functions of the arguments
/// ([GumbelSoftmax], [ImplicitReparam]) and methods of interfaces must be static.
/// </summary>
public sealed class Rpg0002MethodNotStaticTests
{
    [Fact]
    public void Instance_gumbel_softmax_method_is_reported_at_its_name()
    {
        var run = DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            namespace Demo;

            public partial class Instance
            {
                [GumbelSoftmax]
                public double [|Logit|](double a) => 2.0 * a;
            }
            """,
            Error("RPG0002", "Method 'Logit' must be 'static' to carry [GumbelSoftmax]"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Instance_implicit_sampler_is_reported_at_its_name()
    {
        var run = DiagnosticAssert.Reports("""
            using System;
            using ReparamGen;

            namespace Demo;

            public partial class Instance
            {
                public static double Cdf(double z, double rate) => 1.0 - Math.Exp(-rate * z);

                [ImplicitReparam(nameof(Cdf))]
                public double [|Draw|](double rate, Random rng) => -Math.Log(1.0 - rng.NextDouble()) / rate;
            }
            """,
            Error("RPG0002", "Method 'Draw' must be 'static' to carry [ImplicitReparam]"));

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Instance_method_of_an_interface_names_its_attribute()
    {
        var run = DiagnosticAssert.Reports("""
            using ReparamGen;

            namespace Demo;

            public partial interface IShape
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

        DiagnosticAssert.OnlyBystanderGenerated(run, "Demo.IShape.Square");
    }
}
