using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Waiting;

/// <summary>
/// Keeps each waiting request's "Queued — position N" message current as the queue moves. Each tick reads the first
/// <see cref="Watched"/> of each model's order (an index seek per waiting guild, whatever the backlog) and edits only
/// positions that changed enough to matter (<see cref="Worth"/>), nearest first and at most <see cref="MaxEdits"/> per
/// tick, so the edits stay far inside Discord's rate limits and leave the REST client to replies and results. It
/// takes no lock a claim waits for. Once a worker starts a generation it takes over the message with render progress.
/// </summary>
public sealed partial class QueuePositionNotifier(
    IDbContextFactory<DreamBotDb> contexts,
    DiscordRestClient discord,
    WaitEstimator waits,
    TimeProvider time,
    ILogger<QueuePositionNotifier> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const int Watched = 100;
    private const int MaxEdits = 25;

    private readonly Dictionary<long, long> _shown = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await UpdateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Position updates are a courtesy; the next tick tries again.
                LogFailed(logger, ex);
            }
        }
    }

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Each model has its own queue, so its own positions.
        var order = new List<FairQueue.Ranked>();
        foreach (var model in await db.WaitingModelsAsync(cancellationToken))
            order.AddRange(await db.OrderAsync(model, Watched, cancellationToken));
        order.Sort((a, b) => a.Position.CompareTo(b.Position));
        var ids = order.Select(o => o.Id).ToList();
        var tokens = await db.Generations.AsNoTracking()
            .Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.InteractionId, g.InteractionToken, g.QueuedAt, g.AwaitingAcknowledgement })
            .ToDictionaryAsync(g => g.Id, cancellationToken);

        foreach (var key in _shown.Keys.Where(id => !tokens.ContainsKey(id)).ToList())
            _shown.Remove(key);

        var now = time.GetUtcNow();
        var edits = 0;
        foreach (var (id, position) in order)
        {
            if (edits == MaxEdits)
                break;
            if (_shown.TryGetValue(id, out var shown) && !Worth(shown, position))
                continue;
            var generation = tokens[id];
            // Its reply may not be out yet; and one accepted moments ago still shows the position its reply gave it.
            if (generation.AwaitingAcknowledgement || (!_shown.ContainsKey(id) && now - generation.QueuedAt < Interval))
                continue;
            _shown[id] = position;
            if (!InteractionToken.IsUsable(InteractionToken.CreatedAt(generation.InteractionId), now))
                continue;
            edits++;
            var wait = await waits.EstimateAsync(db, (int)position, cancellationToken);
            var text = QueueText.Queued(position, wait);
            await discord.EditOriginalResponseAsync(generation.InteractionToken,
                new MessagePayload { Content = text, AllowedMentions = AllowedMentions.None }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Near the front every step is news; further back, a tenth of the way or more.</summary>
    public static bool Worth(long shown, long position) =>
        position != shown && (position <= 10 || Math.Abs(position - shown) >= Math.Max(1, shown / 10));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update queue positions")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
