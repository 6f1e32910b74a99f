using System.Collections.Generic;
using Xunit;
using static ReparamGen.Generator.Tests.Diagnostics.ExpectedDiagnostic;

namespace ReparamGen.Generator.Tests.Diagnostics;

/// <summary>
/// RPG0006: an [ImplicitReparam] sampler whose CDF, density or standardization function is missing or does not
/// fit, reported on the attribute with the reason and, where there is one, the expected signature.
/// </summary>
public sealed class Rpg0006ImplicitReparamTests
{
    private const string Prefix = "[ImplicitReparam] on 'S': ";

    private static readonly Dictionary<string, (string Members, string Reason)> Cases = new()
    {
        ["missing CDF"] = ("""
                [[|ImplicitReparam(cdf: "NoSuchCdf")|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();
            """, "no method named 'NoSuchCdf' in 'C'"),
        ["CDF with the wrong number of parameters"] = ("""
                [[|ImplicitReparam(cdf: nameof(Cdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Cdf(double z) => z;
            """, "'Cdf' has the wrong signature; expected static double Cdf(double z, double alpha)"),
        ["CDF returning float for a double sampler"] = ("""
                [[|ImplicitReparam(cdf: nameof(Cdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static float Cdf(double z, double alpha) => (float)(z / alpha);
            """, "'Cdf' has the wrong signature; expected static double Cdf(double z, double alpha)"),
        ["CDF parameter names not matching the sampler's"] = ("""
                [[|ImplicitReparam(cdf: nameof(Cdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Cdf(double z, double shape) => z / shape;
            """, "the parameters of 'Cdf' after the sample must be the sampler's differentiable parameters by name; expected static double Cdf(double z, double alpha)"),
        ["neither CDF nor LogCdf"] = ("""
                [[|ImplicitReparam(Pdf = nameof(Pdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Pdf(double z, double alpha) => 1 / alpha;
            """, "name exactly one of a CDF (the constructor argument) or 'LogCdf'"),
        ["both CDF and LogCdf"] = ("""
                [[|ImplicitReparam(nameof(Cdf), LogCdf = nameof(LogCdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Cdf(double z, double alpha) => z / alpha;

                public static double LogCdf(double z, double alpha) => Math.Log(z / alpha);
            """, "name exactly one of a CDF (the constructor argument) or 'LogCdf'"),
        ["Pdf with LogCdf"] = ("""
                [[|ImplicitReparam(LogCdf = nameof(LogCdf), Pdf = nameof(Pdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double LogCdf(double z, double alpha) => Math.Log(z / alpha);

                public static double Pdf(double z, double alpha) => 1 / alpha;
            """, "'Pdf' goes with a CDF; with 'LogCdf' give 'LogPdf'"),
        ["LogPdf with a CDF"] = ("""
                [[|ImplicitReparam(nameof(Cdf), LogPdf = nameof(LogPdf))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Cdf(double z, double alpha) => z / alpha;

                public static double LogPdf(double z, double alpha) => -Math.Log(alpha);
            """, "'LogPdf' goes with 'LogCdf'; with a CDF give 'Pdf'"),
        ["Pdf parameters in another order"] = ("""
                [[|ImplicitReparam(nameof(Cdf), Pdf = nameof(Pdf))|]]
                public static double S(double alpha, double beta, Random rng) => alpha * beta * rng.NextDouble();

                public static double Cdf(double z, double alpha, double beta) => z / (alpha * beta);

                public static double Pdf(double z, double beta, double alpha) => 1 / (alpha * beta);
            """, "'Pdf' must take the same parameters as 'Cdf', in the same order"),
        ["sampler without differentiable parameters"] = ("""
                [[|ImplicitReparam(nameof(Cdf))|]]
                public static double S([Noise] double alpha, Random rng) => alpha * rng.NextDouble();

                public static double Cdf(double z) => z;
            """, "the sampler needs double or float parameters to differentiate, and no floating outputs"),
        ["Standardize not [Differentiable]"] = ("""
                [[|ImplicitReparam(Standardize = nameof(Standardize))|]]
                public static void S(double alpha, Random rng, Span<double> z) => z[0] = alpha * rng.NextDouble();

                public static void Standardize(ReadOnlySpan<double> z, double alpha, Span<double> eps) => eps[0] = z[0] / alpha;
            """, "mark 'Standardize' [Differentiable]: its tangent gives ∇z S and ∇λ S"),
        ["Standardize with the wrong signature"] = ("""
                [[|ImplicitReparam(Standardize = nameof(Standardize))|]]
                public static void S(double alpha, Random rng, Span<double> z) => z[0] = alpha * rng.NextDouble();

                [Differentiable]
                public static void Standardize(ReadOnlySpan<double> z, double shape, Span<double> eps) => eps[0] = z[0] / shape;
            """, "'Standardize' has the wrong signature; expected [Differentiable] static void Standardize(ReadOnlySpan<double> z, double alpha, Span<double> eps)"),
        ["Standardize on a sampler returning its sample"] = ("""
                [[|ImplicitReparam(Standardize = nameof(Standardize))|]]
                public static double S(double alpha, Random rng) => alpha * rng.NextDouble();

                [Differentiable]
                public static void Standardize(ReadOnlySpan<double> z, double alpha, Span<double> eps) => eps[0] = z[0] / alpha;
            """, "a multivariate sampler returns void, writes its sample to one Span<double> parameter, and has double or span parameters to differentiate"),
        ["both CDF and Standardize"] = ("""
                [[|ImplicitReparam(nameof(Cdf), Standardize = nameof(Standardize))|]]
                public static void S(double alpha, Random rng, Span<double> z) => z[0] = alpha * rng.NextDouble();

                public static double Cdf(double z, double alpha) => z / alpha;

                [Differentiable]
                public static void Standardize(ReadOnlySpan<double> z, double alpha, Span<double> eps) => eps[0] = z[0] / alpha;
            """, "give either a CDF or 'Standardize', not both"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reported_on_the_attribute_with_the_reason(string name)
    {
        var (members, reason) = Cases[name];

        var run = DiagnosticAssert.Reports(DiagnosticAssert.InClass(members), Error("RPG0006", Prefix + reason));

        DiagnosticAssert.OnlyBystanderGenerated(run, "Demo.C.S");
    }
}
