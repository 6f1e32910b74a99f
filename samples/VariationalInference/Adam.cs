using System;

namespace VariationalInference;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) for gradient ascent, with a step size that decays as
/// <c>rate / (1 + t/decaySteps)</c> so the Monte Carlo noise in the iterates dies out (Robbins–Monro).
/// </summary>
internal sealed class Adam
{
    private const double Beta1 = 0.9, Epsilon = 1e-8;
    private readonly double[] _m, _v;
    private readonly double _rate, _decaySteps, _beta2;
    private int _t;

    /// <param name="dimension">Number of parameters.</param>
    /// <param name="rate">Initial step size.</param>
    /// <param name="decaySteps">Steps after which the step size has halved.</param>
    /// <param name="beta2">Decay of the running mean of squared gradients; 0.999 as in the paper. A smaller value forgets
    /// the large gradients of the first steps sooner, which matters when they are orders of magnitude above the late ones.</param>
    public Adam(int dimension, double rate, double decaySteps, double beta2 = 0.999)
    {
        _beta2 = beta2;
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
        var correction2 = 1 - Math.Pow(_beta2, _t);
        for (var i = 0; i < parameters.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * gradient[i]);
            _v[i] = (_beta2 * _v[i]) + ((1 - _beta2) * gradient[i] * gradient[i]);
            parameters[i] += rate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
