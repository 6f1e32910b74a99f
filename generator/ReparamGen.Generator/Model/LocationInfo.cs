using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReparamGen.Generator.Model;

/// <summary>
/// A source location as plain values: pipeline models must not hold <see cref="Location"/>, which pins a syntax
/// tree and defeats caching. Recreated as a <see cref="Location"/> only when reporting.
/// </summary>
/// <remarks>
/// A location inside a method declaration is kept relative to that method (<see cref="Anchor"/>, see
/// <see cref="MethodAnchor"/>): its offset from the method's start and its line counted from the method's first line.
/// Equality compares only those, so an edit above the method (which moves everything in it) leaves the IR, and the
/// Differentiate and Emit steps that depend on it, cached; the reporting node finds the method in the current tree and
/// reports at the right place. A location outside any method is absolute.
/// </remarks>
internal sealed class LocationInfo : IEquatable<LocationInfo>
{
    /// <param name="filePath">The tree's path.</param>
    /// <param name="span">Absolute text span (as parsed).</param>
    /// <param name="lineSpan">Absolute line span (as parsed).</param>
    public LocationInfo(string filePath, TextSpan span, LinePositionSpan lineSpan)
        : this(filePath, span, lineSpan, anchor: null, anchorStart: 0, anchorLine: 0)
    {
    }

    private LocationInfo(string filePath, TextSpan span, LinePositionSpan lineSpan, string? anchor, int anchorStart, int anchorLine)
    {
        FilePath = filePath;
        Span = span;
        LineSpan = lineSpan;
        Anchor = anchor;
        RelativeStart = span.Start - anchorStart;
        RelativeStartLine = lineSpan.Start.Line - anchorLine;
        RelativeEndLine = lineSpan.End.Line - anchorLine;
    }

    public string FilePath { get; }

    /// <summary>The span where it was parsed; not compared (it moves with edits above the method).</summary>
    public TextSpan Span { get; }

    /// <summary>The line span where it was parsed; not compared.</summary>
    public LinePositionSpan LineSpan { get; }

    /// <summary>The <see cref="MethodAnchor"/> key of the method holding the location, or null for an absolute location.</summary>
    public string? Anchor { get; }

    private int RelativeStart { get; }

    private int RelativeStartLine { get; }

    private int RelativeEndLine { get; }

    /// <summary>
    /// A real source location in the compilation's tree of <see cref="FilePath"/>: the compiler then applies
    /// <c>#pragma warning disable</c> and per-file severities to it. An anchored location is placed relative to where
    /// its method is now. A path the compilation does not know (or a method no longer there) gives the location as
    /// parsed, as a plain path location.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath != FilePath)
            {
                continue;
            }

            var start = Span.Start;
            if (Anchor is not null)
            {
                if (MethodAnchor.Find(tree.GetRoot(), Anchor) is not { } method)
                {
                    break;
                }

                start = method.SpanStart + RelativeStart;
            }

            var span = new TextSpan(start, Span.Length);
            return span.End <= tree.Length ? Location.Create(tree, span) : AsParsed();
        }

        return AsParsed();
    }

    private Location AsParsed() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation(), node);

    public static LocationInfo? From(Location? location)
        => location?.SourceTree is null ? null : From(location, location.SourceTree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true));

    private static LocationInfo? From(Location location, SyntaxNode inside)
    {
        if (location.SourceTree is null)
        {
            return null;
        }

        var path = location.SourceTree.FilePath;
        var lineSpan = location.GetLineSpan().Span;
        if (MethodAnchor.Enclosing(inside) is not { } method)
        {
            return new LocationInfo(path, location.SourceSpan, lineSpan);
        }

        var anchorLine = location.SourceTree.GetLineSpan(new TextSpan(method.SpanStart, 0)).StartLinePosition.Line;
        return new LocationInfo(path, location.SourceSpan, lineSpan, MethodAnchor.KeyOf(method), method.SpanStart, anchorLine);
    }

    public bool Equals(LocationInfo? other)
        => other is not null
           && FilePath == other.FilePath
           && Anchor == other.Anchor
           && Span.Length == other.Span.Length
           && LineSpan.Start.Character == other.LineSpan.Start.Character
           && LineSpan.End.Character == other.LineSpan.End.Character
           && (Anchor is null
               ? Span.Start == other.Span.Start && LineSpan.Start.Line == other.LineSpan.Start.Line && LineSpan.End.Line == other.LineSpan.End.Line
               : RelativeStart == other.RelativeStart && RelativeStartLine == other.RelativeStartLine && RelativeEndLine == other.RelativeEndLine);

    public override bool Equals(object? obj) => Equals(obj as LocationInfo);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = FilePath.GetHashCode() * 31 + (Anchor?.GetHashCode() ?? 0);
            hash = hash * 31 + Span.Length;
            return hash * 31 + (Anchor is null ? Span.Start : RelativeStart);
        }
    }

    public override string ToString() => Anchor is null ? $"{FilePath}{LineSpan}" : $"{FilePath} {Anchor} +{RelativeStart}";
}
