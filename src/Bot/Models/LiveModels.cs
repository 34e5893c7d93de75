using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Models;

/// <summary>
/// The models some live worker serves right now: the model queues of the Hangfire servers that sent a heartbeat
/// recently, with the defaults their workers published. A model whose last worker stopped drops out within a minute
/// or two, so /dream never queues work that nothing will run.
/// </summary>
public sealed class LiveModels(JobStorage storage, TimeProvider time)
{
    /// <summary>Hangfire servers beat every 30 s; two missed beats and a server counts as gone.</summary>
    public static readonly TimeSpan HeartbeatSilence = TimeSpan.FromSeconds(75);

    public IReadOnlyList<string> Names() =>
        [.. LiveServers().SelectMany(server => server.Queues).Select(ModelRoute.ModelOf).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Each live worker's first model, the one it renders the shared queue with (its queues list its models in order).</summary>
    public IReadOnlyList<string> FirstNames() =>
        [.. LiveServers().Select(server => server.Queues.Select(ModelRoute.ModelOf).OfType<string>().FirstOrDefault()).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    private IEnumerable<Hangfire.Storage.Monitoring.ServerDto> LiveServers()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - HeartbeatSilence;
        return storage.GetMonitoringApi().Servers().Where(server => server.Heartbeat >= cutoff);
    }

    /// <summary>Each live model with its defaults (none known yet for a worker that has not published them).</summary>
    public async Task<IReadOnlyList<ServedModel>> ListAsync(DreamBotDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = Names();
        if (names.Count == 0)
            return [];
        var published = await db.ServedModels.AsNoTracking().Where(m => names.Contains(m.Name)).ToDictionaryAsync(m => m.Name, cancellationToken);
        return [.. names.Select(name => published.GetValueOrDefault(name) ?? new ServedModel { Name = name })];
    }
}
