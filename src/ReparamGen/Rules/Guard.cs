using System;

namespace ReparamGen;

/// <summary>Argument checks shared by the distributions: domain errors name the parameter, NaN passes through.</summary>
public static class Guard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive value; NaN is let through (it propagates).</summary>
    /// <param name="parameterName">The offending parameter's name.</param>
    /// <param name="value">Its value.</param>
    public static void ThrowNotPositive(string parameterName, double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        throw new ArgumentOutOfRangeException(parameterName, value, "'" + parameterName + "' must be positive.");
    }
}
