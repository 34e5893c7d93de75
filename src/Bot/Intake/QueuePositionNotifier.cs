using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Interactions;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Queue;
using DreamBot.Bot.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Intake;

/// <summary>
/// Keeps each waiting request's "Queued — position N" message current as the queue moves. Only changed positions are
/// edited, at most once per <see cref="Interval"/>, and only while the interaction token still works; once a worker
/// starts a generation it takes over the message with render progress.
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
        var ids = order.Select(o => o.Id).ToList();
        var tokens = await db.Generations.AsNoTracking()
            .Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.InteractionId, g.InteractionToken, g.QueuedAt, g.AwaitingAcknowledgement })
            .ToDictionaryAsync(g => g.Id, cancellationToken);

        foreach (var key in _shown.Keys.Where(id => !tokens.ContainsKey(id)).ToList())
            _shown.Remove(key);

        var now = time.GetUtcNow();
        foreach (var (id, position) in order)
        {
            if (_shown.TryGetValue(id, out var shown) && shown == position)
                continue;
            var generation = tokens[id];
            // Its reply may not be out yet; and one accepted moments ago still shows the position its reply gave it.
            if (generation.AwaitingAcknowledgement || (!_shown.ContainsKey(id) && now - generation.QueuedAt < Interval))
                continue;
            _shown[id] = position;
            if (!InteractionToken.IsUsable(InteractionToken.CreatedAt(generation.InteractionId), now))
                continue;
            var wait = await waits.EstimateAsync(db, (int)position, cancellationToken);
            var text = QueueText.Queued(position, wait);
            await discord.EditOriginalResponseAsync(generation.InteractionToken,
                new MessagePayload { Content = text, AllowedMentions = AllowedMentions.None }, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update queue positions")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
