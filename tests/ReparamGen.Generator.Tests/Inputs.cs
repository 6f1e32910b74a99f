namespace ReparamGen.Generator.Tests;

/// <summary>C# sources fed to the generator by several tests.</summary>
internal static class Inputs
{
    /// <summary>The LogNormal example of SPEC §4 and issue 2.</summary>
    public const string LogNormal = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Samplers
        {
            [Reparameterizable]
            public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
        }
        """;

    /// <summary>
    /// Every pipeline step in use: two [Reparameterizable] samplers, a [Differentiable] helper and a user
    /// [TangentOf] rule (the rule catalog), with numeric literals that a culture could change.
    /// </summary>
    public const string AllSteps = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Samplers
        {
            [Reparameterizable]
            public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);

            [Differentiable]
            public static double Softplus(double x) => Math.Log(1.0 + Math.Exp(x));

            [Reparameterizable]
            public static double Shifted(double mu, double sigma, [Noise] double eps)
                => 0.5 * Softplus(mu) + Cube(sigma) * eps * 1.25e-3 - Math.Pow(sigma, 1.5) * 2.5e10;

            public static double Cube(double x) => x * x * x;

            [TangentOf(typeof(Samplers), nameof(Cube))]
            public static double CubeTangent(double x, double dX, out double dResult)
            {
                dResult = 3.0 * x * x * dX;
                return x * x * x;
            }
        }
        """;
}
