using System;

namespace ReparamGen.Distributions;

/// <summary>Argument checks shared by the span members of the distributions (a parameter span of length 1 broadcasts).</summary>
internal static class Batch
{
    internal static void CheckParameter(ReadOnlySpan<double> parameter, int length, string name, string lengthName)
    {
        if (parameter.Length != length && parameter.Length != 1)
        {
            throw new ArgumentException($"'{name}' has {parameter.Length} elements; it needs as many as '{lengthName}' ({length}) or exactly 1 (broadcast).", name);
        }
    }

    internal static void CheckOutput(Span<double> output, int length, string name, string lengthName)
    {
        if (output.Length != length)
        {
            throw new ArgumentException($"'{name}' has {output.Length} elements; it needs as many as '{lengthName}' ({length}).", name);
        }
    }

    // A non-positive element throws, naming the parameter and the index; NaN passes (it propagates).
    internal static void CheckPositive(ReadOnlySpan<double> parameter, string name)
    {
        for (var i = 0; i < parameter.Length; i++)
        {
            if (parameter[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(name, parameter[i], $"'{name}' must be positive: {name}[{i}] = {parameter[i]}.");
            }
        }
    }
}
