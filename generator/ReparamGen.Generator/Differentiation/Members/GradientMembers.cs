using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.TangentAlgebra;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// <c>MGradient</c>, <c>MWithGradient</c> (vector forward mode: one pass, one tangent per input, shared
/// primal) and <c>MBackward</c> (accumulates <c>seed·∂M/∂p</c>). They exist for methods with a floating
/// result and scalar floating inputs; span-valued methods get <c>MTangent</c> only.
/// </summary>
internal static class GradientMembers
{
    public static bool Applies(MethodIr method)
        => method.ReturnType.IsFloatingScalar
           && method.Parameters.Any(p => p.IsDifferentiableInput)
           && method.Parameters.All(p => !p.IsDifferentiable || ((p.Type.IsFloatingScalar || p.IsDifferentiableStruct) && p.Kind is ArgumentKind.Value or ArgumentKind.In or ArgumentKind.RefReadOnly))
           && method.Parameters.All(p => !(p.IsNoise && p.Kind == ArgumentKind.Out));

    public static string StructName(MethodIr method) => method.Name + "Gradient";

    /// <summary>The gradient struct as generated members name it: generic in the method's type parameter (<c>MGradient&lt;T&gt;</c>).</summary>
    public static IrType StructType(MethodIr method) => new(ScalarKind.Other, ShapeKind.Scalar, StructName(method) + method.TypeParameterList);

    /// <summary>
    /// The gradient struct of a callee, from its <c>MWithGradient</c> (<c>global::N.T.MWithGradient</c> → <c>global::N.T.MGradient</c>;
    /// a generic callee <c>M&lt;T&gt;</c> → <c>global::N.T.MGradient&lt;T&gt;</c>).
    /// </summary>
    public static IrType StructTypeOf(MethodRef gradientMethod, string calleeName)
    {
        var open = calleeName.IndexOf('<');
        var plainName = open < 0 ? calleeName : calleeName.Substring(0, open);
        return new(ScalarKind.Other, ShapeKind.Scalar, gradientMethod.ContainingType + "." + plainName + "Gradient" + gradientMethod.TypeArguments);
    }

    public static GeneratedStruct Struct(MethodIr method)
    {
        var fields = new List<GeneratedParameter> { new("Value", method.ReturnType, ArgumentKind.Value, "The value of " + method.Name + ".") };
        var inputs = method.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        var names = FieldNames(inputs.Select(p => p.Name));
        for (var i = 0; i < inputs.Count; i++)
        {
            // A struct parameter's partials are a value of its own type, one per floating member.
            fields.Add(inputs[i].IsDifferentiableStruct
                ? new GeneratedParameter(names[i], inputs[i].Type, ArgumentKind.Value, "∂" + method.Name + "/∂" + inputs[i].Name + ", member by member (members that are not double or float are left default).")
                : new GeneratedParameter(names[i], method.ReturnType, ArgumentKind.Value, "∂" + method.Name + "/∂" + inputs[i].Name + "."));
        }

        return new GeneratedStruct(StructName(method), fields.ToEquatableArray(), "The value of " + method.SeeCref + " and its partial derivatives with respect to each differentiable parameter.");
    }

    /// <summary>Partial-derivative property names: <c>D</c> + the parameter's name in Pascal case, made unique.</summary>
    public static List<string> FieldNames(IEnumerable<string> parameterNames)
    {
        var used = new HashSet<string> { "Value" };
        var names = new List<string>();
        foreach (var parameter in parameterNames)
        {
            var name = "D" + NameScope.Pascal(parameter);
            while (!used.Add(name))
            {
                name += "_";
            }

            names.Add(name);
        }

        return names;
    }

    public static GeneratedMethod WithGradient(MethodIr method, GeneratedStruct gradient, EquatableArray<TangentRuleInfo> rules, List<DiagnosticInfo> diagnostics)
    {
        var names = Differentiator.NewScope(method);
        var structType = StructType(method);

        var directions = Directions.PerInput(method);

        IEnumerable<Stmt> Return(Expr value, Expr?[] tangents)
        {
            var arguments = new List<Expr> { value };
            foreach (var p in method.Parameters.Where(p => p.IsDifferentiableInput))
            {
                if (!p.IsDifferentiableStruct)
                {
                    var j = Enumerable.Range(0, directions.Count).First(k => directions.IsSeededAt(k, p.Name));
                    arguments.Add(tangents[j] ?? Zero(method.ReturnType));
                    continue;
                }

                // One direction per floating member: the partials gathered into a value of the struct's type.
                Expr? Partial(EquatableArray<string> path, IrType leafType)
                {
                    var j = Enumerable.Range(0, directions.Count).First(k => directions.Inputs[k] is { Leaf: { } leaf } input && input.Parameter == p.Name && leaf.Path.Equals(path));
                    return tangents[j] is not { } t ? null : Equals(t.Type, leafType) ? t : new ConvertExpr(t, leafType, IsExplicit: true);
                }

                arguments.Add(StructTangents.Build(p.Type, Partial) ?? Zero(p.Type));
            }

            return new Stmt[] { new ReturnStmt(new NewObjectExpr(arguments.ToEquatableArray(), structType)) };
        }

        var transformer = new TangentTransformer(method, directions, names, rules, diagnostics, Return);
        return new GeneratedMethod(
            method.Name + "WithGradient",
            structType,
            method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + method.Name + ".")).ToEquatableArray(),
            transformer.TransformBody(),
            "Evaluates " + method.SeeCref + " and every partial derivative in one forward pass that shares the primal computation.",
            "The value and the partial derivatives.",
            AggressiveInlining: true,
            IsTangentRule: false);
    }

    public static GeneratedMethod Backward(MethodIr method, GeneratedStruct gradient)
    {
        var names = new NameScope(method.Parameters.Select(p => p.Name));
        var seed = new LocalExpr(names.Fresh("seed"), method.ReturnType);
        var parameters = method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + method.Name + ".")).ToList();
        parameters.Add(new GeneratedParameter(seed.Name, seed.Type, ArgumentKind.Value, "Upstream derivative ∂L/∂" + method.Name + " (1 for the plain gradient)."));
        var g = new LocalExpr(names.Fresh("g"), StructType(method));
        var statements = new List<Stmt>
        {
            new DeclareStmt(g.Name, g.Type, TangentAlgebra.Forwarding(Call(method.MemberOwnerCode, method.Name + "WithGradient" + method.TypeParameterList, g.Type, method.Parameters.Select(p => (Expr)new LocalExpr(p.Name, p.Type)).ToArray()), method.Parameters)),
        };
        var fieldIndex = 1;
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiableInput))
        {
            var type = p.IsDifferentiableStruct ? p.Type : method.ReturnType;
            var accumulator = new LocalExpr(names.Fresh("grad" + NameScope.Pascal(p.Name)), type);
            parameters.Add(new GeneratedParameter(accumulator.Name, accumulator.Type, ArgumentKind.Ref, "Accumulates seed·∂" + method.Name + "/∂" + p.Name + (p.IsDifferentiableStruct ? ", member by member." : ".")));
            var partial = new MemberExpr(g, gradient.Fields[fieldIndex++].Name, type);
            statements.Add(new AssignStmt(accumulator, p.IsDifferentiableStruct
                ? StructTangents.Accumulate(accumulator, partial, seed)
                : new BinaryExpr(BinaryOp.Add, accumulator, Product(seed, partial), method.ReturnType)));
        }

        statements.Add(new ReturnStmt(new MemberExpr(g, "Value", method.ReturnType)));
        return new GeneratedMethod(
            method.Name + "Backward",
            method.ReturnType,
            parameters.ToEquatableArray(),
            new BlockStmt(statements.ToEquatableArray()),
            "Reverse accumulation for " + method.SeeCref + ": adds <c>seed·∂" + method.Name + "/∂p</c> to each gradient accumulator.",
            "The value of " + method.Name + ".",
            AggressiveInlining: true,
            IsTangentRule: false);
    }
}
