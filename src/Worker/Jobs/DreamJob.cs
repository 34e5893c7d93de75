using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Diffusion;
using DreamBot.Worker.Imaging;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// One queue slot: resume the generation this job had claimed, or claim the fairest queued one; render it; post the
/// result; record the outcome. Reentrant: every side effect checks state first, so a retried job never posts twice.
/// </summary>
public sealed partial class DreamJob(
    DreamBotDb db,
    IImageRenderer renderer,
    ResultPoster poster,
    DiscordRestClient discord,
    InitImageDownloader downloads,
    GenerationWatcher watcher,
    WorkerIdentity worker,
    TimeProvider time,
    ILoggerFactory loggers) : IDreamJob
{
    private const int MaxAttempts = 3;
    private readonly ILogger _logger = loggers.CreateLogger<DreamJob>();

    public async Task RunAsync(long generationId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? $"direct-{generationId}";
        if (await ResumeOrClaimAsync(generationId, jobId, cancellationToken) is not { } generation)
            return;

        var attempt = context?.GetJobParameter<int>("RetryCount") ?? 0;
        LogStarted(_logger, generation.Id, jobId, attempt);
        using var userCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using (watcher.CancelWhenCancelled(generation.Id, userCancel))
                await RenderAndPostAsync(generation, userCancel.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (userCancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The watcher saw the row cancelled by the user or a moderator (who already refunded it).
            await FinishAsync(generation, GenerationStatus.Cancelled, "Cancelled.", error: null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the generation stays claimed by this job, which Hangfire re-queues and resumes.
            LogInterrupted(_logger, generation.Id);
            throw;
        }
        catch (Exception ex) when (IsPermanent(ex) || attempt + 1 >= MaxAttempts)
        {
            LogFailed(_logger, ex, generation.Id);
            await FinishAsync(generation, GenerationStatus.Failed, $"Sorry, this one failed: {UserReason(ex)} Your units were refunded.", Describe(ex));
        }
    }

    private async Task<Generation?> ResumeOrClaimAsync(long slotGenerationId, string jobId, CancellationToken cancellationToken)
    {
        var resumed = await db.Generations.SingleOrDefaultAsync(g => g.JobId == jobId && g.Status == GenerationStatus.Running, cancellationToken);
        if (resumed is not null)
        {
            // Another worker claimed it and died or stopped; the record names the worker that finishes it.
            if (resumed.Worker != worker.Name)
            {
                resumed.Worker = worker.Name;
                await db.SaveChangesAsync(cancellationToken);
            }
            return resumed;
        }
        // The slot serves the queue of the model its generation asked for, and claims only that model's requests.
        var model = await db.Generations.Where(g => g.Id == slotGenerationId).Select(g => g.Parameters.Model).SingleOrDefaultAsync(cancellationToken) ?? "";
        var claimed = await db.ClaimNextAsync(model, worker.Name, jobId, time.GetUtcNow(), cancellationToken);
        return claimed is { } id ? await db.Generations.SingleAsync(g => g.Id == id, cancellationToken) : null;
    }

    private async Task RenderAndPostAsync(Generation generation, CancellationToken renderCancellation, CancellationToken cancellationToken)
    {
        var settings = generation.GuildId is { } guildId
            ? await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == guildId, cancellationToken)
            : null;
        settings ??= new GuildSettings();
        // The row records the sampler that runs, so the result, its PNG and its buttons name it.
        generation.Parameters = generation.Parameters with { Sampler = renderer.SamplerFor(generation.Parameters.Model, generation.Parameters.Sampler) };
        var parameters = generation.Parameters;
        var initImage = parameters.InitImage is { } url ? await downloads.DownloadAsync(url, cancellationToken) : null;

        var progress = new ProgressReporter(discord, generation, settings.PostPreviews, time, _logger);
        var started = time.GetTimestamp();
        var result = await renderer.GenerateAsync(parameters.Model, parameters, initImage, progress.Report, renderCancellation);
        var renderTime = time.GetElapsedTime(started);
        await progress.DrainAsync();

        generation.FlaggedImages = result.Images.Count(i => i.Flagged == true);
        var queueWait = (generation.StartedAt ?? generation.QueuedAt) - generation.QueuedAt;
        var (payload, files) = ResultMessage.Build(generation, renderer.NameOf(parameters.Model), result, settings, queueWait, renderTime);
        await poster.PostAsync(db, generation, payload, files, cancellationToken);

        generation.Status = GenerationStatus.Succeeded;
        generation.FinishedAt = time.GetUtcNow();
        generation.Error = null;
        await db.SaveChangesAsync(CancellationToken.None);
        LogSucceeded(_logger, generation.Id, renderTime.TotalSeconds, progress.EditsSent);
    }

    /// <summary>Records a failure or cancellation, refunds the units and tells the user; none of it may be skipped by a cancelled token.</summary>
    private async Task FinishAsync(Generation generation, GenerationStatus status, string message, string? error)
    {
        await db.Generations.Where(g => g.Id == generation.Id).ExecuteUpdateAsync(set => set
            .SetProperty(g => g.Status, status)
            .SetProperty(g => g.FinishedAt, time.GetUtcNow())
            .SetProperty(g => g.Refunded, true)
            .SetProperty(g => g.Error, error));
        try
        {
            await poster.NotifyAsync(generation, message, CancellationToken.None);
        }
// The outcome is recorded; telling the user is best effort.
        catch (Exception ex)
        {
            LogNotifyFailed(_logger, ex, generation.Id);
        }
    }

    private static bool IsPermanent(Exception ex) => ex is InvalidImageException or ArgumentException or ModelFolderException;

    private static string UserReason(Exception ex) => ex switch
    {
        InvalidImageException image => image.Message,
        ArgumentException argument => argument.Message,
        _ => "the worker hit an error while rendering.",
    };

    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} started by job {JobId} (retry {Attempt})")]
    private static partial void LogStarted(ILogger logger, long generationId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} succeeded in {Seconds:0.00} s with {Edits} progress edits")]
    private static partial void LogSucceeded(ILogger logger, long generationId, double seconds, int edits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} interrupted by shutdown; it will resume")]
    private static partial void LogInterrupted(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation {GenerationId} failed permanently")]
    private static partial void LogFailed(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about generation {GenerationId}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, long generationId);
}
