using System;
using ReparamGen;

namespace PathwiseGreeks;

/// <summary>The market and contract of one European call.</summary>
/// <param name="Spot">Price of the underlying today, S.</param>
/// <param name="Volatility">Volatility σ (per √year).</param>
/// <param name="Rate">Continuously compounded risk-free rate r.</param>
/// <param name="Maturity">Time to expiry T in years.</param>
/// <param name="Strike">Strike K.</param>
public sealed record Contract(double Spot, double Volatility, double Rate, double Maturity, double Strike);

/// <summary>Price and Greeks of a European call (any of the Monte Carlo outputs).</summary>
/// <param name="Price">Discounted expected payoff.</param>
/// <param name="Delta">∂price/∂spot.</param>
/// <param name="Vega">∂price/∂volatility.</param>
/// <param name="Rho">∂price/∂rate.</param>
public readonly record struct Greeks(double Price, double Delta, double Vega, double Rho);

/// <summary>
/// Black–Scholes closed form for a European call on a non-dividend-paying stock (Black and Scholes 1973;
/// Hull, Options, Futures and Other Derivatives, 10th ed., eqs. 15.20 and 19.1–19.9):
/// <c>C = S·Φ(d₁) − K·e^{−rT}·Φ(d₂)</c>, <c>d₁ = (ln(S/K) + (r + σ²/2)T)/(σ√T)</c>, <c>d₂ = d₁ − σ√T</c>;
/// delta = Φ(d₁), vega = S·φ(d₁)·√T, rho = K·T·e^{−rT}·Φ(d₂).
/// </summary>
public static class BlackScholes
{
    /// <summary>The closed-form price and Greeks.</summary>
    public static Greeks Call(Contract c)
    {
        var sqrtT = Math.Sqrt(c.Maturity);
        var d1 = (Math.Log(c.Spot / c.Strike) + (c.Rate + 0.5 * c.Volatility * c.Volatility) * c.Maturity) / (c.Volatility * sqrtT);
        var d2 = d1 - c.Volatility * sqrtT;
        var discount = Math.Exp(-c.Rate * c.Maturity);
        return new Greeks(
            Price: c.Spot * Phi(d1) - c.Strike * discount * Phi(d2),
            Delta: Phi(d1),
            Vega: c.Spot * Density(d1) * sqrtT,
            Rho: c.Strike * c.Maturity * discount * Phi(d2));
    }

    /// <summary>
    /// Standard normal CDF Φ(x) = ½·erfc(−x/√2), with the runtime's <see cref="SpecialFunctions.Erfc"/>
    /// (relative error ≤ 4.4e-16 against mpmath): accurate in both tails, unlike ½(1 + erf).
    /// </summary>
    public static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2.0));

    /// <summary>Standard normal density φ(x) = exp(−x²/2)/√(2π).</summary>
    public static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);
}
