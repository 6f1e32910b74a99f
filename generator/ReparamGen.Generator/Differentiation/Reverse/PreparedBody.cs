using System.Collections.Generic;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation.Reverse;

/// <summary>
/// A body made ready for reversal by <see cref="ReversePreparation"/>: one name per local, every declaration
/// hoisted to <see cref="Declarations"/> (but the collections declared at the top, which stay in place), no
/// <c>return</c>/<c>break</c>/<c>continue</c>/<c>switch</c> left (flags and <c>if</c>s instead), and no call or
/// conditional nested inside a differentiated expression (temporaries instead).
/// </summary>
internal sealed record PreparedBody(
    BlockStmt Body,
    IReadOnlyList<DeclareStmt> Declarations,
    LocalExpr? Result,
    IReadOnlyCollection<string> CountedLoopCounters,
    IReadOnlyCollection<string> NestedCollections);
