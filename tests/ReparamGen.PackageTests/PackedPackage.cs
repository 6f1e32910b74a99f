using System;
using System.IO;
using System.Linq;
using Xunit.Sdk;

namespace ReparamGen.PackageTests;

/// <summary>
/// Packs <c>src/ReparamGen</c> once (Release, as a user's package is built) into a temporary folder that
/// the tests use as a local feed. The folder is deleted afterwards.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    public PackedPackage()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "reparamgen-package-test-" + Guid.NewGuid().ToString("N"));
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;

        PackOutput = DotNet.Run(
            RepositoryRoot,
            PackTimeout,
            environment: null,
            "pack", Path.Combine(RepositoryRoot, "src", "ReparamGen", "ReparamGen.csproj"), "-c", "Release", "-o", Feed, "-nodeReuse:false", "-p:UseSharedCompilation=false")
            .EnsureSuccess()
            .Output;

        var packages = Directory.GetFiles(Feed, "*.nupkg").Where(p => !p.EndsWith(".snupkg", StringComparison.Ordinal)).ToArray();
        PackagePath = packages.Length == 1
            ? packages[0]
            : throw new XunitException($"Expected one .nupkg in {Feed}, found {packages.Length}. Pack output:\n{PackOutput}");
    }

    public string RepositoryRoot { get; }

    /// <summary>The temporary folder holding the feed and the consumer projects.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string PackagePath { get; }

    public string PackOutput { get; }

    /// <summary>The version in the package's file name, <c>ReparamGen.&lt;version&gt;.nupkg</c>.</summary>
    public string Version => Path.GetFileNameWithoutExtension(PackagePath)["ReparamGen.".Length..];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing the run for.
        }
    }

    /// <summary>The folder holding ReparamGen.sln, found upwards from the test assembly.</summary>
    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReparamGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new XunitException("ReparamGen.sln not found above " + AppContext.BaseDirectory);
    }
}
