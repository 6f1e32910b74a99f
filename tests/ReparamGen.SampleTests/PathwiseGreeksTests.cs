using System;
using System.IO;
using Xunit;

namespace ReparamGen.SampleTests;

/// <summary>Runs the PathwiseGreeks sample with short settings: its own checks must pass and its figures be written.</summary>
public sealed class PathwiseGreeksTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "reparamgen-pathwise-greeks-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void QuickRunPassesItsChecksAndWritesThePlots()
    {
        var exitCode = PathwiseGreeks.Program.Run(new[] { "--quick", "--out", output });

        Assert.Equal(0, exitCode);
        var file = new FileInfo(Path.Combine(output, "convergence.png"));
        Assert.True(file.Exists, "convergence.png was not written");
        Assert.True(file.Length > 0, "convergence.png is empty");
    }

    [Fact]
    public void UnknownArgumentIsRejected()
        => Assert.Equal(2, PathwiseGreeks.Program.Run(new[] { "--quik" }));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
