using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using static ReparamGen.Generator.Differentiation.Reverse.StatementMapper;

namespace ReparamGen.Generator.Differentiation.Reverse;

internal sealed partial class ReversePreparation
{
    /// <summary>
    /// The flags of the loop (or switch section) a <c>break</c> or <c>continue</c> belongs to (made when first needed).
    /// A switch section has its own break flag and shares the enclosing loop's continue flag.
    /// </summary>
    private sealed class LoopFlags
    {
        private readonly LoopFlags? enclosingLoop;
        private LocalExpr? continueFlag;

        public LoopFlags(string breakName = "exitLoop", LoopFlags? enclosingLoop = null)
        {
            BreakName = breakName;
            this.enclosingLoop = enclosingLoop;
        }

        public string BreakName { get; }

        public LocalExpr? Break { get; set; }

        public LocalExpr? Continue
        {
            get => enclosingLoop is null ? continueFlag : enclosingLoop.Continue;
            set
            {
                if (enclosingLoop is null)
                {
                    continueFlag = value;
                }
                else
                {
                    enclosingLoop.Continue = value;
                }
            }
        }
    }

    /// <summary>
    /// Lowers a statement list so that no statement exits early. After a statement that may exit, the rest of the list
    /// runs under <c>if (!flag)</c>; after an <c>if</c> whose branch always exits, the rest becomes its <c>else</c>.
    /// </summary>
    private List<Stmt> LowerBlock(IReadOnlyList<Stmt> statements, LoopFlags? loop)
    {
        var output = new List<Stmt>();
        for (var k = 0; k < statements.Count; k++)
        {
            var statement = statements[k];
            var rest = statements.Skip(k + 1).ToList();
            if (rest.Count > 0 && statement is IfStmt { Else: null } guard && AlwaysExits(guard.Then) && !AlwaysThrows(guard.Then))
            {
                output.Add(new IfStmt(guard.Condition, Block(LowerBlock(Flatten(guard.Then), loop)), Block(LowerBlock(rest, loop))));
                return output;
            }

            output.AddRange(LowerStatement(statement, loop));
            if (AlwaysExits(statement) || rest.Count == 0)
            {
                return output;
            }

            if (ExitFlags(statement, loop) is { Count: > 0 } flags)
            {
                output.Add(new IfStmt(NoneSet(flags), Block(LowerBlock(rest, loop)), null));
                return output;
            }
        }

        return output;
    }

    private IEnumerable<Stmt> LowerStatement(Stmt statement, LoopFlags? loop)
    {
        switch (statement)
        {
            case ReturnStmt ret:
                if (ret.Value is not null && result is not null)
                {
                    yield return new AssignStmt(result, ret.Value);
                }

                returnedFlag ??= Hoisted("returned", IrType.Bool);
                yield return new AssignStmt(returnedFlag, True);
                break;
            case BreakStmt:
                loop!.Break ??= Hoisted(loop.BreakName, IrType.Bool);
                yield return new AssignStmt(loop.Break, True);
                break;
            case ContinueStmt:
                loop!.Continue ??= Hoisted("nextIteration", IrType.Bool);
                yield return new AssignStmt(loop.Continue, True);
                break;
            case BlockStmt block:
                yield return Block(LowerBlock(block.Statements, loop));
                break;
            case IfStmt conditional:
                yield return new IfStmt(conditional.Condition, Block(LowerBlock(Flatten(conditional.Then), loop)), conditional.Else is null ? null : Block(LowerBlock(Flatten(conditional.Else), loop)));
                break;
            case WhileStmt loopStatement:
                foreach (var s in LowerLoop(EquatableArray<Stmt>.Empty, loopStatement.Condition, loopStatement.Body, EquatableArray<Stmt>.Empty, testFirst: true))
                {
                    yield return s;
                }

                break;
            case DoWhileStmt loopStatement:
                foreach (var s in LowerLoop(EquatableArray<Stmt>.Empty, loopStatement.Condition, loopStatement.Body, EquatableArray<Stmt>.Empty, testFirst: false))
                {
                    yield return s;
                }

                break;
            case ForStmt loopStatement when IsCountedLoop(loopStatement):
                countedLoopCounters.Add(((DeclareStmt)loopStatement.Initializers[0]).Name);
                yield return loopStatement with { Body = Block(LowerBlock(Flatten(loopStatement.Body), new LoopFlags())) };
                break;
            case ForStmt loopStatement:
                yield return Block(LowerLoop(loopStatement.Initializers, loopStatement.Condition, loopStatement.Body, loopStatement.Incrementors, testFirst: true));
                break;
            case SwitchStmt switchStatement:
                yield return Block(LowerSwitch(switchStatement, loop));
                break;
            default:
                yield return statement;
                break;
        }
    }

    /// <summary><c>init; while (!exit &amp;&amp; !returned &amp;&amp; c) { next = false; body; if (!exit &amp;&amp; !returned) step; }</c>.</summary>
    private List<Stmt> LowerLoop(EquatableArray<Stmt> initializers, Expr? condition, Stmt body, EquatableArray<Stmt> incrementors, bool testFirst)
    {
        var flags = new LoopFlags();
        var loweredBody = LowerBlock(Flatten(body), flags);
        var exits = new List<LocalExpr>();
        if (flags.Break is not null)
        {
            exits.Add(flags.Break);
        }

        if (returnedFlag is not null && ContainsReturn(body))
        {
            exits.Add(returnedFlag);
        }

        if (incrementors.Count > 0)
        {
            loweredBody.Add(exits.Count > 0 ? new IfStmt(NoneSet(exits), Block(incrementors), null) : Block(incrementors));
        }

        if (flags.Continue is not null)
        {
            loweredBody.Insert(0, new AssignStmt(flags.Continue, False));
        }

        var test = condition ?? True;
        foreach (var exit in Enumerable.Reverse(exits))
        {
            test = IsTrue(test) ? Not(exit) : new BinaryExpr(BinaryOp.ConditionalAnd, Not(exit), test, IrType.Bool);
        }

        var output = new List<Stmt>(initializers);
        if (flags.Break is not null)
        {
            output.Add(new AssignStmt(flags.Break, False));
        }

        output.Add(testFirst ? new WhileStmt(test, Block(loweredBody)) : new DoWhileStmt(Block(loweredBody), test));
        return output;
    }

    /// <summary><c>switch</c> as an <c>if</c> chain on its value, evaluated once; each section's closing <c>break</c> dropped.</summary>
    private List<Stmt> LowerSwitch(SwitchStmt switchStatement, LoopFlags? loop)
    {
        var value = Hoisted("switchValue", switchStatement.Value.Type);
        var output = new List<Stmt> { new AssignStmt(value, switchStatement.Value) };

        // Constant labels are distinct, so the order of the tests does not matter; default takes what is left.
        BlockStmt Lower(SwitchSection section)
        {
            var body = WithoutClosingBreak(section.Body);
            if (!body.Any(ContainsKind<BreakStmt>))
            {
                return Block(LowerBlock(body, loop));
            }

            // A 'break' before the section's end: the rest of the section runs under a flag of its own, reset on entry
            // (the switch may sit in a loop); a 'continue' still belongs to the enclosing loop.
            var sectionFlags = new LoopFlags("leaveSection", loop);
            var lowered = LowerBlock(body, sectionFlags);
            if (sectionFlags.Break is not null)
            {
                lowered.Insert(0, new AssignStmt(sectionFlags.Break, False));
            }

            return Block(lowered);
        }

        var defaultSection = switchStatement.Sections.FirstOrDefault(s => s.Labels.Any(l => l is null));
        Stmt? chain = defaultSection is null ? null : Lower(defaultSection);
        foreach (var section in Enumerable.Reverse(switchStatement.Sections).Where(s => !s.Labels.Any(l => l is null)))
        {
            var test = section.Labels.Select(l => (Expr)new BinaryExpr(BinaryOp.Equals, value, l!, IrType.Bool))
                .Aggregate((a, b) => new BinaryExpr(BinaryOp.ConditionalOr, a, b, IrType.Bool));
            chain = new IfStmt(test, Lower(section), chain);
        }

        if (chain is not null)
        {
            output.Add(chain);
        }

        return output;
    }

    /// <summary>A section's statements without the <c>break</c> that closes it (also inside a closing block: <c>case 0: { …; break; }</c>).</summary>
    private static List<Stmt> WithoutClosingBreak(IEnumerable<Stmt> statements)
    {
        var body = statements.ToList();
        if (body.Count > 0 && body[body.Count - 1] is BreakStmt)
        {
            body.RemoveAt(body.Count - 1);
        }
        else if (body.Count > 0 && body[body.Count - 1] is BlockStmt last)
        {
            body[body.Count - 1] = Block(WithoutClosingBreak(last.Statements));
        }

        return body;
    }

    /// <summary><c>for (int i = a; i &lt; b; i++)</c> (or <c>i--</c>, any comparison) whose body never writes <c>i</c> and never leaves early.</summary>
    private static bool IsCountedLoop(ForStmt loop)
        => loop.Initializers.Count == 1
           && loop.Initializers[0] is DeclareStmt { Type.Element: ScalarKind.Int32, Type.Shape: ShapeKind.Scalar, Initializer: not null } counter
           && loop.Condition is BinaryExpr { Op: BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.NotEquals } test
           && (Mentions(test.Left, counter.Name) || Mentions(test.Right, counter.Name))
           && loop.Incrementors.Count == 1
           && loop.Incrementors[0] is AssignStmt { Target: LocalExpr target, Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: LocalExpr left, Right: LiteralExpr { Code: "1" } } }
           && target.Name == counter.Name && left.Name == counter.Name
           && !AssignedVariables.In(loop.Body).Contains(counter.Name)
           && !ContainsExit(loop.Body, includeLoopExits: true);

    private static bool Mentions(Expr e, string name) => IrWalker.Expressions(e).OfType<LocalExpr>().Any(l => l.Name == name);

    /// <summary>Whether every path through the statement ends in a return, break, continue or throw.</summary>
    private static bool AlwaysExits(Stmt statement) => statement switch
    {
        ReturnStmt or BreakStmt or ContinueStmt or ThrowStmt => true,
        BlockStmt block => block.Statements.Any(AlwaysExits),
        IfStmt { Else: { } otherwise } conditional => AlwaysExits(conditional.Then) && AlwaysExits(otherwise),
        _ => false,
    };

    private static bool AlwaysThrows(Stmt statement) => statement switch
    {
        ThrowStmt => true,
        BlockStmt block => block.Statements.Any(AlwaysThrows),
        IfStmt { Else: { } otherwise } conditional => AlwaysThrows(conditional.Then) && AlwaysThrows(otherwise),
        _ => false,
    };

    /// <summary>The flags a statement may set on a path that does not exit it normally.</summary>
    private List<LocalExpr> ExitFlags(Stmt statement, LoopFlags? loop)
    {
        var flags = new List<LocalExpr>();
        if (ContainsReturn(statement) && returnedFlag is not null)
        {
            flags.Add(returnedFlag);
        }

        if (loop is not null && ContainsExit(statement, includeLoopExits: true))
        {
            if (loop.Break is not null && ContainsKind<BreakStmt>(statement))
            {
                flags.Add(loop.Break);
            }

            if (loop.Continue is not null && ContainsKind<ContinueStmt>(statement))
            {
                flags.Add(loop.Continue);
            }
        }

        return flags;
    }

    private static bool ContainsReturn(Stmt statement) => IrWalker.Statements(statement).Any(s => s is ReturnStmt);

    /// <summary>A return anywhere, or (with <paramref name="includeLoopExits"/>) a break/continue of this level (not of a nested loop).</summary>
    private static bool ContainsExit(Stmt statement, bool includeLoopExits)
        => ContainsReturn(statement) || (includeLoopExits && (ContainsKind<BreakStmt>(statement) || ContainsKind<ContinueStmt>(statement)));

    /// <summary>Break or continue statements at this loop level: nested loops (and, for break, switch sections) own theirs.</summary>
    private static bool ContainsKind<T>(Stmt statement)
        where T : Stmt
    {
        foreach (var node in IrWalker.DescendantsAndSelf(statement, n => n is Stmt && n is not (WhileStmt or DoWhileStmt or ForStmt) && !(typeof(T) == typeof(BreakStmt) && n is SwitchStmt)))
        {
            if (node is T)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly LiteralExpr True = new("true", IrType.Bool);
    private static readonly LiteralExpr False = new("false", IrType.Bool);

    private static bool IsTrue(Expr e) => e is LiteralExpr { Code: "true" };

    private static Expr Not(Expr e) => new UnaryExpr(UnaryOp.Not, e, IrType.Bool);

    private static Expr NoneSet(IReadOnlyList<LocalExpr> flags)
        => flags.Select(Not).Aggregate((a, b) => new BinaryExpr(BinaryOp.ConditionalAnd, a, b, IrType.Bool));
}
