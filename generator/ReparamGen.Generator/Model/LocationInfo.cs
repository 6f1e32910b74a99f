using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReparamGen.Generator.Model;

/// <summary>
/// A source location as plain values: pipeline models must not hold <see cref="Location"/>, which
/// pins a syntax tree and defeats caching. Recreated as a <see cref="Location"/> only when reporting.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>
    /// A real source location in the compilation's tree of <see cref="FilePath"/>: the compiler then applies
    /// <c>#pragma warning disable</c> and per-file severities to it. A path it does not know (or a span outside the
    /// tree) gives the plain-value location instead.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath)
            {
                return Span.End <= tree.Length ? Location.Create(tree, Span) : ToLocation();
            }
        }

        return ToLocation();
    }

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(Location? location)
    {
        if (location?.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
