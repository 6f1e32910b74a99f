using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// The generating attributes on something other than an ordinary method (a property accessor, an operator, a
/// conversion, a destructor, a constructor, a local function, one in top-level statements): C# allows the
/// attribute there, the generator cannot add members beside it. RPG0009 says so at the attribute's target,
/// instead of generating nothing without a word.
/// </summary>
internal static class UnsupportedTargetParser
{
    public static bool IsCandidate(SyntaxNode node)
        => node is AccessorDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax
            or DestructorDeclarationSyntax or ConstructorDeclarationSyntax or LocalFunctionStatementSyntax;

    public static EquatableArray<DiagnosticInfo> Parse(GeneratorAttributeSyntaxContext context, string attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (what, location) = context.TargetNode switch
        {
            AccessorDeclarationSyntax accessor => ("a property or indexer accessor", accessor.Keyword.GetLocation()),
            OperatorDeclarationSyntax op => ("an operator", op.OperatorToken.GetLocation()),
            ConversionOperatorDeclarationSyntax conversion => ("a conversion operator", conversion.Type.GetLocation()),
            DestructorDeclarationSyntax destructor => ("a finalizer", destructor.Identifier.GetLocation()),
            ConstructorDeclarationSyntax constructor => ("a constructor", constructor.Identifier.GetLocation()),
            LocalFunctionStatementSyntax local when local.Parent is GlobalStatementSyntax => ("a local function in top-level statements", local.Identifier.GetLocation()),
            LocalFunctionStatementSyntax local => ("a local function", local.Identifier.GetLocation()),
            _ => ("this member", context.TargetNode.GetLocation()),
        };
        var name = context.TargetSymbol.Name;
        var shortName = attribute.Substring(attribute.LastIndexOf('.') + 1).Replace("Attribute", "");
        return EquatableArray.Create(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedSignature,
            LocationInfo.From(location),
            name,
            "[" + shortName + "] on " + what + " generates nothing: put the body in a static method of a partial class and call that"));
    }
}
