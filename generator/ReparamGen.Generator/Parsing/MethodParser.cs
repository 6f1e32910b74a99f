using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>Parse stage: an attributed method (syntax + semantic model) → <see cref="MethodIr"/> and diagnostics.</summary>
internal static class MethodParser
{
    public static ParseResult<MethodIr> Parse(GeneratorAttributeSyntaxContext context, MethodRole role, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return ParseResult<MethodIr>.Nothing;
        }

        if (ConflictingAttribute(context, method, cancellationToken) is { } conflict)
        {
            return ParseResult<MethodIr>.Refused(EquatableArray.Create(conflict)) with { MethodKey = GeneratedCallee.KeyOf(method) };
        }

        var allowInstance = role is MethodRole.Reparameterizable or MethodRole.Differentiable;
        return ParseMethod(method, syntax, context.SemanticModel, role, parseBody: true, cancellationToken, allowInstance) with { MethodKey = GeneratedCallee.KeyOf(method) };
    }

    /// <summary>
    /// Two generating attributes on one method would both generate <c>MTangent</c> (and the same file): the first in
    /// source order generates, each later one is RPG0016 at that attribute.
    /// </summary>
    public static DiagnosticInfo? ConflictingAttribute(GeneratorAttributeSyntaxContext context, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var self = context.Attributes.FirstOrDefault();
        var generating = method.GetAttributes()
            .Where(a => a.AttributeClass is { } c && KnownNames.IsGenerating(c.ToDisplayString()) && a.ApplicationSyntaxReference is not null)
            .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
            .ToList();
        if (self?.ApplicationSyntaxReference is null || generating.Count < 2 || generating[0].ApplicationSyntaxReference!.Span == self.ApplicationSyntaxReference.Span)
        {
            return null;
        }

        return DiagnosticInfo.Create(
            DiagnosticDescriptors.ConflictingAttributes,
            LocationInfo.From(self.ApplicationSyntaxReference.GetSyntax(cancellationToken)),
            ShortName(self.AttributeClass!),
            method.Name,
            ShortName(generating[0].AttributeClass!));
    }

    private static string ShortName(INamedTypeSymbol attribute)
        => attribute.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? attribute.Name.Substring(0, attribute.Name.Length - "Attribute".Length) : attribute.Name;

    /// <summary>
    /// Parses one method; with <paramref name="parseBody"/> false the body is a black box (implicit samplers). With
    /// <paramref name="allowInstance"/>, an instance method of a class, struct or record is accepted (its generated
    /// members are instance members); otherwise, and always in an interface, the method must be static (RPG0002).
    /// </summary>
    public static ParseResult<MethodIr> ParseMethod(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, MethodRole role, bool parseBody, CancellationToken cancellationToken, bool allowInstance = false)
    {
        var diagnostics = new List<DiagnosticInfo>();

        var attributeName = AttributeDisplayName(role);
        var location = LocationInfo.From(syntax.Identifier.GetLocation());
        if (!method.IsStatic && (!allowInstance || method.ContainingType.TypeKind == TypeKind.Interface))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, location, method.Name, attributeName));
        }

        var containingTypes = new List<ContainingTypeIr>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type, cancellationToken))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, location, type.Name, method.Name));
            }

            containingTypes.Insert(0, new ContainingTypeIr(Keyword(type), NameWithTypeParameters(type, withVariance: false), "", type.IsStatic)
            {
                DeclarationName = type.TypeParameters.Any(t => t.Variance != VarianceKind.None) ? NameWithTypeParameters(type, withVariance: true) : null,
            });
            if (IsFileLocal(type, cancellationToken))
            {
                // Partial parts of a 'file' type must all be in its file: a generated part would declare another type.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeCannotHoldMembers, location, method.Name,
                    "'" + type.Name + "' is a 'file' type, whose parts must all be in its own file, and generated members go in a file of their own; remove 'file' (make the type 'internal') or move the method to another type"));
            }
        }

        CheckSignature(method, syntax, location, diagnostics, role);
        // A refused type parameter would also read as "nothing to differentiate": the refusal says it all.
        if (role is MethodRole.Reparameterizable or MethodRole.Differentiable && GenericSignature.Refusal(method, role) is null)
        {
            CheckWhatIsDifferentiated(method, location, diagnostics);
        }

        var parameters = new List<ParameterIr>();
        foreach (var parameter in method.Parameters)
        {
            var type = TypeMapper.Map(parameter.Type);
            var isNoise = CallResolver.HasAttribute(parameter, KnownNames.Noise);
            if (isNoise && !type.IsFloating)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoiseOnNonFloatingParameter, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, parameter.Type.ToDisplayString()));
            }

            // Structs carry tangents in [Reparameterizable]/[Differentiable] methods; the other attributes hold them constant.
            var heldConstant = CallResolver.IsHeldConstant(parameter)
                || (type.IsDifferentiableStruct && !(role is MethodRole.Reparameterizable or MethodRole.Differentiable && CallResolver.IsDifferentiatedStruct(parameter)));
            parameters.Add(new ParameterIr(parameter.Name, type, CallResolver.KindOf(parameter.RefKind), heldConstant));
        }

        if (!parseBody)
        {
            return Finish(method, role, containingTypes, parameters, new BlockStmt(EquatableArray<Stmt>.Empty), diagnostics);
        }

        if (syntax.Body is null && syntax.ExpressionBody is null
            && method.PartialImplementationPart?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementation)
        {
            // [Reparameterizable] on a partial method's declaration: differentiate its implementation.
            semanticModel = implementation.SyntaxTree == syntax.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(implementation.SyntaxTree);
            syntax = implementation;
        }

        var bodySyntax = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
        if (bodySyntax is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, "it has no body"));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        if (HasCompilationErrors(semanticModel, syntax, cancellationToken))
        {
            // The compiler reports the errors; nothing is generated and no RPG diagnostic adds noise. One exception:
            // a call to a generated member compiles for the user (the generator adds it) but not here, where it
            // does not exist yet; without a word the method would be silently left out.
            diagnostics.AddRange(GeneratedMemberCalls(semanticModel, bodySyntax, method.Name, cancellationToken));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        // Binding a deeply nested expression can exhaust the compiler's stack before the body parser sees it: the
        // nesting is measured on the syntax first (without recursion), and a bound that still runs out is reported too.
        if (TooDeeplyNested(bodySyntax) is { } deep)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(deep), TooDeepMessage, method.Name));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        IOperation? operation;
        BlockStmt body;
        var parser = new BodyParser(method.Name, diagnostics, cancellationToken);
        try
        {
            operation = semanticModel.GetOperation(syntax, cancellationToken);
            if (operation is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, "its body could not be analysed"));
                return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
            }

            body = parser.ParseBody(operation);
        }
        catch (System.InsufficientExecutionStackException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(bodySyntax), TooDeepMessage, method.Name));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        return Finish(method, role, containingTypes, parameters, body, diagnostics, parser.MaxIrDepth);
    }

    private static ParseResult<MethodIr> Finish(IMethodSymbol method, MethodRole role, List<ContainingTypeIr> containingTypes, List<ParameterIr> parameters, BlockStmt body, List<DiagnosticInfo> diagnostics, int expressionDepth = 0)
    {
        if (diagnostics.Any(d => d.IsError))
        {
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        var model = new MethodIr(
            role,
            NamespaceCode(method.ContainingNamespace),
            containingTypes.ToEquatableArray(),
            method.Name,
            AccessibilityKeyword(method.DeclaredAccessibility),
            TypeMapper.Map(method.ReturnType),
            parameters.ToEquatableArray(),
            body,
            HintName(method))
        {
            Key = GeneratedCallee.KeyOf(method),
            HasUserTangent = GeneratedNames.HasUserTangentRule(method),
            HasUserBackward = GeneratedNames.HasUserBackward(method),
            HasUserWithGradient = GeneratedNames.HasUserWithGradient(method),
            ExpressionDepth = expressionDepth,
            Location = LocationInfo.From(method.Locations.FirstOrDefault()),
            IsInstance = !method.IsStatic,
            IsReadOnly = !method.IsStatic && method.IsReadOnly,
            TypeParameterList = GenericSignature.TypeParameterList(method),
            ConstraintClauses = GenericSignature.ConstraintClauses(method),
        };
        if (GeneratedNames.Conflict(method, model) is { } conflict)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameInUse, LocationInfo.From(method.Locations.FirstOrDefault()), method.Name, conflict));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        if (GeneratedNames.CannotHoldGradientStruct(method, model) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeCannotHoldMembers, LocationInfo.From(method.Locations.FirstOrDefault()), method.Name, reason));
            return ParseResult<MethodIr>.Refused(diagnostics.ToEquatableArray());
        }

        return new ParseResult<MethodIr>(model, diagnostics.ToEquatableArray());
    }

    private static void CheckSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, LocationInfo? location, List<DiagnosticInfo> diagnostics, MethodRole role)
    {
        void Reject(string reason) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, reason));

        var genericRefusal = GenericSignature.Refusal(method, role);
        if (genericRefusal is not null)
        {
            Reject(genericRefusal);
        }

        if (method.IsAsync)
        {
            Reject("async methods are not supported");
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Reject("ref returns are not supported");
        }

        var returnType = TypeMapper.Map(method.ReturnType);
        // A tuple or struct of floating values, (double, double) say, is returned by [Differentiable] and
        // [Reparameterizable] methods: their tangent is a value of the same type.
        var structResult = returnType.IsDifferentiableStruct && role is MethodRole.Reparameterizable or MethodRole.Differentiable;
        // A result of the refused type parameter says nothing more than the refusal.
        var refusedTypeParameter = genericRefusal is not null && method.ReturnType is ITypeParameterSymbol;
        if (!(returnType.IsFloatingScalar || returnType.Element == ScalarKind.Void || structResult || refusedTypeParameter))
        {
            Reject("it must return double, float, a tuple or struct of them, or void (with out or Span<T> outputs), not '" + method.ReturnType.ToDisplayString() + "'");
        }

        foreach (var parameter in method.Parameters)
        {
            var type = TypeMapper.Map(parameter.Type);
            if (type.IsFloating && parameter.RefKind == RefKind.Ref)
            {
                Reject("'ref' floating parameter '" + parameter.Name + "' is not supported; use a value or an 'out' parameter");
            }

            if (parameter.IsParams)
            {
                Reject("'params' parameter '" + parameter.Name + "' is not supported");
            }

        }

        _ = syntax;
    }

    /// <summary>
    /// What the generated members leave out, said aloud: parameters that are not differentiated although they hold
    /// floating values, and methods with nothing to differentiate.
    /// </summary>
    private static void CheckWhatIsDifferentiated(IMethodSymbol method, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        void Say(LocationInfo? at, string what) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PartlyDifferentiated, at, method.Name, what));

        var differentiable = 0;
        foreach (var parameter in method.Parameters)
        {
            var type = TypeMapper.Map(parameter.Type);
            if (type.IsFloating)
            {
                differentiable += parameter.RefKind == RefKind.Out || CallResolver.IsHeldConstant(parameter) ? 0 : 1;
                continue;
            }

            if (CallResolver.IsDifferentiatedStruct(parameter))
            {
                differentiable++;
                continue;
            }

            // double? is left out: its value is a constant by the documented rule on nullable parameters.
            if (StructLayouts.HasFloatingField(parameter.Type) && !CallResolver.IsHeldConstant(parameter))
            {
                var why = TypeMapper.Map(parameter.Type).IsDifferentiableStruct
                    ? "it is passed by '" + (parameter.RefKind == RefKind.Out ? "out" : "ref") + "' (only value and 'in' struct parameters carry a tangent)"
                    : "a struct carries a tangent only when generated code can write each of its floating members with a 'with' expression: fields that are not readonly, properties with 'set' or 'init', accessible from the assembly, and no floating arrays";
                Say(LocationInfo.From(parameter.Locations.FirstOrDefault()),
                    "parameter '" + parameter.Name + "' of type '" + parameter.Type.ToDisplayString() + "' is not differentiated: " + why + "; its fields are constants in the generated members");
            }
        }

        if (differentiable == 0)
        {
            Say(location, "it has no double or float parameter (nor span or array of them) that is not [Noise], [Constant] or out: there is nothing to differentiate, and only '" + method.Name + "Tangent' is generated, without tangent inputs");
        }
    }

    private static readonly string[] GeneratedSuffixes =
    {
        "Tangent", "WithGradient", "Backward", "GradientAt", "TangentAt", "Relaxed", "RelaxedTangent", "RelaxedBackward",
        "StraightThrough", "GumbelMax", "RelaxedLogDensity",
    };

    /// <summary>RPG0003 at each name in the body that the compiler cannot bind and that looks like a generated member.</summary>
    private static IEnumerable<DiagnosticInfo> GeneratedMemberCalls(SemanticModel model, SyntaxNode body, string methodName, CancellationToken cancellationToken)
    {
        foreach (var error in model.GetDiagnostics(body.Span, cancellationToken))
        {
            if (error.Id is not ("CS0103" or "CS0117" or "CS1061") || body.FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            var name = node is SimpleNameSyntax simple ? simple.Identifier.ValueText : node.ToString();
            if (GeneratedSuffixes.Any(suffix => name.Length > suffix.Length && name.EndsWith(suffix, System.StringComparison.Ordinal)))
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(node),
                    "A call to the generated member '" + name + "' (generated members do not exist while the generator runs: call the method it was generated from, whose derivative is taken through its tangent)",
                    methodName);
            }
        }
    }

    private static readonly string TooDeepMessage = "An expression nested more than " + BodyParser.MaxNesting + " levels deep (parentheses, calls, casts or operands on the right)";

    /// <summary>
    /// The first expression nested deeper than <see cref="BodyParser.MaxNesting"/>, counting expressions only
    /// (not parentheses or argument lists) and not the left operand of a binary operator, which continues a chain
    /// (<c>a + b + … + z</c> is read without nesting). Iterative, so any depth is measured safely.
    /// </summary>
    private static SyntaxNode? TooDeeplyNested(SyntaxNode body)
    {
        var stack = new Stack<(SyntaxNode Node, int Depth, bool LeftOperand)>();
        stack.Push((body, 0, false));
        while (stack.Count > 0)
        {
            var (node, depth, leftOperand) = stack.Pop();
            foreach (var child in node.ChildNodes())
            {
                // The left operand of a binary operator, through any parentheses ((a + b) + c), continues its chain.
                var childIsLeftOperand = (node is BinaryExpressionSyntax binary && child == binary.Left) || (leftOperand && node is ParenthesizedExpressionSyntax);
                var continuesChain = childIsLeftOperand && child is BinaryExpressionSyntax;
                var counts = child is ExpressionSyntax and not ParenthesizedExpressionSyntax && !continuesChain;
                var childDepth = depth + (counts ? 1 : 0);
                if (childDepth > BodyParser.MaxNesting)
                {
                    return child;
                }

                stack.Push((child, childDepth, childIsLeftOperand));
            }
        }

        return null;
    }

    private static bool HasCompilationErrors(SemanticModel model, SyntaxNode syntax, CancellationToken cancellationToken)
        => model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool IsFileLocal(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.FileKeyword));

    /// <summary>The type's name as C# (keywords escaped: <c>@class</c>), with its type parameters (and their variance, for a declaration).</summary>
    private static string NameWithTypeParameters(INamedTypeSymbol type, bool withVariance)
    {
        var name = Emit.ExpressionPrinter.Identifier(type.Name);
        if (type.TypeParameters.Length == 0)
        {
            return name;
        }

        string Variance(ITypeParameterSymbol t) => !withVariance ? "" : t.Variance switch { VarianceKind.In => "in ", VarianceKind.Out => "out ", _ => "" };
        return name + "<" + string.Join(", ", type.TypeParameters.Select(t => Variance(t) + Emit.ExpressionPrinter.Identifier(t.Name))) + ">";
    }

    /// <summary>The namespace as C# (<c>Demo.@namespace</c>), or null for the global namespace.</summary>
    private static string? NamespaceCode(INamespaceSymbol? ns)
    {
        var parts = new List<string>();
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Emit.ExpressionPrinter.Identifier(ns.Name));
        }

        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    public static string AccessibilityKeyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static string AttributeDisplayName(MethodRole role) => role switch
    {
        MethodRole.Reparameterizable => "Reparameterizable",
        MethodRole.Differentiable => "Differentiable",
        MethodRole.ImplicitReparam => "ImplicitReparam",
        _ => "GumbelSoftmax",
    };

    /// <summary>The longest hint name kept whole (without <c>.g.cs</c>); longer ones are cut and get a hash of the whole.</summary>
    internal const int MaxHintNameLength = 100;

    /// <summary>
    /// Unique per method, stable across runs, and a valid file name for any input: namespace, types and method by
    /// their plain names (<c>@class</c> → <c>class</c>), type parameters as <c>{T,U}</c>; overloads get a hash of their
    /// parameter types. Characters other than letters, digits and <c>_ . , { } -</c> become <c>_</c> (and add a hash of
    /// the exact name, so two names never meet); a name longer than <see cref="MaxHintNameLength"/> is cut and gets a
    /// hash of the whole, so that <c>EmitCompilerGeneratedFiles</c> paths stay short.
    /// </summary>
    internal static string HintName(IMethodSymbol method)
    {
        var parts = new List<string>();
        for (var ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, ns.Name);
        }

        var typeParts = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            typeParts.Insert(0, type.TypeParameters.Length == 0 ? type.Name : type.Name + "{" + string.Join(",", type.TypeParameters.Select(t => t.Name)) + "}");
        }

        parts.AddRange(typeParts);
        parts.Add(method.Name);
        var exact = string.Join(".", parts);
        var overloaded = method.ContainingType.GetMembers(method.Name).Length > 1;
        if (overloaded)
        {
            var signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()));
            exact += "_" + Hex(StableHash(signature));
        }

        var name = new string(exact.Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' or ',' or '{' or '}' or '-' ? c : '_').ToArray());
        if (name != exact || name.Length > MaxHintNameLength)
        {
            var cut = name.Length > MaxHintNameLength - 9 ? name.Substring(0, MaxHintNameLength - 9) : name;
            name = cut + "_" + Hex(StableHash(exact));
        }

        return name + ".g.cs";
    }

    private static string Hex(uint hash) => hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>FNV-1a: a string hash that does not change between processes (string.GetHashCode does).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
