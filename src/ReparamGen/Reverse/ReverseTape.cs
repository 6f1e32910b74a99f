using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ReparamGen;

/// <summary>
/// The last-in, first-out record that a generated <c>…Backward</c> method keeps between its forward and its
/// reverse sweep: the values the forward sweep overwrites and the reverse sweep needs back (a to-be-recorded
/// analysis decides which), the branch each <c>if</c> took and the bounds of each loop. Generated code creates
/// one per call as a local, pushes during the forward sweep, pops during the reverse sweep in the opposite
/// order and disposes it at the end.
/// </summary>
/// <remarks>
/// Storage comes from <see cref="ArrayPool{T}.Shared"/> on first use and goes back to it on
/// <see cref="Dispose"/>, so a call allocates nothing once the pool is warm. A call that throws between the
/// sweeps does not return its arrays (the garbage collector reclaims them); nothing else is affected.
/// This type is public only so that generated code in other assemblies can use it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ReverseTape : IDisposable
{
    private const int InitialCapacity = 256;

    private double[]? values;
    private int valueCount;
    private int[]? integers;
    private int integerCount;
    private double[]? saved;
    private int savedCount;
    private RandomReplay? replay;
    private double[]? discard;
    private float[]? discardSingle;

    /// <summary>Records a floating value (a <see cref="float"/> widens exactly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        var buffer = values;
        if (buffer is not null && (uint)valueCount < (uint)buffer.Length)
        {
            buffer[valueCount++] = value;
            return;
        }

        PushSlow(value);
    }

    /// <summary>Records an integer, a branch taken (0/1) or a loop bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value)
    {
        var buffer = integers;
        if (buffer is not null && (uint)integerCount < (uint)buffer.Length)
        {
            buffer[integerCount++] = value;
            return;
        }

        PushSlow(value);
    }

    /// <summary>The last floating value recorded and not yet popped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => values![--valueCount];

    /// <summary>The last integer recorded and not yet popped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt32() => integers![--integerCount];

    /// <summary>
    /// Keeps a copy of an output span's values as the forward sweep leaves them (the reverse sweep restores
    /// earlier values into it); <see cref="Restore(Span{double})"/> puts them back. A stack of its own.
    /// </summary>
    public void Save(ReadOnlySpan<double> output)
    {
        EnsureSaved(output.Length);
        output.CopyTo(saved.AsSpan(savedCount));
        savedCount += output.Length;
    }

    /// <summary>Single-precision form of <see cref="Save(ReadOnlySpan{double})"/>.</summary>
    public void Save(ReadOnlySpan<float> output)
    {
        EnsureSaved(output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            saved![savedCount + i] = output[i];
        }

        savedCount += output.Length;
    }

    /// <summary>Writes back the values last kept by <see cref="Save(ReadOnlySpan{double})"/>.</summary>
    public void Restore(Span<double> output)
    {
        savedCount -= output.Length;
        saved.AsSpan(savedCount, output.Length).CopyTo(output);
    }

    /// <summary>Single-precision form of <see cref="Restore(Span{double})"/>.</summary>
    public void Restore(Span<float> output)
    {
        savedCount -= output.Length;
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)saved![savedCount + i];
        }
    }

    /// <summary>
    /// Forward sweep: a <see cref="Random"/> to pass to a callee instead of <paramref name="rng"/>; it draws from
    /// <paramref name="rng"/> and records the draws, and where they start is recorded like an integer.
    /// </summary>
    public Random Record(Random rng)
    {
        replay ??= RandomReplay.Rent();
        Push(replay.Count);
        return replay.Recording(rng);
    }

    /// <summary>Reverse sweep: a <see cref="Random"/> that replays the draws of the matching <see cref="Record"/> call.</summary>
    public Random Replay() => (replay ?? throw new InvalidOperationException("Nothing was recorded to replay.")).Replaying(PopInt32());

    /// <summary>
    /// A zeroed span of <paramref name="length"/> elements whose contents are thrown away: the accumulator a callee's
    /// <c>…Backward</c> adds into for a constant span argument (data passed where the callee differentiates).
    /// Valid until the next call of this method or <see cref="Dispose"/>.
    /// </summary>
    public Span<double> Discard(int length) => Scratch(ref discard, length);

    /// <summary>Single-precision form of <see cref="Discard(int)"/>.</summary>
    public Span<float> DiscardSingle(int length) => Scratch(ref discardSingle, length);

    /// <summary>The first <paramref name="length"/> elements of a pooled buffer, grown when too short, zeroed.</summary>
    private static Span<T> Scratch<T>(scoped ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            if (buffer is not null)
            {
                ArrayPool<T>.Shared.Return(buffer);
            }

            buffer = ArrayPool<T>.Shared.Rent(Math.Max(length, 16));
        }

        var span = buffer.AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>Returns the storage to the shared pool.</summary>
    public void Dispose()
    {
        if (discard is not null)
        {
            ArrayPool<double>.Shared.Return(discard);
            discard = null;
        }

        if (discardSingle is not null)
        {
            ArrayPool<float>.Shared.Return(discardSingle);
            discardSingle = null;
        }

        if (replay is not null)
        {
            replay.Return();
            replay = null;
        }

        if (values is not null)
        {
            ArrayPool<double>.Shared.Return(values);
            values = null;
        }

        if (integers is not null)
        {
            ArrayPool<int>.Shared.Return(integers);
            integers = null;
        }

        if (saved is not null)
        {
            ArrayPool<double>.Shared.Return(saved);
            saved = null;
        }

        valueCount = 0;
        integerCount = 0;
        savedCount = 0;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(saved))]
    private void EnsureSaved(int length)
    {
        if (saved is null || saved.Length - savedCount < length)
        {
            var larger = ArrayPool<double>.Shared.Rent(Math.Max(InitialCapacity, Math.Max(savedCount + length, (saved?.Length ?? 0) * 2)));
            if (saved is not null)
            {
                Array.Copy(saved, larger, savedCount);
                ArrayPool<double>.Shared.Return(saved);
            }

            saved = larger;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(double value)
    {
        values = Grow(values, valueCount);
        values[valueCount++] = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(int value)
    {
        integers = Grow(integers, integerCount);
        integers[integerCount++] = value;
    }

    private static T[] Grow<T>(T[]? buffer, int count)
    {
        var larger = ArrayPool<T>.Shared.Rent(buffer is null ? InitialCapacity : Math.Max(InitialCapacity, buffer.Length * 2));
        if (buffer is not null)
        {
            Array.Copy(buffer, larger, count);
            ArrayPool<T>.Shared.Return(buffer);
        }

        return larger;
    }
}
