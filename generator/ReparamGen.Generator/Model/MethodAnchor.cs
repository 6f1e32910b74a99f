using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReparamGen.Generator.Model;

/// <summary>
/// A method declaration named by what stays the same when the text above it changes: its namespaces, containing
/// types, name, arity, parameter types and whether it has a body (which tells a partial method's two parts apart).
/// Locations inside a method are kept relative to the method's start (see <see cref="LocationInfo"/>), so that a
/// pipeline model does not change when an edit above moves the method; the reporting node finds the method again by
/// this key in the current tree and adds its start back.
/// </summary>
internal static class MethodAnchor
{
    private static readonly ConditionalWeakTable<MethodDeclarationSyntax, string> Keys = new();

    private static readonly ConditionalWeakTable<SyntaxTree, MethodDeclarationSyntax[]> MethodsByTree = new();

    /// <summary>
    /// The method declaration that holds <paramref name="node"/> (also from inside a local function), or null. Found by
    /// position among the tree's method declarations (which never nest), not by walking up: a location is made for
    /// most nodes of a body, and walking up from each node of a deeply nested expression would cost its depth.
    /// </summary>
    public static MethodDeclarationSyntax? Enclosing(SyntaxNode node)
    {
        var methods = MethodsByTree.GetValue(node.SyntaxTree, static tree => Declarations(tree.GetRoot()).ToArray());
        var position = node.SpanStart;
        int low = 0, high = methods.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var span = methods[middle].FullSpan;
            if (position < span.Start)
            {
                high = middle - 1;
            }
            else if (position >= span.End)
            {
                low = middle + 1;
            }
            else
            {
                return methods[middle].Span.Contains(node.Span) ? methods[middle] : null;
            }
        }

        return null;
    }

    /// <summary>The method declarations that are type members, in source order (method bodies are not walked).</summary>
    private static System.Collections.Generic.IEnumerable<MethodDeclarationSyntax> Declarations(SyntaxNode root)
        => root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MethodDeclarationSyntax>();

    /// <summary>The key of <paramref name="method"/>, computed once per declaration.</summary>
    public static string KeyOf(MethodDeclarationSyntax method) => Keys.GetValue(method, ComputeKey);

    /// <summary>
    /// The declaration of <paramref name="key"/> in <paramref name="root"/>, looked for among type members only (method
    /// bodies are not walked). The first in source order when the text declares the same signature twice (code that
    /// the compiler refuses anyway).
    /// </summary>
    public static MethodDeclarationSyntax? Find(SyntaxNode root, string key)
        => Declarations(root).FirstOrDefault(m => KeyOf(m) == key);

    private static string ComputeKey(MethodDeclarationSyntax method)
    {
        var key = new StringBuilder();
        foreach (var outer in method.Ancestors().Reverse())
        {
            switch (outer)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    key.Append(ns.Name.ToString()).Append('.');
                    break;
                case TypeDeclarationSyntax type:
                    key.Append(type.Identifier.ValueText).Append('`').Append(type.TypeParameterList?.Parameters.Count ?? 0).Append('.');
                    break;
            }
        }

        key.Append(method.Identifier.ValueText).Append('`').Append(method.TypeParameterList?.Parameters.Count ?? 0).Append('(');
        key.Append(string.Join(",", method.ParameterList.Parameters.Select(p => string.Join(" ", p.Modifiers.Select(m => m.ValueText)) + " " + p.Type?.ToString())));
        key.Append(method.Body is null && method.ExpressionBody is null ? ");" : "){}");
        return key.ToString();
    }
}
