using System;
using System.ComponentModel;

namespace ReparamGen;

/// <summary>
/// A <see cref="Random"/> that stands between a generated <c>…Backward</c> method and a callee that draws: in the
/// forward sweep it passes every draw through from the caller's generator and records it; in the reverse sweep it
/// hands the same draws, in the same order, to the callee's own <c>…Backward</c>, which runs the callee again. So
/// the reverse sweep differentiates the very sample the forward sweep used, and the caller's generator advances
/// exactly once, as it does when the primal method runs.
/// </summary>
/// <remarks>
/// <para>
/// Generated code never creates one: it asks its <see cref="ReverseTape"/> (<see cref="ReverseTape.Record"/> in the
/// forward sweep, <see cref="ReverseTape.Replay"/> in the reverse sweep), which keeps one per call and returns it to a
/// per-thread free list on <see cref="ReverseTape.Dispose"/>, so a warm call allocates nothing.
/// </para>
/// <para>
/// Every public draw method of <see cref="Random"/> is overridden. A replay that asks for a different kind of draw
/// than was recorded, or for more draws, means the callee did not draw the same way twice (it read state other than
/// its arguments): that throws <see cref="InvalidOperationException"/> rather than differentiate another sample.
/// This type is public only so that generated code in other assemblies can use it.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RandomReplay : Random
{
    [ThreadStatic]
    private static RandomReplay? freeList;

    private RandomReplay? nextFree;
    private Random? source;
    private long[] draws = new long[64];
    private DrawKind[] kinds = new DrawKind[64];
    private int count;
    private int position;
    private bool replaying;

    private RandomReplay()
        : base(0)
    {
    }

    private enum DrawKind : byte
    {
        Int32,
        Int64,
        Double,
        Single,
        Byte,
    }

    /// <summary>The number of draws recorded so far (where the next recorded call's draws start).</summary>
    public int Count => count;

    /// <summary>An instance from this thread's free list, or a new one; empty.</summary>
    internal static RandomReplay Rent()
    {
        var rented = freeList;
        if (rented is null)
        {
            return new RandomReplay();
        }

        freeList = rented.nextFree;
        rented.nextFree = null;
        return rented;
    }

    /// <summary>Forgets the draws and the source and puts this instance on this thread's free list (its buffers are kept).</summary>
    internal void Return()
    {
        source = null;
        count = 0;
        position = 0;
        replaying = false;
        nextFree = freeList;
        freeList = this;
    }

    /// <summary>Records from now on what <paramref name="from"/> draws, after the draws already recorded.</summary>
    internal RandomReplay Recording(Random from)
    {
        source = from ?? throw new ArgumentNullException(nameof(from));
        replaying = false;
        return this;
    }

    /// <summary>Replays the draws recorded from position <paramref name="start"/> on.</summary>
    internal RandomReplay Replaying(int start)
    {
        position = start;
        replaying = true;
        return this;
    }

    /// <inheritdoc/>
    public override int Next() => replaying ? (int)Replay(DrawKind.Int32) : (int)Record(DrawKind.Int32, Source.Next());

    /// <inheritdoc/>
    public override int Next(int maxValue) => replaying ? (int)Replay(DrawKind.Int32) : (int)Record(DrawKind.Int32, Source.Next(maxValue));

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue) => replaying ? (int)Replay(DrawKind.Int32) : (int)Record(DrawKind.Int32, Source.Next(minValue, maxValue));

    /// <inheritdoc/>
    public override long NextInt64() => replaying ? Replay(DrawKind.Int64) : Record(DrawKind.Int64, Source.NextInt64());

    /// <inheritdoc/>
    public override long NextInt64(long maxValue) => replaying ? Replay(DrawKind.Int64) : Record(DrawKind.Int64, Source.NextInt64(maxValue));

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue) => replaying ? Replay(DrawKind.Int64) : Record(DrawKind.Int64, Source.NextInt64(minValue, maxValue));

    /// <inheritdoc/>
    public override double NextDouble()
        => BitConverter.Int64BitsToDouble(replaying ? Replay(DrawKind.Double) : Record(DrawKind.Double, BitConverter.DoubleToInt64Bits(Source.NextDouble())));

    /// <inheritdoc/>
    public override float NextSingle()
        => BitConverter.Int32BitsToSingle((int)(replaying ? Replay(DrawKind.Single) : Record(DrawKind.Single, BitConverter.SingleToInt32Bits(Source.NextSingle()))));

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        if (!replaying)
        {
            Source.NextBytes(buffer);
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = replaying ? (byte)Replay(DrawKind.Byte) : (byte)Record(DrawKind.Byte, buffer[i]);
        }
    }

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    private Random Source => source ?? throw new InvalidOperationException("RandomReplay has no source to record from.");

    private long Record(DrawKind kind, long value)
    {
        if (count == draws.Length)
        {
            Array.Resize(ref draws, count * 2);
            Array.Resize(ref kinds, count * 2);
        }

        draws[count] = value;
        kinds[count] = kind;
        count++;
        return value;
    }

    private long Replay(DrawKind kind)
    {
        if (position >= count || kinds[position] != kind)
        {
            throw new InvalidOperationException("A callee drew differently in the reverse sweep than in the forward sweep (it reads state other than its arguments), so its derivative would be of another sample.");
        }

        return draws[position++];
    }
}
