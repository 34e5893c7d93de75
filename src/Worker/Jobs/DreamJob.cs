using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Archive;
using DreamBot.Worker.Diffusion;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Upscaling;
using Hangfire.Server;
using Microsoft.ML.OnnxRuntime;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// One queue slot: resume the generation this job had claimed, or claim the fairest queued one; render it; post the
/// result; record the outcome. Every status change is a guarded transition (<see cref="GenerationTransitions"/>) and
/// only its winner acts: a job that loses Running -> Posting to a cancellation posts nothing; a retried job never posts twice.
/// </summary>
public sealed partial class DreamJob(
    DreamBotDb db,
    IImageRenderer renderer,
    ImageUpscaling upscaling,
    UpscalerCatalog upscalers,
    ResultPoster poster,
    ResultArchiver archiver,
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
            // The watcher saw the row cancelled by the user or a moderator, who already refunded it.
            await NotifyAsync(generation, "Cancelled.");
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
            // Only a job still rendering fails: once posting has begun the result is the user's, and the retry or the
            // sweeper records it.
            if (await db.TryFailAsync(generation.Id, GenerationStatus.Running, Describe(ex), time.GetUtcNow()))
                await NotifyAsync(generation, $"Sorry, this one failed: {UserReason(ex)} Your units were refunded.");
        }
    }

    private async Task<Generation?> ResumeOrClaimAsync(long slotGenerationId, string jobId, CancellationToken cancellationToken)
    {
        var resumed = await db.Generations
            .Where(g => g.JobId == jobId && (g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting))
            .OrderBy(g => g.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (resumed is not null)
        {
            // Another worker claimed it and died or stopped; the record names the worker that finishes it.
            if (resumed.Worker != worker.Name)
            {
                resumed.Worker = worker.Name;
                await db.SaveChangesAsync(cancellationToken);
            }
            if (resumed is { Status: GenerationStatus.Posting, ResultMessageId: not null })
            {
                // The result is out; only the final save was lost.
                await db.TrySucceedAsync(resumed.Id, resumed.FlaggedImages, time.GetUtcNow());
                return null;
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
        // EF writes only that column, so no status change is overwritten.
        var sampler = generation.Parameters.IsUpscale ? generation.Parameters.Sampler : renderer.SamplerFor(generation.Parameters.Model, generation.Parameters.Sampler);
        if (sampler != generation.Parameters.Sampler)
        {
            generation.Parameters = generation.Parameters with { Sampler = sampler };
            await db.SaveChangesAsync(cancellationToken);
        }
        var parameters = generation.Parameters;
        var initImage = parameters.InitImage is { } url ? await downloads.DownloadAsync(url, cancellationToken) : null;

        var progress = new ProgressReporter(discord, generation, settings.PostPreviews, time, _logger);
        var started = time.GetTimestamp();
        var result = parameters.IsUpscale
            ? await upscaling.RenderAsync(parameters, initImage ?? throw new ArgumentException("an upscale needs an image."), renderCancellation)
            : await renderer.GenerateAsync(parameters.Model, parameters, initImage, progress.Report, renderCancellation);
        var renderTime = time.GetElapsedTime(started);
        await progress.DrainAsync();

        // A resumed job already holds the right to post; otherwise a cancellation that got there first wins.
        if (generation.Status != GenerationStatus.Posting && !await db.TryStartPostingAsync(generation.Id, cancellationToken))
        {
            LogLostToCancellation(_logger, generation.Id);
            await NotifyAsync(generation, "Cancelled.");
            return;
        }
        generation.FlaggedImages = result.Images.Count(i => i.Flagged == true);
        var queueWait = (generation.StartedAt ?? generation.QueuedAt) - generation.QueuedAt;
        var (payload, files) = ResultMessage.Build(generation, renderer.NameOf(parameters.Model), result, settings, queueWait, renderTime, upscalers.Served);
        (payload, files) = UploadFit.Apply(payload, files, DiscordLimits.DefaultUploadBytes);
        await poster.PostAsync(db, generation, payload, files, cancellationToken);
        await archiver.ArchiveAsync(generation, result, settings, cancellationToken);

        await db.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
        LogSucceeded(_logger, generation.Id, renderTime.TotalSeconds, progress.EditsSent);
    }

    /// <summary>Tells the user how it ended; the outcome is already recorded, so this is best effort and ignores shutdown.</summary>
    private async Task NotifyAsync(Generation generation, string message)
    {
        try
        {
            await poster.NotifyAsync(generation, message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotifyFailed(_logger, ex, generation.Id);
        }
    }

    // Out of memory or a runtime failure would repeat on a retry of the same request; the process itself is healthy.
    private static bool IsPermanent(Exception ex) =>
        ex is InvalidImageException or ArgumentException or ModelFolderException or OutOfMemoryException or OnnxRuntimeException;

    private static string UserReason(Exception ex) => ex switch
    {
        InvalidImageException image => image.Message,
        ArgumentException argument => argument.Message,
        OutOfMemoryException => "the worker ran out of memory for this request. Try a smaller size or fewer images.",
        OnnxRuntimeException => "the model failed while rendering this request. Try again, or with a smaller size.",
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} was cancelled before its result was posted; not posting")]
    private static partial void LogLostToCancellation(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about generation {GenerationId}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, long generationId);
}
