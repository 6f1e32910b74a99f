using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ReparamGen.PackageTests;

/// <summary>
/// The one ReparamGen package (issue 2): its contents, and a fresh console project that
/// consumes it from a local folder feed, builds with warnings as errors, runs, and prints a gradient
/// that matches the closed form.
/// </summary>
public class PackageTests : IClassFixture<PackedPackage>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly PackedPackage package;

    public PackageTests(PackedPackage package) => this.package = package;

    [Fact]
    public void Package_holds_the_runtime_and_the_generator()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/net8.0/ReparamGen.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ReparamGen.Generator.dll", entries);
        Assert.Contains("README.md", entries);
        // Roslyn is provided by the compiler that loads the analyzer; it must not be shipped.
        Assert.Equal(new[] { "analyzers/dotnet/cs/ReparamGen.Generator.dll" }, entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.True(zip.GetEntry("README.md")!.Length > 100, "the package readme has content");
    }

    [Fact]
    public void Nuspec_has_metadata_and_no_Roslyn_dependency()
    {
        var metadata = Nuspec().Descendants().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal("ReparamGen", Value("id"));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(license.Value));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("source generator", Value("description"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("source-generator", Value("tags").Split(' '));
        Assert.Contains("reparameterization", Value("tags").Split(' '));

        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value ?? "").ToList();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Fresh_console_project_consumes_the_package()
    {
        var app = Directory.CreateDirectory(Path.Combine(package.Root, "app-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        WriteConsumer(app);
        // A private package folder: the global one may hold an older ReparamGen of the same version, which
        // NuGet would use instead of the package just built (it caches by id and version).
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(app, "packages") };

        DotNet.Run(app, BuildTimeout, environment, "build", "-c", "Release", "-warnaserror", "-nodeReuse:false", "-p:UseSharedCompilation=false").EnsureSuccess();
        var run = DotNet.Run(app, RunTimeout, environment, Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll")).EnsureSuccess();

        Assert.True(File.Exists(Path.Combine(app, "packages", "reparamgen", package.Version, "analyzers", "dotnet", "cs", "ReparamGen.Generator.dll")), "restored from the fresh package");
        // The generator from the package ran (EmitCompilerGeneratedFiles writes its output under obj/).
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app, "obj"), "*LogNormal*.g.cs", SearchOption.AllDirectories));

        var match = Regex.Match(run.Output, @"value=(\S+) dMu=(\S+) dSigma=(\S+)");
        Assert.True(match.Success, "unexpected output:\n" + run.Output);
        double Parse(int group) => double.Parse(match.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);

        // Closed form of z = exp(μ + σε) at μ = 0.5, σ = 0.3, ε = 1.2: ∂μ = z, ∂σ = z·ε.
        var z = Math.Exp(0.5 + (0.3 * 1.2));
        // Printed with "R" (round-trip); the generated code and the closed form differ at most by a couple of
        // roundings (≤ 2⁻⁵³ each, exponent 0.86): 1e-14 relative is ample, a wrong formula is off by O(1).
        AssertClose(z, Parse(1));
        AssertClose(z, Parse(2));
        AssertClose(z * 1.2, Parse(3));

        // Reverse mode from the package: q = Σ xᵢwᵢ², ∂q/∂wᵢ = 2xᵢwᵢ, exact in binary for these values.
        var reverse = Regex.Match(run.Output, @"q=(\S+) gradW=(\S+),(\S+),(\S+)");
        Assert.True(reverse.Success, "unexpected output:\n" + run.Output);
        double Reverse(int group) => double.Parse(reverse.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal((3.0 * 0.25) + (0.25 * 1.0) - 4.0, Reverse(1));
        Assert.Equal(new[] { 3.0, -0.5, -4.0 }, new[] { Reverse(2), Reverse(3), Reverse(4) });

        // Everyday C#: exp(μ + σ·ε̄) with σ = exp(log σ) and ε̄ the mean noise; ∂μ = value, ∂log σ = value·σ·ε̄.
        var everyday = Regex.Match(run.Output, @"everyday=(\S+) dMu=(\S+) dLogSigma=(\S+)");
        Assert.True(everyday.Success, "unexpected output:\n" + run.Output);
        double Everyday(int group) => double.Parse(everyday.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var sigma = Math.Exp(-0.7);
        var noiseMean = (0.3 - 1.1 + 0.5) / 3;
        var value = Math.Exp(0.4 + (sigma * noiseMean));
        AssertClose(value, Everyday(1), 1e-13); // a dozen roundings (three exps, a mean): 1e-13 relative is ample, a wrong formula is off by O(1)
        AssertClose(value, Everyday(2), 1e-13);
        AssertClose(value * sigma * noiseMean, Everyday(3), 1e-13);
        Assert.Contains("guard=p: log sigma = 40 is out of range", run.Output, StringComparison.Ordinal);

        // Generic math: softplus′(x) = σ(x), in double and float (the float form within float rounding, 1e-6 relative).
        var soft = Regex.Match(run.Output, @"softplus=(\S+) dX=(\S+) float=(\S+)");
        Assert.True(soft.Success, "unexpected output:\n" + run.Output);
        double Soft(int group) => double.Parse(soft.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        AssertClose(Math.Log(1 + Math.Exp(0.3)), Soft(1));
        AssertClose(1 / (1 + Math.Exp(-0.3)), Soft(2));
        AssertClose(1 / (1 + Math.Exp(-0.3)), Soft(3), 1e-6);

        // vMF in a reversed body: ∂/∂κ of targetᵀz equals targetᵀ(∂z/∂κ) of the same draw from SampleWithGradient (same
        // seed, same formula, summed in the same order: equal to a few roundings).
        var vmf = Regex.Match(run.Output, @"vmf dKappa=(\S+) expected=(\S+)");
        Assert.True(vmf.Success, "unexpected output:\n" + run.Output);
        double Vmf(int group) => double.Parse(vmf.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        AssertClose(Vmf(2), Vmf(1), 1e-12);
    }

    private XDocument Nuspec()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>A console project as <c>dotnet new console</c> would make it, isolated from any folder above it.</summary>
    private void WriteConsumer(string app)
    {
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        // Empty files stop MSBuild's search upwards (a Directory.Build.props in a parent of the temp folder).
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ReparamGen" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        // The sampler exactly as issue 2 writes it (private, so the generated members are private too).
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using System.Numerics;
            using ReparamGen;

            public static partial class Program
            {
                [Reparameterizable]
                static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);

                // Reverse mode: one sweep for the gradient over a span of weights ([Constant] data gets no accumulator).
                [Differentiable]
                static double Quadratic(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        s += x[i] * w[i] * w[i];
                    }

                    return s;
                }

                // Everyday C# 12, as a new user writes a sampler: a parameter record struct, a guard clause with a pattern
                // and an interpolated message, foreach over the noise, double.Exp, a link function chosen by a switch expression.
                public readonly record struct Params(double Mu, double LogSigma);

                public enum Link { Identity, Exp }

                [Reparameterizable]
                static double Everyday(Params p, Link link, [Noise] ReadOnlySpan<double> eps)
                {
                    if (p.LogSigma is not (> -30 and < 30))
                    {
                        throw new ArgumentOutOfRangeException(nameof(p), $"log sigma = {p.LogSigma} is out of range");
                    }

                    double sigma = double.Exp(p.LogSigma);
                    double s = 0;
                    foreach (var e in eps)
                    {
                        s += p.Mu + sigma * e;
                    }

                    double mean = s / eps.Length;
                    return link switch
                    {
                        Link.Exp => double.Exp(mean),
                        _ => mean,
                    };
                }

                // Generic math: one method, both precisions.
                [Differentiable]
                static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

                // A hyperspherical latent: a von Mises-Fisher draw inside a reversed body (one sweep, the draw replayed).
                [Differentiable]
                static double Latent(ReadOnlySpan<double> mu, double kappa, Random rng, [Constant] ReadOnlySpan<double> target)
                {
                    Span<double> z = stackalloc double[mu.Length];
                    ReparamGen.Distributions.VonMisesFisher.Sample(mu, kappa, rng, z);
                    double s = 0;
                    for (int i = 0; i < z.Length; i++)
                    {
                        s += target[i] * z[i];
                    }

                    return s;
                }

                public static void Main()
                {
                    var soft = SoftplusWithGradient(0.3);
                    var softFloat = SoftplusWithGradient(0.3f);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"softplus={soft.Value:R} dX={soft.DX:R} float={softFloat.DX:R}"));
                    double[] mu = { 0.6, 0.0, 0.8 }, target = { 1.0, -2.0, 0.5 };
                    var gradMu = new double[3];
                    var gradKappa = 0.0;
                    LatentBackward(mu, 5.0, new Random(7), target, 1.0, gradMu, ref gradKappa);
                    var draw = new double[3];
                    var dDraw = new double[3];
                    ReparamGen.Distributions.VonMisesFisher.SampleWithGradient(mu, 5.0, new Random(7), draw, dDraw);
                    var expectedKappa = target[0] * dDraw[0] + target[1] * dDraw[1] + target[2] * dDraw[2];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vmf dKappa={gradKappa:R} expected={expectedKappa:R}"));
                    var everyday = EverydayWithGradient(new Params(0.4, -0.7), Link.Exp, new[] { 0.3, -1.1, 0.5 });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"everyday={everyday.Value:R} dMu={everyday.DP.Mu:R} dLogSigma={everyday.DP.LogSigma:R}"));
                    try
                    {
                        Everyday(new Params(0.4, 40), Link.Identity, new[] { 0.3 });
                    }
                    catch (ArgumentOutOfRangeException e)
                    {
                        Console.WriteLine("guard=" + e.ParamName + ": " + e.Message.Split('(')[0].Trim());
                    }

                    var g = LogNormalWithGradient(0.5, 0.3, 1.2);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"value={g.Value:R} dMu={g.DMu:R} dSigma={g.DSigma:R}"));
                    var gradW = new double[3];
                    var q = QuadraticBackward(new[] { 0.5, -1.0, 2.0 }, new[] { 3.0, 0.25, -1.0 }, 1.0, gradW);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"q={q:R} gradW={gradW[0]:R},{gradW[1]:R},{gradW[2]:R}"));
                }
            }
            """);
    }

    private static void AssertClose(double expected, double actual, double relative = 1e-14)
        => Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
