using System;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>
/// Raised inside the reverse transformation when a construct has no reverse rule yet. It never leaves the
/// Differentiate stage: <see cref="BackwardMember"/> turns it into an RPG0018 warning at <see cref="Location"/>
/// (or the method's) that names the construct, and the method keeps its forward-mode members.
/// </summary>
internal sealed class NotReversibleException : Exception
{
    public NotReversibleException(string reason, LocationInfo? location = null)
        : base(reason)
    {
        Reason = reason;
        Location = location;
    }

    public string Reason { get; }

    public LocationInfo? Location { get; }
}
