using System;
using System.IO;
using Xunit;

namespace ReparamGen.SampleTests;

/// <summary>Runs the DiscreteLatents sample with short settings: its own checks must pass and its figures be written.</summary>
public sealed class DiscreteLatentsTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "reparamgen-discrete-latents-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void QuickRunPassesItsChecksAndWritesThePlots()
    {
        var exitCode = DiscreteLatents.Program.Run(new[] { "--quick", "--out", output });

        Assert.Equal(0, exitCode);
        foreach (var name in new[] { "gradient-variance.png", "relaxed-bias.png", "training-loss.png" })
        {
            var file = new FileInfo(Path.Combine(output, name));
            Assert.True(file.Exists, name + " was not written");
            Assert.True(file.Length > 0, name + " is empty");
        }
    }

    [Fact]
    public void UnknownArgumentIsRejected()
        => Assert.Equal(2, DiscreteLatents.Program.Run(new[] { "--quik" }));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
