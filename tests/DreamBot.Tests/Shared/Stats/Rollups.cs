using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Worker.Maintenance;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Shared.Stats;

internal static class Rollups
{
    /// <summary>Runs the recurring rollup job as if the clock read <paramref name="at"/>.</summary>
    public static async Task RunAtAsync(PostgresDatabase database, DateTimeOffset at)
    {
        await using var db = database.CreateContext();
        await new StatsRollup(db, new ManualTimeProvider(at), NullLogger<StatsRollup>.Instance).RunAsync(CancellationToken.None);
    }
}
