using System;
using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The SIMD part of the batch overload, for bodies <see cref="SimdEligibility"/> accepts: the samples from
/// <c>i</c> on, a whole vector at a time, with 512-bit vectors where the hardware accelerates them, else 256-bit
/// ones, else none (the scalar loop that follows then takes every sample). Each chunk evaluates the scalar
/// <c>MWithGradient</c> body lane-wise (double locals become vectors, calls become <c>ReparamGen.Simd.SimdMath</c>
/// calls) and collects in a mask the lanes where a guard's condition holds or a function would leave its domain; if
/// any lane is set, the chunk goes through the scalar code instead, element by element, so that the same exception
/// is thrown for the first failing element, and nothing is stored from the vectors.
/// </summary>
internal static class VectorBatchLoop
{
    private const string IntrinsicsNamespace = "global::System.Runtime.Intrinsics.";

    /// <summary>
    /// <c>if (Vector512.IsHardwareAccelerated) { vector loop } else if (Vector256.IsHardwareAccelerated) { vector loop }</c>,
    /// leaving <paramref name="index"/> at the first sample not yet written.
    /// </summary>
    /// <param name="method">The differentiated method.</param>
    /// <param name="withGradientBody">The body of its scalar <c>MWithGradient</c>, accepted by <see cref="SimdEligibility"/>.</param>
    /// <param name="index">The batch loop's index, declared and zero before this statement.</param>
    /// <param name="length">The number of samples.</param>
    /// <param name="outputs">The output spans, in the order of the gradient's fields.</param>
    /// <param name="scalarElement">The scalar code for one sample at a given index.</param>
    /// <param name="names">The batch member's names, to which the loop adds its own.</param>
    public static Stmt Build(MethodIr method, BlockStmt withGradientBody, LocalExpr index, Expr length, IReadOnlyList<LocalExpr> outputs, Func<Expr, IEnumerable<Stmt>> scalarElement, NameScope names)
    {
        var wide = Loop(512, method, withGradientBody, index, length, outputs, scalarElement, names.Copy());
        var narrow = Loop(256, method, withGradientBody, index, length, outputs, scalarElement, names.Copy());
        return new IfStmt(Accelerated(512), Block(wide), new IfStmt(Accelerated(256), Block(narrow), null));
    }

    private static Expr Accelerated(int bits) => new MemberExpr(null, IntrinsicsNamespace + "Vector" + bits + ".IsHardwareAccelerated", IrType.Bool);

    private static Stmt Loop(int bits, MethodIr method, BlockStmt body, LocalExpr index, Expr length, IReadOnlyList<LocalExpr> outputs, Func<Expr, IEnumerable<Stmt>> scalarElement, NameScope names)
    {
        var lanes = new Lanes(bits, method.ReturnType);
        var count = new MemberExpr(null, lanes.Type.Code + ".Count", IrType.Int32);
        var chunk = new List<Stmt>();
        var vectors = new Dictionary<string, LocalExpr>();
        foreach (var p in method.Parameters)
        {
            var local = new LocalExpr(names.Fresh("v" + NameScope.Pascal(p.Name)), lanes.Type);
            vectors[p.Name] = local;
            var span = new LocalExpr(p.Name, p.Type.AsReadOnlySpan());
            chunk.Add(new DeclareStmt(local.Name, lanes.Type, lanes.Op("Create", Slice(span, index))));
        }

        var bail = new LocalExpr(names.Fresh("bail"), lanes.Type);
        var bailDeclaration = chunk.Count;
        var translator = new Translator(lanes, vectors, bail, names, chunk);
        var statements = body.Statements;
        foreach (var statement in statements.Take(statements.Count - 1))
        {
            translator.Statement(statement);
        }

        var results = new List<LocalExpr>();
        var construction = (NewObjectExpr)((ReturnStmt)statements[statements.Count - 1]).Value!;
        for (var k = 0; k < construction.Arguments.Count; k++)
        {
            var argument = construction.Arguments[k];
            var result = new LocalExpr(names.Fresh("v" + NameScope.Pascal(outputs[k].Name)), lanes.Type);
            chunk.Add(new DeclareStmt(result.Name, lanes.Type, translator.Value(argument)));
            results.Add(result);
        }

        var stores = results.Select((r, k) => (Stmt)new ExpressionStmt(TangentAlgebra.Call(lanes.Ops, "CopyTo", IrType.Void, r, Slice(outputs[k], index)))).ToList();
        if (!translator.Bails)
        {
            chunk.AddRange(stores);
        }
        else
        {
            // Some lane would take a guard or leave a function's domain: the chunk runs through the scalar code.
            chunk.Insert(bailDeclaration, new DeclareStmt(bail.Name, lanes.Type, new MemberExpr(null, lanes.Type.Code + ".Zero", lanes.Type)));
            chunk.Add(Fallback(lanes, index, count, bail, scalarElement, names, stores));
        }

        return new ForStmt(
            EquatableArray<Stmt>.Empty,
            new BinaryExpr(BinaryOp.LessOrEqual, index, new BinaryExpr(BinaryOp.Subtract, length, count, IrType.Int32), IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(index, new BinaryExpr(BinaryOp.Add, index, count, IrType.Int32))),
            Block(chunk));
    }

    private static Stmt Fallback(Lanes lanes, LocalExpr index, Expr count, LocalExpr bail, Func<Expr, IEnumerable<Stmt>> scalarElement, NameScope names, List<Stmt> stores)
    {
        var j = new LocalExpr(names.Fresh("j"), IrType.Int32);
        var fallback = new ForStmt(
            EquatableArray.Create<Stmt>(new DeclareStmt(j.Name, IrType.Int32, index)),
            new BinaryExpr(BinaryOp.Less, j, new BinaryExpr(BinaryOp.Add, index, count, IrType.Int32), IrType.Bool),
            EquatableArray.Create<Stmt>(new AssignStmt(j, new BinaryExpr(BinaryOp.Add, j, new LiteralExpr("1", IrType.Int32), IrType.Int32))),
            Block(scalarElement(j).ToList()));
        var anyLane = new BinaryExpr(BinaryOp.NotEquals, lanes.Op("ExtractMostSignificantBits", bail), new LiteralExpr("0", IrType.Int32), IrType.Bool);
        return new IfStmt(anyLane, Block(new List<Stmt> { fallback }), Block(stores));
    }

    private static BlockStmt Block(IReadOnlyList<Stmt> statements) => new(statements.ToEquatableArray());

    private static BlockStmt Block(Stmt statement) => new(EquatableArray.Create(statement));

    private static Expr Slice(LocalExpr span, Expr start) => Method(span, "Slice", span.Type, start);

    private static Expr Method(Expr receiver, string name, IrType type, params Expr[] arguments)
        => new CallExpr(
            new CallTarget("", name, false, EquatableArray<ParameterSignature>.Empty, TangentSourceKind.None, null, null),
            receiver,
            arguments.Select(a => new Argument(ArgumentKind.Value, a)).ToEquatableArray(),
            type,
            null);

    /// <summary>One vector width: its type and its static operations.</summary>
    private sealed class Lanes
    {
        public Lanes(int bits, IrType element)
        {
            Ops = IntrinsicsNamespace + "Vector" + bits;
            Element = element;
            Type = new IrType(ScalarKind.Other, ShapeKind.Scalar, Ops + "<" + element.Code + ">");
        }

        /// <summary>double or float.</summary>
        public IrType Element { get; }

        public string Ops { get; }

        public IrType Type { get; }

        public Expr Op(string name, params Expr[] arguments) => TangentAlgebra.Call(Ops, name, Type, arguments);

        public Expr Simd(string name, params Expr[] arguments) => TangentAlgebra.Call(SimdFunctions.SimdMathType, name, Type, arguments);

        /// <summary>
        /// All lanes set to <paramref name="scalar"/>. A literal spelled like an integer (<c>2</c>) names the element type
        /// (<c>Create&lt;double&gt;(2)</c>): <c>Create(2)</c> would make a vector of int.
        /// </summary>
        public Expr Constant(Expr scalar)
            => scalar is LiteralExpr { Code: var code } && code.IndexOfAny(new[] { '.', 'E', 'e', 'f', 'F', 'd', 'D' }) < 0
                ? Op("Create<" + Element.Code + ">", scalar)
                : Op("Create", scalar);
    }

    /// <summary>Rewrites the accepted scalar statements and expressions lane-wise, appending to the chunk's statements.</summary>
    private sealed class Translator
    {
        private readonly Lanes lanes;
        private Dictionary<string, LocalExpr> vectors;

        // Inside a branch of an if/else: the variables of the enclosing code it assigns, redirected to copies.
        private Dictionary<string, LocalExpr>? redirected;
        private HashSet<string>? enclosing;
        private readonly LocalExpr bail;
        private readonly NameScope names;
        private readonly List<Stmt> output;

        public Translator(Lanes lanes, Dictionary<string, LocalExpr> vectors, LocalExpr bail, NameScope names, List<Stmt> output)
        {
            this.lanes = lanes;
            this.vectors = vectors;
            this.bail = bail;
            this.names = names;
            this.output = output;
        }

        public void Statement(Stmt statement)
        {
            switch (statement)
            {
                case DeclareStmt { Initializer: null } declare:
                    // Zero, not unassigned: a branch's select may read it before both branches assign it.
                    output.Add(new DeclareStmt(Declare(declare.Name).Name, lanes.Type, Zero));
                    break;
                case DeclareStmt { Initializer: CallExpr call } declare when SimdFunctions.FindTangent(call, lanes.Element.Element) is { } tangent:
                {
                    // FTangent(x, dx, out dy): the value from F's SIMD form, the tangent from the rule's formula.
                    var x = Bind(Value(call.Arguments[0].Value));
                    var dx = Bind(Value(call.Arguments[1].Value));
                    CheckDomain(tangent, x);
                    output.Add(new DeclareStmt(Declare(declare.Name).Name, lanes.Type, lanes.Simd(tangent.SimdName, x)));
                    var dy = Target(((LocalExpr)call.Arguments[2].Value).Name);
                    var derivative = tangent.SimdName == "Expm1"
                        ? new BinaryExpr(BinaryOp.Multiply, lanes.Simd("Exp", x), dx, lanes.Type)
                        : new BinaryExpr(BinaryOp.Divide, dx, new BinaryExpr(BinaryOp.Add, lanes.Constant(new LiteralExpr("1.0", IrType.Double)), x, lanes.Type), lanes.Type);
                    output.Add(new AssignStmt(dy, derivative));
                    break;
                }

                case DeclareStmt declare:
                {
                    var value = Value(declare.Initializer!);
                    output.Add(new DeclareStmt(Declare(declare.Name).Name, lanes.Type, value));
                    break;
                }

                case AssignStmt { Target: LocalExpr target } assign:
                {
                    var value = Value(assign.Value);
                    output.Add(new AssignStmt(Target(target.Name), value));
                    break;
                }

                case IfStmt { Else: null } guard:
                    Bail(Mask(guard.Condition));
                    break;
                case IfStmt conditional:
                    Select(conditional);
                    break;
                default:
                    throw new InvalidOperationException("SimdEligibility accepted a statement the vector loop cannot take: " + statement.GetType().Name);
            }
        }

        public Expr Value(Expr e) => e switch
        {
            LiteralExpr literal => lanes.Constant(literal),
            LocalExpr local => vectors[local.Name],
            ConvertExpr { Operand: LiteralExpr literal } => lanes.Constant(new ConvertExpr(literal, lanes.Element, IsExplicit: true)),
            ConvertExpr convert => Value(convert.Operand),
            UnaryExpr { Op: UnaryOp.Plus } unary => Value(unary.Operand),
            UnaryExpr unary => new UnaryExpr(UnaryOp.Negate, Value(unary.Operand), lanes.Type),
            BinaryExpr binary => new BinaryExpr(binary.Op, Value(binary.Left), Value(binary.Right), lanes.Type),
            ConditionalExpr conditional => lanes.Op("ConditionalSelect", Mask(conditional.Condition), Value(conditional.WhenTrue), Value(conditional.WhenFalse)),
            CallExpr call => Call(call),
            _ => throw new InvalidOperationException("SimdEligibility accepted an expression the vector loop cannot take: " + e.GetType().Name),
        };

        // A bool expression as a lane mask (all bits set where it holds), in the vector's own element type.
        private Expr Mask(Expr e) => e switch
        {
            UnaryExpr { Op: UnaryOp.Not } not => new UnaryExpr(UnaryOp.BitwiseNot, Mask(not.Operand), lanes.Type),
            BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.And } and => new BinaryExpr(BinaryOp.And, Mask(and.Left), Mask(and.Right), lanes.Type),
            BinaryExpr { Op: BinaryOp.ConditionalOr or BinaryOp.Or } or => new BinaryExpr(BinaryOp.Or, Mask(or.Left), Mask(or.Right), lanes.Type),
            BinaryExpr { Op: BinaryOp.NotEquals } ne => new UnaryExpr(UnaryOp.BitwiseNot, lanes.Op("Equals", Value(ne.Left), Value(ne.Right)), lanes.Type),
            BinaryExpr comparison => lanes.Op(
                comparison.Op switch
                {
                    BinaryOp.Less => "LessThan",
                    BinaryOp.LessOrEqual => "LessThanOrEqual",
                    BinaryOp.Greater => "GreaterThan",
                    BinaryOp.GreaterOrEqual => "GreaterThanOrEqual",
                    _ => "Equals",
                },
                Value(comparison.Left),
                Value(comparison.Right)),
            _ => throw new InvalidOperationException("SimdEligibility accepted a condition the vector loop cannot take: " + e.GetType().Name),
        };

        private Expr Call(CallExpr call)
        {
            var entry = SimdFunctions.Find(call, lanes.Element.Element)!;
            var argument = Value(call.Arguments[0].Value);
            if (entry.DomainFloor is null)
            {
                return lanes.Simd(entry.SimdName, argument);
            }

            var x = Bind(argument);
            CheckDomain(entry, x);
            return lanes.Simd(entry.SimdName, x);
        }

        private Expr Zero => new MemberExpr(null, lanes.Type.Code + ".Zero", lanes.Type);

        // if (c) A else B: A and B in every lane, each on copies of the variables it assigns, then v = select(c, vA, vB).
        private void Select(IfStmt conditional)
        {
            var mask = Bind(Mask(conditional.Condition));
            var before = vectors;
            var whenTrue = Branch(conditional.Then, before);
            var whenFalse = Branch(conditional.Else!, before);
            vectors = before;
            foreach (var name in whenTrue.Keys.Concat(whenFalse.Keys).Distinct().ToList())
            {
                var chosen = lanes.Op("ConditionalSelect", mask, whenTrue.TryGetValue(name, out var t) ? t : before[name], whenFalse.TryGetValue(name, out var f) ? f : before[name]);
                output.Add(new AssignStmt(Target(name), chosen));
            }
        }

        private Dictionary<string, LocalExpr> Branch(Stmt branch, Dictionary<string, LocalExpr> before)
        {
            var (outerRedirected, outerEnclosing) = (redirected, enclosing);
            vectors = new Dictionary<string, LocalExpr>(before);
            redirected = new Dictionary<string, LocalExpr>();
            enclosing = new HashSet<string>(before.Keys);
            foreach (var statement in branch is BlockStmt block ? block.Statements.AsImmutableArray() : System.Collections.Immutable.ImmutableArray.Create(branch))
            {
                Statement(statement);
            }

            var assigned = redirected;
            (redirected, enclosing) = (outerRedirected, outerEnclosing);
            return assigned;
        }

        // The vector to assign for the scalar variable: in a branch, a copy of an enclosing variable, made on its first assignment.
        private LocalExpr Target(string name)
        {
            if (redirected is null || enclosing is null || !enclosing.Contains(name))
            {
                return vectors[name];
            }

            if (!redirected.TryGetValue(name, out var copy))
            {
                copy = new LocalExpr(names.Temporary("vBranch"), lanes.Type);
                output.Add(new DeclareStmt(copy.Name, lanes.Type, vectors[name]));
                redirected[name] = copy;
                vectors[name] = copy;
            }

            return copy;
        }

        private void CheckDomain(SimdFunctions.Entry entry, LocalExpr x)
        {
            if (entry.DomainFloor is { } floor)
            {
                Bail(lanes.Op("LessThan", x, lanes.Constant(new LiteralExpr(floor, IrType.Double))));
            }
        }

        /// <summary>Whether some lane may need the scalar code (a guard or a domain check was met).</summary>
        public bool Bails { get; private set; }

        private void Bail(Expr mask)
        {
            Bails = true;
            output.Add(new AssignStmt(bail, new BinaryExpr(BinaryOp.Or, bail, mask, lanes.Type)));
        }

        private LocalExpr Bind(Expr value)
        {
            if (value is LocalExpr local)
            {
                return local;
            }

            var temporary = new LocalExpr(names.Temporary("vArg"), lanes.Type);
            output.Add(new DeclareStmt(temporary.Name, lanes.Type, value));
            return temporary;
        }

        private LocalExpr Declare(string scalarName)
        {
            var local = new LocalExpr(names.Fresh("v" + NameScope.Pascal(scalarName)), lanes.Type);
            vectors[scalarName] = local;
            return local;
        }
    }
}
