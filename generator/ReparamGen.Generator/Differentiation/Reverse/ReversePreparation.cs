using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>
/// Brings a body into the shape <see cref="ReverseTransformer"/> reverses, in four pure passes:
/// <list type="number">
/// <item>renaming: every local gets a name of its own (sibling scopes may reuse names, hoisting may not);</item>
/// <item>structured control flow: <c>return</c>, <c>break</c> and <c>continue</c> become flags and guarded
/// <c>if</c>s, <c>switch</c> an <c>if</c> chain, so that every statement completes and a loop is reversed by
/// its iteration count (the classic structuring of Tapenade and Clad);</item>
/// <item>hoisting: declarations move to the top, so the reverse sweep sees every local;</item>
/// <item>linearizing: calls and conditionals inside differentiated expressions move into temporaries and
/// <c>if</c>s, so the reverse sweep never evaluates a call again (it may draw randomness) nor re-decides a
/// branch.</item>
/// </list>
/// </summary>
internal sealed partial class ReversePreparation
{
    private readonly MethodIr method;
    private readonly NameScope names;
    private readonly List<DeclareStmt> declarations = new();
    private readonly HashSet<string> countedLoopCounters = new();
    private readonly HashSet<string> nestedCollections = new();
    private LocalExpr? result;
    private LocalExpr? returnedFlag;

    public ReversePreparation(MethodIr method, NameScope names)
    {
        this.method = method;
        this.names = names;
    }

    public PreparedBody Prepare(System.Func<BlockStmt, HashSet<string>> activity)
    {
        if (method.ReturnType.Element != ScalarKind.Void)
        {
            result = new LocalExpr(names.Fresh("result"), method.ReturnType);
            declarations.Add(new DeclareStmt(result.Name, result.Type, DefaultValue(result.Type)));
        }

        var renamed = Rename(method.Body);
        var structured = Block(LowerBlock(renamed.Statements, null));

        var hoisted = Block(Hoist(structured.Statements, topLevel: true));
        var linear = Linearize(hoisted, activity(hoisted));
        return new PreparedBody(linear, declarations, result, countedLoopCounters, nestedCollections);
    }

    /// <summary>The value a hoisted local starts with (it is assigned before it is read, as in the source).</summary>
    public static Expr DefaultValue(IrType type)
    {
        if (type.Shape == ShapeKind.Scalar && type.IsFloating)
        {
            return TangentAlgebra.Zero(type);
        }

        return type.Element switch
        {
            ScalarKind.Int32 when type.Shape == ShapeKind.Scalar => Ir.Int(0),
            ScalarKind.Bool when type.Shape == ShapeKind.Scalar => new LiteralExpr("false", IrType.Bool),
            _ => new UnaryExpr(UnaryOp.SuppressNullable, new DefaultExpr(type), type),
        };
    }

    private LocalExpr Hoisted(string baseName, IrType type) => HoistedNamed(names.Fresh(baseName), type);

    /// <summary>A hoisted local under a name already taken from the scope (a temporary).</summary>
    private LocalExpr HoistedNamed(string name, IrType type)
    {
        var local = new LocalExpr(name, type);
        declarations.Add(new DeclareStmt(local.Name, type, DefaultValue(type)));
        return local;
    }
}
