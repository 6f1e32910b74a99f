using System;

namespace ReparamGen;

/// <summary>
/// Marks a static sampler <c>z = g(ε | λ)</c> for explicit reparameterization: the generator differentiates
/// the method body with respect to every <see cref="double"/>/<see cref="float"/> parameter (and
/// floating span or array parameter) that is not marked <see cref="NoiseAttribute"/>.
/// </summary>
/// <remarks>
/// For <c>static double M(double a, double b, [Noise] double eps)</c> the generator emits
/// <c>MTangent</c> (a Jacobian-vector product), <c>MWithGradient</c> returning an <c>MGradient</c> record
/// struct, <c>MBackward</c> and a batch overload of <c>MWithGradient</c> over spans.
/// The containing type must be <see langword="partial"/>.
/// <example>
/// <code>
/// public static partial class Samplers
/// {
///     [Reparameterizable]
///     public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
/// }
/// // Generated: Samplers.LogNormalWithGradient(mu, sigma, eps) returns (Value, DMu, DSigma).
/// </code>
/// </example>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReparameterizableAttribute : Attribute
{
}
