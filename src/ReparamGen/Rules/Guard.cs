using System;

namespace ReparamGen;

/// <summary>
/// Argument checks shared by the distributions: domain errors name the parameter, NaN passes through
/// (it propagates to the result instead of being silently replaced).
/// </summary>
/// <remarks>
/// Callers test the condition themselves and call a <c>Throw…</c> helper only on failure, written so that
/// NaN fails the test (<c>if (!(scale &gt; 0)) Guard.ThrowNotPositive(nameof(scale), scale);</c>); the
/// helper then returns for NaN. The check stays a cheap comparison in the hot path and the throw stays out
/// of line.
/// </remarks>
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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value outside [0, 1]; NaN is let through (it propagates).</summary>
    /// <param name="parameterName">The offending parameter's name.</param>
    /// <param name="value">Its value.</param>
    public static void ThrowNotProbability(string parameterName, double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        throw new ArgumentOutOfRangeException(parameterName, value, "'" + parameterName + "' must lie in [0, 1].");
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="parameterName"/> when it is not
    /// greater than <paramref name="lowerBound"/> (e.g. a uniform distribution's <c>upper</c> versus its
    /// <c>lower</c>); NaN in either is let through (it propagates).
    /// </summary>
    /// <param name="parameterName">The offending parameter's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="lowerBoundName">The name of the parameter it must exceed.</param>
    /// <param name="lowerBound">That parameter's value.</param>
    public static void ThrowNotGreater(string parameterName, double value, string lowerBoundName, double lowerBound)
    {
        if (double.IsNaN(value) || double.IsNaN(lowerBound))
        {
            return;
        }

        throw new ArgumentOutOfRangeException(parameterName, value, "'" + parameterName + "' must be greater than '" + lowerBoundName + "' (" + lowerBound.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ").");
    }
}
