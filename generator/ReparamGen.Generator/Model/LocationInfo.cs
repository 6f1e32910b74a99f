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
