using System;
using ReparamGen;

namespace PathwiseGreeks;

/// <summary>
/// Geometric Brownian motion under the risk-neutral measure, written as explicit reparameterized samplers:
/// the build generates the pathwise derivatives (Glasserman, Monte Carlo Methods in Financial Engineering, §7.2).
/// </summary>
public static partial class Gbm
{
    /// <summary>
    /// The terminal price <c>S_T = S·exp((r − σ²/2)T + σ√T·ε)</c>, ε ~ N(0, 1): the exact solution of
    /// <c>dS = rS dt + σS dW</c> at time T.
    /// </summary>
    [Reparameterizable]
    public static double Terminal(double spot, double volatility, double rate, double maturity, [Noise] double eps)
        => spot * Math.Exp((rate - 0.5 * volatility * volatility) * maturity + volatility * Math.Sqrt(maturity) * eps);

    /// <summary>
    /// The discounted payoff of a European call, <c>e^{−rT}·max(S_T − K, 0)</c>. Its generated gradient is the
    /// pathwise estimator of every Greek at once (delta = ∂/∂spot, vega = ∂/∂volatility, rho = ∂/∂rate, …):
    /// the payoff is Lipschitz in the parameters, so differentiating inside the expectation is valid
    /// (Glasserman §7.2.2); <c>Math.Max</c> has a built-in rule (derivative 1{S_T &gt; K}).
    /// </summary>
    [Reparameterizable]
    public static double DiscountedCallPayoff(double spot, double volatility, double rate, double maturity, double strike, [Noise] double eps)
    {
        var terminal = Terminal(spot, volatility, rate, maturity, eps);
        return Math.Exp(-rate * maturity) * Math.Max(terminal - strike, 0.0);
    }
}
