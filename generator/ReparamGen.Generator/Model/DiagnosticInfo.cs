using System.Linq;
using Microsoft.CodeAnalysis;

namespace ReparamGen.Generator.Model;

/// <summary>An equatable diagnostic: descriptor, plain-value location and message arguments.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args)
        => new(descriptor, location, EquatableArray.Create(args));

    /// <summary>The diagnostic at its location in <paramref name="compilation"/>'s syntax tree of that path (see <see cref="LocationInfo.ToLocation(Compilation)"/>).</summary>
    public Diagnostic ToDiagnostic(Compilation compilation)
        => Diagnostic.Create(Descriptor, Location?.ToLocation(compilation), MessageArgs.AsImmutableArray().ToArray());

    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
}
