using System;
using System.IO;
using Xunit;

namespace ReparamGen.SampleTests;

/// <summary>Runs the GettingStarted sample with short settings: its own checks must pass and its plot must be written.</summary>
public sealed class GettingStartedTests : IDisposable
{
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "reparamgen-gettingstarted-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void QuickRunPassesItsChecksAndWritesThePlot()
    {
        var exitCode = GettingStarted.Program.Run(new[] { "--quick", "--out", _outDir });

        Assert.Equal(0, exitCode);
        AssertPng(Path.Combine(_outDir, "gettingstarted-fit.png"));
    }

    [Fact]
    public void UnknownArgumentIsRejected() => Assert.Equal(2, GettingStarted.Program.Run(new[] { "--no-such-option" }));

    internal static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"missing {path}");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outDir))
        {
            Directory.Delete(_outDir, recursive: true);
        }
    }
}
