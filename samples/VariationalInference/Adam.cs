using System;

namespace VariationalInference;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) for gradient ascent, with a step size that decays as
/// <c>rate / (1 + t/decaySteps)</c> so the Monte Carlo noise in the iterates dies out (Robbins–Monro).
/// </summary>
internal sealed class Adam
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _m, _v;
    private readonly double _rate, _decaySteps;
    private int _t;

    public Adam(int dimension, double rate, double decaySteps)
    {
        _m = new double[dimension];
        _v = new double[dimension];
        _rate = rate;
        _decaySteps = decaySteps;
    }

    /// <summary>One ascent step: moves <paramref name="parameters"/> up the (noisy) <paramref name="gradient"/>.</summary>
    public void Ascend(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _t++;
        var rate = _rate / (1 + (_t / _decaySteps));
        var correction1 = 1 - Math.Pow(Beta1, _t);
        var correction2 = 1 - Math.Pow(Beta2, _t);
        for (var i = 0; i < parameters.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * gradient[i]);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * gradient[i] * gradient[i]);
            parameters[i] += rate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
