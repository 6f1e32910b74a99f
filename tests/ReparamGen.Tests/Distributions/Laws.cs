using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Distributions;

namespace ReparamGen.Tests.Distributions;

/// <summary>Value and partials in the (up to two) parameters, as the tests compare them.</summary>
internal readonly record struct Grad(double Value, double D1, double D2);

/// <summary>Value and partials in x and the (up to two) parameters.</summary>
internal readonly record struct XGrad(double Value, double DX, double D1, double D2);

/// <summary>The generated <c>SampleTangent</c>: value and directional derivative along (d1, d2).</summary>
internal delegate double SampleTangentFn(double p1, double p2, Random rng, double d1, double d2, out double dResult);

/// <summary>The generated <c>SampleBackward</c>: accumulates seed·∂z/∂p into the gradients, returns z.</summary>
internal delegate double SampleBackwardFn(double p1, double p2, Random rng, double seed, ref double grad1, ref double grad2);

/// <summary>
/// One distribution's public members, seen through a common two-parameter shape so that tests can be
/// written once (Exponential ignores the second parameter and reports D2 = 0).
/// </summary>
internal sealed record Law(
    string Name,
    string[] ParameterNames,
    bool UniformNoise,
    Func<double, double, Random, double> Sample,
    Func<double, double, Random, Grad> SampleWithGradient,
    Func<double, double, double, double> FromNoise,
    Func<double, double, double, Grad> FromNoiseWithGradient,
    Func<double, double, double, double> LogDensity,
    Func<double, double, double, XGrad> LogDensityWithGradient,
    Func<double, double, double, double> Cdf,
    Func<double, double, double, XGrad> CdfWithGradient,
    SampleTangentFn SampleTangent,
    SampleBackwardFn SampleBackward)
{
    public int ParameterCount => ParameterNames.Length;

    /// <summary>The base noise that <c>Sample</c> draws (part of the documented contract).</summary>
    public double Noise(Random rng) => UniformNoise ? StandardNoise.Uniform(rng) : StandardNoise.Normal(rng);

    public override string ToString() => Name;

    public static readonly Law Normal = new(
        "Normal", ["mean", "stdDev"], false,
        ReparamGen.Distributions.Normal.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Normal.SampleWithGradient(a, b, r); return new(g.Value, g.DMean, g.DStdDev); },
        ReparamGen.Distributions.Normal.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Normal.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DMean, g.DStdDev); },
        ReparamGen.Distributions.Normal.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Normal.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DMean, g.DStdDev); },
        ReparamGen.Distributions.Normal.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Normal.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DMean, g.DStdDev); },
        ReparamGen.Distributions.Normal.SampleTangent,
        ReparamGen.Distributions.Normal.SampleBackward);

    public static readonly Law LogNormal = new(
        "LogNormal", ["mu", "sigma"], false,
        ReparamGen.Distributions.LogNormal.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.LogNormal.SampleWithGradient(a, b, r); return new(g.Value, g.DMu, g.DSigma); },
        ReparamGen.Distributions.LogNormal.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.LogNormal.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DMu, g.DSigma); },
        ReparamGen.Distributions.LogNormal.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.LogNormal.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DMu, g.DSigma); },
        ReparamGen.Distributions.LogNormal.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.LogNormal.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DMu, g.DSigma); },
        ReparamGen.Distributions.LogNormal.SampleTangent,
        ReparamGen.Distributions.LogNormal.SampleBackward);

    public static readonly Law Uniform = new(
        "Uniform", ["lower", "upper"], true,
        ReparamGen.Distributions.Uniform.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Uniform.SampleWithGradient(a, b, r); return new(g.Value, g.DLower, g.DUpper); },
        ReparamGen.Distributions.Uniform.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Uniform.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DLower, g.DUpper); },
        ReparamGen.Distributions.Uniform.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Uniform.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DLower, g.DUpper); },
        ReparamGen.Distributions.Uniform.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Uniform.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DLower, g.DUpper); },
        ReparamGen.Distributions.Uniform.SampleTangent,
        ReparamGen.Distributions.Uniform.SampleBackward);

    public static readonly Law Exponential = new(
        "Exponential", ["rate"], true,
        (a, _, r) => ReparamGen.Distributions.Exponential.Sample(a, r),
        (a, _, r) => { var g = ReparamGen.Distributions.Exponential.SampleWithGradient(a, r); return new(g.Value, g.DRate, 0); },
        (a, _, e) => ReparamGen.Distributions.Exponential.FromNoise(a, e),
        (a, _, e) => { var g = ReparamGen.Distributions.Exponential.FromNoiseWithGradient(a, e); return new(g.Value, g.DRate, 0); },
        (x, a, _) => ReparamGen.Distributions.Exponential.LogDensity(x, a),
        (x, a, _) => { var g = ReparamGen.Distributions.Exponential.LogDensityWithGradient(x, a); return new(g.Value, g.DX, g.DRate, 0); },
        (x, a, _) => ReparamGen.Distributions.Exponential.Cdf(x, a),
        (x, a, _) => { var g = ReparamGen.Distributions.Exponential.CdfWithGradient(x, a); return new(g.Value, g.DX, g.DRate, 0); },
        (double a, double _, Random r, double da, double _, out double dz) => ReparamGen.Distributions.Exponential.SampleTangent(a, r, da, out dz),
        (double a, double _, Random r, double seed, ref double g1, ref double g2) => ReparamGen.Distributions.Exponential.SampleBackward(a, r, seed, ref g1));

    public static readonly Law Laplace = new(
        "Laplace", ["location", "scale"], true,
        ReparamGen.Distributions.Laplace.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Laplace.SampleWithGradient(a, b, r); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Laplace.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Laplace.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Laplace.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Laplace.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Laplace.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Laplace.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Laplace.SampleTangent,
        ReparamGen.Distributions.Laplace.SampleBackward);

    public static readonly Law Logistic = new(
        "Logistic", ["location", "scale"], true,
        ReparamGen.Distributions.Logistic.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Logistic.SampleWithGradient(a, b, r); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Logistic.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Logistic.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Logistic.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Logistic.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Logistic.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Logistic.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Logistic.SampleTangent,
        ReparamGen.Distributions.Logistic.SampleBackward);

    public static readonly Law Cauchy = new(
        "Cauchy", ["location", "scale"], true,
        ReparamGen.Distributions.Cauchy.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Cauchy.SampleWithGradient(a, b, r); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Cauchy.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Cauchy.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Cauchy.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Cauchy.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Cauchy.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Cauchy.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Cauchy.SampleTangent,
        ReparamGen.Distributions.Cauchy.SampleBackward);

    public static readonly Law Gumbel = new(
        "Gumbel", ["location", "scale"], true,
        ReparamGen.Distributions.Gumbel.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Gumbel.SampleWithGradient(a, b, r); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Gumbel.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Gumbel.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Gumbel.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Gumbel.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Gumbel.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Gumbel.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DLocation, g.DScale); },
        ReparamGen.Distributions.Gumbel.SampleTangent,
        ReparamGen.Distributions.Gumbel.SampleBackward);

    public static readonly Law Weibull = new(
        "Weibull", ["shape", "scale"], true,
        ReparamGen.Distributions.Weibull.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Weibull.SampleWithGradient(a, b, r); return new(g.Value, g.DShape, g.DScale); },
        ReparamGen.Distributions.Weibull.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Weibull.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DShape, g.DScale); },
        ReparamGen.Distributions.Weibull.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Weibull.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DShape, g.DScale); },
        ReparamGen.Distributions.Weibull.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Weibull.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DShape, g.DScale); },
        ReparamGen.Distributions.Weibull.SampleTangent,
        ReparamGen.Distributions.Weibull.SampleBackward);

    public static readonly Law Kumaraswamy = new(
        "Kumaraswamy", ["a", "b"], true,
        ReparamGen.Distributions.Kumaraswamy.Sample,
        (a, b, r) => { var g = ReparamGen.Distributions.Kumaraswamy.SampleWithGradient(a, b, r); return new(g.Value, g.DA, g.DB); },
        ReparamGen.Distributions.Kumaraswamy.FromNoise,
        (a, b, e) => { var g = ReparamGen.Distributions.Kumaraswamy.FromNoiseWithGradient(a, b, e); return new(g.Value, g.DA, g.DB); },
        ReparamGen.Distributions.Kumaraswamy.LogDensity,
        (x, a, b) => { var g = ReparamGen.Distributions.Kumaraswamy.LogDensityWithGradient(x, a, b); return new(g.Value, g.DX, g.DA, g.DB); },
        ReparamGen.Distributions.Kumaraswamy.Cdf,
        (x, a, b) => { var g = ReparamGen.Distributions.Kumaraswamy.CdfWithGradient(x, a, b); return new(g.Value, g.DX, g.DA, g.DB); },
        ReparamGen.Distributions.Kumaraswamy.SampleTangent,
        ReparamGen.Distributions.Kumaraswamy.SampleBackward);

    public static readonly IReadOnlyList<Law> All = [Normal, LogNormal, Uniform, Exponential, Laplace, Logistic, Cauchy, Gumbel, Weibull, Kumaraswamy];

    public static Law ByName(string name) => All.Single(l => l.Name == name);
}
