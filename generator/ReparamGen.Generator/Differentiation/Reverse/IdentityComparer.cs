using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>Compares IR nodes by identity: two equal loops at different places of a body are different loops.</summary>
internal sealed class IdentityComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly IdentityComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
