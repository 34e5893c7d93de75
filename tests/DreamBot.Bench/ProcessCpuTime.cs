using System.Globalization;
using System.Runtime.InteropServices;

namespace DreamBot.Bench;

/// <summary>A process's user plus system CPU time from /proc/&lt;pid&gt;/stat (Linux), in clock ticks of sysconf(_SC_CLK_TCK).</summary>
public static class ProcessCpuTime
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK on Linux
    private static readonly long TicksPerSecond = ClockTicks();

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it start with the state (3).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime (14), stime (15)
        return TimeSpan.FromSeconds(ticks / (double)TicksPerSecond);
    }

    private static long ClockTicks()
    {
        var ticks = NativeMethods.sysconf(ClockTicksName);
        return ticks > 0 ? ticks : 100;
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern long sysconf(int name);
    }
}
