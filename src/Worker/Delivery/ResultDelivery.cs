using DreamBot.Worker.Diffusion.Pipeline;
using System.Runtime.ExceptionServices;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Archive;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Delivery;

/// <summary>
/// Everything a result meets on its way to Discord: progress while it renders, then its message, the upload, the post,
/// the archive and the record of its success. Each post is its own guarded transition and uses a context of its own,
/// for guarded updates only, so one result that fails to post leaves the others of its batch alone.
/// </summary>
public sealed partial class ResultDelivery(
    IDbContextFactory<DreamBotDb> contexts,
    ResultMessages messages,
    ResultPoster poster,
    ResultArchiver archiver,
    DiscordRestClient discord,
    TimeProvider time,
    ILogger<ResultDelivery> logger)
{
    /// <summary>Reads each guild's settings once for the batch and starts each generation's progress reporter.</summary>
    public async Task<IReadOnlyList<PendingResult>> PrepareAsync(IReadOnlyList<Generation> generations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var guilds = new Dictionary<long, GuildSettings>();
        var pending = new List<PendingResult>();
        foreach (var generation in generations)
        {
            var settings = new GuildSettings();
            if (generation.GuildId is { } guildId && !guilds.TryGetValue(guildId, out settings!))
                settings = guilds[guildId] =
                    await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == guildId, cancellationToken) ?? new GuildSettings();
            pending.Add(new PendingResult(generation, settings, new ProgressReporter(discord, generation, settings.PostPreviews, time, logger)));
        }
        return pending;
    }

    /// <summary>Posts each result side by side; a failure is thrown once the others have had their chance, and the job retries.</summary>
    public async Task PostAllAsync(IReadOnlyList<PendingResult> pending, IReadOnlyList<GenerationResult> results, TimeSpan renderTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Count == 1)
        {
            await PostAsync(pending[0], results[0], renderTime, cancellationToken);
            return;
        }
        var failures = await Task.WhenAll(pending.Zip(results).Select(async pair =>
        {
            try
            {
                await PostAsync(pair.First, pair.Second, renderTime, cancellationToken);
                return null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogPostFailed(logger, ex, pair.First.Generation.Id);
                return ExceptionDispatchInfo.Capture(ex);
            }
        }));
        failures.FirstOrDefault(f => f is not null)?.Throw();
    }

    /// <summary>Tells the user how it ended; the outcome is already recorded, so this is best effort and ignores shutdown.</summary>
    public async Task NotifyAsync(Generation generation, string message)
    {
        ArgumentNullException.ThrowIfNull(generation);
        try
        {
            await poster.NotifyAsync(generation, message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotifyFailed(logger, ex, generation.Id);
        }
    }

    private async Task PostAsync(PendingResult pending, GenerationResult result, TimeSpan renderTime, CancellationToken cancellationToken)
    {
        var generation = pending.Generation;
        await pending.Progress.DrainAsync();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // A resumed job already holds the right to post; otherwise a cancellation that got there first wins.
        if (generation.Status != GenerationStatus.Posting && !await context.TryStartPostingAsync(generation.Id, cancellationToken))
        {
            LogLostToCancellation(logger, generation.Id);
            await NotifyAsync(generation, "Cancelled.");
            return;
        }
        generation.FlaggedImages = result.Images.Count(i => i.Flagged == true);
        var (payload, files) = messages.Build(generation, result, pending.Settings, renderTime);
        await poster.PostAsync(context, generation, payload, files, cancellationToken);
        await archiver.ArchiveAsync(generation, result, pending.Settings, cancellationToken);

        await context.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
        LogSucceeded(logger, generation.Id, renderTime.TotalSeconds, pending.Progress.EditsSent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} succeeded in {Seconds:0.00} s with {Edits} progress edits")]
    private static partial void LogSucceeded(ILogger logger, long generationId, double seconds, int edits);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} was cancelled before its result was posted; not posting")]
    private static partial void LogLostToCancellation(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} could not be posted; the others of its batch go on and the job is retried")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about generation {GenerationId}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, long generationId);
}
