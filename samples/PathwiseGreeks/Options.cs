using System;
using System.IO;

namespace PathwiseGreeks;

/// <summary>Command line: <c>--quick</c> (short settings, for tests) and <c>--out DIR</c> (where PNGs go).</summary>
/// <param name="Quick">Short settings.</param>
/// <param name="OutputDirectory">Directory for the PNG files.</param>
public sealed record Options(bool Quick, string OutputDirectory)
{
    /// <summary>Parses the arguments; the default output directory is samples/PathwiseGreeks/out under the current directory.</summary>
    public static Options Parse(string[] args)
    {
        var quick = false;
        var output = Path.Combine(Environment.CurrentDirectory, "samples", "PathwiseGreeks", "out");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    throw new ArgumentException("Unknown argument '" + args[i] + "'. Usage: PathwiseGreeks [--quick] [--out DIR]");
            }
        }

        return new Options(quick, Path.GetFullPath(output));
    }
}
