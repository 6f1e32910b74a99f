using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.Emit;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Parsing;

namespace ReparamGen.Generator;

/// <summary>
/// The incremental pipeline: Parse (per attributed method) → Differentiate (with the compilation's
/// [TangentOf] rules) → Emit. Diagnostics are reported from their own outputs, apart from sources.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ReparamGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ruleResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.TangentOf, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => TangentRuleParser.Parse(c, ct))
            .WithTrackingName(TrackingNames.ParseRules);
        Report(context, ruleResults.Select(static (r, _) => r.Diagnostics));
        Report(context, context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.BackwardOf, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => BackwardRuleParser.Check(c, ct))
            .WithTrackingName(TrackingNames.CheckBackwardRules));
        var rules = ruleResults
            .Select(static (r, _) => r.Model!)
            .Where(static r => r is not null)
            .Collect()
            .Select(static (rules, _) => new EquatableArray<TangentRuleInfo>(rules))
            .WithTrackingName(TrackingNames.RuleCatalog);

        // Every attributed method's outcome (generated, or refused with its calls) is collected, so that a method whose
        // generated code would call members of a refused one is held back (RPG0019) instead of emitted broken.
        var outcomes = new List<IncrementalValuesProvider<GenerationOutcome>>();
        var differentiated = new List<IncrementalValuesProvider<DifferentiationResult>>();
        foreach (var (attribute, role) in new[] { (KnownNames.Reparameterizable, MethodRole.Reparameterizable), (KnownNames.Differentiable, MethodRole.Differentiable) })
        {
            var methods = Parse(context, attribute, (c, ct) => MethodParser.Parse(c, role, ct), outcomes);
            differentiated.Add(Differentiate(methods.Select(static (r, _) => r.Model), rules, static (m, r) => Differentiator.Differentiate(m, r), outcomes));
        }

        foreach (var attribute in new[] { KnownNames.Reparameterizable, KnownNames.Differentiable, KnownNames.ImplicitReparam, KnownNames.GumbelSoftmax })
        {
            var unsupported = context.SyntaxProvider
                .ForAttributeWithMetadataName(attribute, static (node, _) => UnsupportedTargetParser.IsCandidate(node), (c, ct) => UnsupportedTargetParser.Parse(c, attribute, ct))
                .WithTrackingName(TrackingNames.ParseUnsupportedTargets);
            Report(context, unsupported);
        }

        var samplers = Parse(context, KnownNames.ImplicitReparam, static (c, ct) => ImplicitParser.Parse(c, ct), outcomes);
        differentiated.Add(Differentiate(samplers.Select(static (r, _) => r.Model as ImplicitIr), rules, static (m, r) => ImplicitMembers.Differentiate(m, r), outcomes));
        differentiated.Add(Differentiate(samplers.Select(static (r, _) => r.Model as StandardizeIr), rules, static (m, _) => StandardizeMembers.Differentiate(m), outcomes));

        var logits = Parse(context, KnownNames.GumbelSoftmax, static (c, ct) => GumbelSoftmaxParser.Parse(c, ct), outcomes);
        differentiated.Add(Differentiate(logits.Select(static (r, _) => r.Model), rules, static (m, r) => GumbelSoftmaxMembers.Differentiate(m, r), outcomes));

        var heldBack = CollectAll(outcomes)
            .Select(static (all, _) => GenerationOutcome.HeldBack(all))
            .WithTrackingName(TrackingNames.HeldBack);
        foreach (var results in differentiated)
        {
            RegisterOutputs(context, results, heldBack);
        }
    }

    /// <summary>Every value of every provider, in one array.</summary>
    private static IncrementalValueProvider<EquatableArray<T>> CollectAll<T>(List<IncrementalValuesProvider<T>> providers)
        where T : IEquatable<T>
    {
        var all = providers[0].Collect().Select(static (items, _) => items.ToEquatableArray());
        foreach (var provider in providers.Skip(1))
        {
            all = all.Combine(provider.Collect()).Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray());
        }

        return all;
    }

    /// <summary>
    /// Parse stage of one attribute; its diagnostics go to their own output, and a refused method's key to
    /// <paramref name="outcomes"/>.
    /// </summary>
    private static IncrementalValuesProvider<ParseResult<TModel>> Parse<TModel>(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TModel>> parse,
        List<IncrementalValuesProvider<GenerationOutcome>> outcomes)
        where TModel : class
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is MethodDeclarationSyntax, parse)
            .WithTrackingName(TrackingNames.Parse);
        Report(context, parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.ParseDiagnostics));
        outcomes.Add(parsed
            .Where(static r => r.Model is null && r.MethodKey is not null)
            .Select(static (r, _) => new GenerationOutcome(r.MethodKey!, "", Generated: false, EquatableArray<GeneratedCall>.Empty)));
        return parsed;
    }

    /// <summary>Differentiate stage (with the compilation's [TangentOf] rules); each result's outcome goes to <paramref name="outcomes"/>.</summary>
    private static IncrementalValuesProvider<DifferentiationResult> Differentiate<TModel>(
        IncrementalValuesProvider<TModel?> models,
        IncrementalValueProvider<EquatableArray<TangentRuleInfo>> rules,
        Func<TModel, EquatableArray<TangentRuleInfo>, DifferentiationResult> differentiate,
        List<IncrementalValuesProvider<GenerationOutcome>> outcomes)
        where TModel : class
    {
        var differentiated = models
            .Where(static m => m is not null)
            .Combine(rules)
            .Select((pair, _) => DeepStack.Run(DepthOf(pair.Left!), () => WithOutcome(pair.Left!, WithoutUserTangent(pair.Left!, differentiate(pair.Left!, pair.Right)))))
            .WithTrackingName(TrackingNames.Differentiate);
        outcomes.Add(differentiated.Select(static (d, _) => d.Outcome!));
        return differentiated;
    }

    /// <summary>The result with its outcome: the model's key, and the calls its generated code makes to generated members.</summary>
    private static DifferentiationResult WithOutcome(object model, DifferentiationResult result)
    {
        var (method, calls) = model switch
        {
            MethodIr m => (m, GeneratedCalls(m)),
            ImplicitIr sampler => (sampler.Sampler, GeneratedCalls(sampler.Cdf)),
            StandardizeIr standardize => (standardize.Sampler, EquatableArray.Create(new GeneratedCall(standardize.StandardizeKey, standardize.StandardizeName, standardize.Sampler.Location))),
            _ => (null, EquatableArray<GeneratedCall>.Empty),
        };
        if (method is null)
        {
            return result with { Outcome = new GenerationOutcome("", "", result.File is not null, calls) };
        }

        return result with { Outcome = new GenerationOutcome(method.Key, method.Name, result.File is not null, calls) };
    }

    private static EquatableArray<GeneratedCall> GeneratedCalls(MethodIr method)
        => IrWalker.DescendantsAndSelf(method.Body)
            .OfType<CallExpr>()
            .Where(c => c.Target.GeneratedKey is { } key && key != method.Key)
            .Select(c => new GeneratedCall(c.Target.GeneratedKey!, c.Target.Name, c.Location))
            .ToEquatableArray();

    private static int DepthOf(object model) => model switch
    {
        MethodIr method => method.ExpressionDepth,
        ImplicitIr sampler => sampler.Cdf.ExpressionDepth,
        _ => 0,
    };

    /// <summary>A user [TangentOf] rule named <c>MTangent</c> is the method's tangent: the generated one is left out.</summary>
    private static DifferentiationResult WithoutUserTangent(object model, DifferentiationResult result)
    {
        if (result.File is { } deep && DepthOf(model) > DeepStack.Threshold)
        {
            // The Emit stage sees only the file: it needs the depth to print on a deep enough stack.
            result = result with { File = deep with { ExpressionDepth = DepthOf(model) } };
        }

        if (model is not MethodIr { HasUserTangent: true } method || result.File is not { } file)
        {
            return result;
        }

        var tangent = method.Name + KnownNames.TangentSuffix;
        return result with { File = file with { Methods = file.Methods.Where(m => m.Name != tangent).ToEquatableArray() } };
    }

    private static void RegisterOutputs(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<DifferentiationResult> differentiated,
        IncrementalValueProvider<EquatableArray<string>> heldBack)
    {
        Report(context, differentiated.Select(static (d, _) => d.Diagnostics).WithTrackingName(TrackingNames.DifferentiateDiagnostics));
        var withHeldBack = differentiated.Combine(heldBack);
        Report(context, withHeldBack.Select(static (pair, _) => pair.Left.Outcome!.HeldBackDiagnostics(pair.Right)));

        var emitted = withHeldBack
            .Where(static pair => pair.Left.File is not null && !pair.Right.Contains(pair.Left.Outcome!.MethodKey))
            .Select(static (pair, _) => pair.Left.File!)
            .Select(static (f, _) => new EmittedSource(f.HintName, DeepStack.Run(f.ExpressionDepth, () => FileEmitter.Emit(f))))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(emitted, static (spc, source) => spc.AddSource(source.HintName, source.Text));
    }

    /// <summary>
    /// Reports at real source locations (a tree of the compilation, found by path), so that <c>#pragma warning</c>,
    /// <c>.editorconfig</c> severities and <c>NoWarn</c> apply as to the compiler's own diagnostics. Only this
    /// reporting node sees the compilation: the models stay plain values and their steps stay cached.
    /// </summary>
    private static void Report(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics)
        => context.RegisterSourceOutput(
            diagnostics.Combine(context.CompilationProvider),
            static (spc, pair) => ReportDiagnostics(spc, pair.Left, pair.Right));

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
        }
    }

    private sealed record EmittedSource(string HintName, string Text);
}

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string Parse = "Parse";
    public const string ParseDiagnostics = "ParseDiagnostics";
    public const string ParseRules = "ParseRules";
    public const string CheckBackwardRules = "CheckBackwardRules";
    public const string ParseUnsupportedTargets = "ParseUnsupportedTargets";
    public const string RuleCatalog = "RuleCatalog";
    public const string Differentiate = "Differentiate";
    public const string DifferentiateDiagnostics = "DifferentiateDiagnostics";
    public const string HeldBack = "HeldBack";
    public const string Emit = "Emit";
}
