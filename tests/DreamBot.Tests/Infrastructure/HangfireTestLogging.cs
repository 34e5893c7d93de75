using DreamBot.Tests.Bot.Harness;
using Hangfire;
using Hangfire.AspNetCore;

namespace DreamBot.Tests.Infrastructure;

/// <summary>
/// Hangfire logs through one static provider, which a host points at its own logger factory when it first resolves
/// Hangfire's configuration. Hosts in a test process come and go: once the host it names is disposed, every other
/// host's Hangfire fails creating loggers (ObjectDisposedException) and its workers stop. So every test host resolves
/// the configuration as soon as it is built and points the provider at a factory that outlives them all.
/// </summary>
public static class HangfireTestLogging
{
    /// <summary>Hangfire's own log lines, from every host in the test process.</summary>
    public static CapturedLogs Lines { get; } = new();

    private static readonly ILoggerFactory Factory = LoggerFactory.Create(logging => logging.AddProvider(Lines));

    /// <summary>Call right after <c>Build()</c>, before the host starts anything that logs through Hangfire.</summary>
    public static void Pin(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _ = host.Services.GetRequiredService<IGlobalConfiguration>();
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(Factory));
    }
}
