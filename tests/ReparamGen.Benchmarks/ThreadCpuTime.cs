using System;
using System.Runtime.InteropServices;

namespace ReparamGen.Benchmarks;

/// <summary>
/// The CPU time the calling thread has used, in nanoseconds (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)); 0 elsewhere.
/// On a machine shared with other jobs, wall-clock times grow with every preemption while the thread's own CPU time
/// does not, so the side-by-side prints both (the PyTorch script reads the process CPU clock, one thread).
/// </summary>
internal static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        return clock_gettime(ClockThreadCpuTimeId, out var ts) == 0 ? (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
