namespace ReparamGen.Generator.Tests;

/// <summary>C# sources fed to the generator by several tests.</summary>
internal static class Inputs
{
    /// <summary>The LogNormal example of the README.</summary>
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
    /// Every pipeline and step in use: two [Reparameterizable] samplers, a [Differentiable] helper and a user
    /// [TangentOf] rule (the rule catalog), with numeric literals that a culture could change; an
    /// [ImplicitReparam] sampler with a CDF and one with a CDF and a density, a multivariate
    /// [ImplicitReparam(Standardize = …)] sampler, and categorical and binary [GumbelSoftmax] logits methods.
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

        public static partial class Implicit
        {
            // Exponential(rate) by inversion; the gradient comes from the CDF 1 − exp(−rate·z).
            [ImplicitReparam(cdf: nameof(ExponentialCdf))]
            public static double Exponential(double rate, Random rng) => -Math.Log(1.0 - rng.NextDouble()) / rate;

            public static double ExponentialCdf(double z, double rate) => 1.0 - Math.Exp(-rate * z);

            // Weibull(scale, shape) with its density given.
            [ImplicitReparam(nameof(WeibullCdf), Pdf = nameof(WeibullPdf))]
            public static double Weibull(double scale, double shape, Random rng) => scale * Math.Pow(-Math.Log(1.0 - rng.NextDouble()), 1.0 / shape);

            public static double WeibullCdf(double z, double scale, double shape) => 1.0 - Math.Exp(-Math.Pow(z / scale, shape));

            public static double WeibullPdf(double z, double scale, double shape)
                => shape / scale * Math.Pow(z / scale, shape - 1.0) * Math.Exp(-Math.Pow(z / scale, shape));

            // Two coordinates: z0 = scale·u0, z1 = z0 + shift·u1; standardized back to (u0, u1).
            [ImplicitReparam(Standardize = nameof(Standardize))]
            public static void Pair(double scale, double shift, Random rng, Span<double> z)
            {
                z[0] = scale * rng.NextDouble();
                z[1] = z[0] + (shift * rng.NextDouble());
            }

            [Differentiable]
            public static void Standardize(ReadOnlySpan<double> z, double scale, double shift, Span<double> eps)
            {
                eps[0] = z[0] / scale;
                eps[1] = (z[1] - z[0]) / shift;
            }

            [GumbelSoftmax]
            public static void Preferences(double w, double bias, Span<double> logits)
            {
                for (var i = 0; i < logits.Length; i++)
                {
                    logits[i] = (w * i) + bias;
                }
            }

            [GumbelSoftmax]
            public static double Coin(double w, double bias) => w - (0.5 * bias);
        }
        """;
}
