using System.Runtime.ExceptionServices;
using DreamBot.Shared.Configuration;
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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// One queue slot: resume the generations this job had claimed, or claim the fairest queued one, with the next
/// fairest that render in one batch with it (up to <see cref="QueueOptions.MaxBatch"/>); render them; post each
/// result; record each outcome; and claim again while requests remain (see <see cref="DreamSlots"/>). Every status
/// change is a guarded transition (<see cref="GenerationTransitions"/>) and only its winner acts: a generation that
/// loses Running -> Posting to a cancellation posts nothing; a retried job never posts twice. The generations of a
/// batch share the render and nothing else: each is cancelled, posted and recorded on its own.
/// </summary>
public sealed partial class DreamJob(
    DreamBotDb db,
    IDbContextFactory<DreamBotDb> contexts,
    IImageRenderer renderer,
    ImageUpscaling upscaling,
    UpscalerCatalog upscalers,
    ResultPoster poster,
    ResultArchiver archiver,
    DiscordRestClient discord,
    InitImageDownloader downloads,
    GenerationWatcher watcher,
    DreamSlots slots,
    WorkerIdentity worker,
    IOptions<QueueOptions> queue,
    TimeProvider time,
    ILoggerFactory loggers) : IDreamJob
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// How many batches one slot claims in a row before it ends and leaves the rest to the slot waiting behind it, so a
    /// long backlog is served by a succession of jobs whose scopes (the database context) and Hangfire records stay small.
    /// </summary>
    private const int MaxBatchesPerSlot = 64;
    private readonly ILogger _logger = loggers.CreateLogger<DreamJob>();

    public async Task RunAsync(long generationId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? $"direct-{generationId}";
        var attempt = context?.GetJobParameter<int>("RetryCount") ?? 0;
        // The slot serves the queue of the model its generation asked for, and claims only that model's requests.
        var model = await db.Generations.Where(g => g.Id == generationId).Select(g => g.Parameters.Model).SingleOrDefaultAsync(cancellationToken) ?? "";
        // While this job waited to run again, requests released meanwhile counted on it as the waiting slot: after
        // finishing what it held it claims, or makes sure another slot waits.
        if (await ResumeAsync(jobId, cancellationToken) is { Count: > 0 } resumed
            && await RunBatchAsync(resumed, jobId, attempt, cancellationToken) != BatchOutcome.Finished)
        {
            await slots.EnsureWaitingAsync(generationId, model, cancellationToken);
            return;
        }
        // A retried job claims one batch and leaves the rest to fresh slots, which get every retry again.
        for (var batches = 0; batches < MaxBatchesPerSlot && !cancellationToken.IsCancellationRequested; batches++)
        {
            var (claimed, moreWaiting) = await ClaimAsync(model, jobId, cancellationToken);
            if (claimed.Count == 0)
                return;
            if (moreWaiting)
                await slots.EnsureWaitingAsync(generationId, model, cancellationToken);
            if (await RunBatchAsync(claimed, jobId, attempt, cancellationToken) != BatchOutcome.Finished || attempt > 0)
                return;
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Renders and posts one claimed batch; says whether every generation in it reached its end here. A batch whose
    /// shared render failed for good is rendered again one generation at a time, so one request cannot fail the others.
    /// </summary>
    private async Task<BatchOutcome> RunBatchAsync(List<Generation> batch, string jobId, int attempt, CancellationToken cancellationToken)
    {
        var outcome = await RunTogetherAsync(batch, jobId, attempt, cancellationToken);
        if (outcome != BatchOutcome.FailedTogether)
            return outcome;
        // Only those still rendering: a member whose post began is the result's already.
        var ids = batch.Select(g => g.Id).ToList();
        var rendering = await db.Generations.AsNoTracking().Where(g => ids.Contains(g.Id) && g.Status == GenerationStatus.Running)
            .Select(g => g.Id).ToListAsync(cancellationToken);
        outcome = BatchOutcome.Finished;
        foreach (var generation in batch.Where(g => rendering.Contains(g.Id)))
        {
            if (await RunTogetherAsync([generation], jobId, attempt, cancellationToken) != BatchOutcome.Finished)
                outcome = BatchOutcome.Failed;
        }
        return outcome;
    }

    private async Task<BatchOutcome> RunTogetherAsync(List<Generation> batch, string jobId, int attempt, CancellationToken cancellationToken)
    {
        foreach (var generation in batch)
            LogStarted(_logger, generation.Id, jobId, attempt, batch.Count);
        var members = batch.Select(g => new Member(g, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))).ToList();
        // The render stops only when every generation in it was cancelled; the others still want their images.
        using var renderCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watches = members.Select(m => watcher.CancelWhenCancelled(m.Generation.Id, m.Cancel)).ToList();
        var registrations = members.Select(m => m.Cancel.Token.Register(() =>
        {
            if (members.All(other => other.Cancel.IsCancellationRequested))
                renderCancel.Cancel();
        })).ToList();
        try
        {
            await RenderAndPostAsync(members, renderCancel.Token, cancellationToken);
            return BatchOutcome.Finished;
        }
        catch (OperationCanceledException) when (renderCancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The watchers saw every row cancelled by its user or a moderator, who already refunded it.
            foreach (var member in members)
                await NotifyAsync(member.Generation, "Cancelled.");
            return BatchOutcome.Finished;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the generations stay claimed by this job, which Hangfire re-queues and resumes.
            foreach (var member in members)
                LogInterrupted(_logger, member.Generation.Id);
            throw;
        }
        catch (Exception ex) when (members.Count > 1 && (IsPermanent(ex) || attempt + 1 >= MaxAttempts))
        {
            LogBatchFailed(_logger, ex, members.Count);
            return BatchOutcome.FailedTogether;
        }
        catch (Exception ex) when (IsPermanent(ex) || attempt + 1 >= MaxAttempts)
        {
            foreach (var member in members)
            {
                LogFailed(_logger, ex, member.Generation.Id);
                // Only a generation still rendering fails: once posting has begun the result is the user's, and the
                // sweeper records it once this job has ended.
                if (await db.TryFailAsync(member.Generation.Id, GenerationStatus.Running, Describe(ex), time.GetUtcNow()))
                    await NotifyAsync(member.Generation, $"Sorry, this one failed: {UserReason(ex)} Your units were refunded.");
            }
            return BatchOutcome.Failed;
        }
        finally
        {
            foreach (var registration in registrations)
                registration.Dispose();
            foreach (var watch in watches)
                watch.Dispose();
            foreach (var member in members)
                member.Cancel.Dispose();
        }
    }

    /// <summary>
    /// The generations this job had claimed when it was interrupted, unless their results are out.
    /// </summary>
    private async Task<List<Generation>> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        var resumed = await db.Generations
            .Where(g => g.JobId == jobId && (g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting))
            .OrderBy(g => g.Id)
            .ToListAsync(cancellationToken);
        if (resumed.Count == 0)
            return resumed;
        // Another worker claimed them and died or stopped; the record names the worker that finishes them.
        foreach (var generation in resumed)
            generation.Worker = worker.Name;
        await db.SaveChangesAsync(cancellationToken);
        var unfinished = new List<Generation>();
        foreach (var generation in resumed)
        {
            // A result that is out lost only its final save.
            if (generation is { Status: GenerationStatus.Posting, ResultMessageId: not null })
                await db.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
            else
                unfinished.Add(generation);
        }
        return unfinished;
    }

    private async Task<(List<Generation> Claimed, bool MoreWaiting)> ClaimAsync(string model, string jobId, CancellationToken cancellationToken)
    {
        var maxBatch = renderer.Batches(model) ? queue.Value.MaxBatch : 1;
        var claim = await db.ClaimBatchAsync(model, worker.Name, jobId, time, maxBatch, cancellationToken);
        var claimed = await db.Generations.Where(g => claim.Ids.Contains(g.Id)).OrderBy(g => g.Id).ToListAsync(cancellationToken);
        return (claimed, claim.MoreWaiting);
    }

    private async Task RenderAndPostAsync(List<Member> members, CancellationToken renderCancellation, CancellationToken cancellationToken)
    {
        // A batch's members mostly share a guild; its settings are read once.
        var settings = new Dictionary<long, GuildSettings>();
        foreach (var member in members)
            await PrepareAsync(member, settings, cancellationToken);
        var first = members[0].Generation.Parameters;
        var initImage = first.InitImage is { } url ? await downloads.DownloadAsync(url, cancellationToken) : null;
        var mask = first.Mask is { } maskUrl ? await downloads.DownloadAsync(maskUrl, cancellationToken) : null;

        var started = time.GetTimestamp();
        var results = members.Count > 1
            ? await renderer.GenerateBatchAsync(first.Model, [.. members.Select(m => m.Generation.Parameters)],
                [.. members.Select(m => (Action<GenerationProgress>)m.Progress!.Report)], renderCancellation)
            : [first.IsCreativeUpscale
                ? await renderer.GenerateAsync(first.Model, CreativeUpscale.DiffusionOf(first),
                    await upscaling.EnlargeAsync(first, initImage ?? throw new ArgumentException("an upscale needs an image."), renderCancellation),
                    null, members[0].Progress!.Report, renderCancellation)
                : first.IsUpscale
                ? await upscaling.RenderAsync(first, initImage ?? throw new ArgumentException("an upscale needs an image."),
                    await UpscaleSource.FlaggedAsync(db, members[0].Generation, renderCancellation), renderCancellation)
                : await renderer.GenerateAsync(first.Model, first, initImage, mask, members[0].Progress!.Report, renderCancellation)];
        var renderTime = time.GetElapsedTime(started);

        if (members.Count == 1)
        {
            await PostAsync(db, members[0], results[0], renderTime, cancellationToken);
            return;
        }
        // A batch's results are posted side by side, each with a context of its own: one that fails to post leaves
        // the others' posts alone, and is retried with the job.
        var failures = await Task.WhenAll(members.Zip(results).Select(async pair =>
        {
            try
            {
                await using var own = await contexts.CreateDbContextAsync(cancellationToken);
                await PostAsync(own, pair.First, pair.Second, renderTime, cancellationToken);
                return null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogPostFailed(_logger, ex, pair.First.Generation.Id);
                return ExceptionDispatchInfo.Capture(ex);
            }
        }));
        failures.FirstOrDefault(f => f is not null)?.Throw();
    }

    /// <summary>
    /// The row records the sampler that runs, so the result, its PNG and its buttons name it. EF writes only that
    /// column, so no status change is overwritten.
    /// </summary>
    private async Task PrepareAsync(Member member, Dictionary<long, GuildSettings> guilds, CancellationToken cancellationToken)
    {
        var generation = member.Generation;
        if (generation.GuildId is not { } guildId)
            member.Settings = new GuildSettings();
        else if (guilds.TryGetValue(guildId, out var known))
            member.Settings = known;
        else
            member.Settings = guilds[guildId] =
                await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == guildId, cancellationToken) ?? new GuildSettings();
        var sampler = generation.Parameters is { IsUpscale: true, IsCreativeUpscale: false } ? generation.Parameters.Sampler : renderer.SamplerFor(generation.Parameters.Model, generation.Parameters.Sampler);
        if (sampler != generation.Parameters.Sampler)
        {
            generation.Parameters = generation.Parameters with { Sampler = sampler };
            await db.SaveChangesAsync(cancellationToken);
        }
        member.Progress = new ProgressReporter(discord, generation, member.Settings.PostPreviews, time, _logger);
    }

    /// <summary>Posts one result; <paramref name="context"/> is used only for guarded updates, never for tracked changes.</summary>
    private async Task PostAsync(DreamBotDb context, Member member, GenerationResult result, TimeSpan renderTime, CancellationToken cancellationToken)
    {
        var generation = member.Generation;
        await member.Progress!.DrainAsync();
        // A resumed job already holds the right to post; otherwise a cancellation that got there first wins.
        if (generation.Status != GenerationStatus.Posting && !await context.TryStartPostingAsync(generation.Id, cancellationToken))
        {
            LogLostToCancellation(_logger, generation.Id);
            await NotifyAsync(generation, "Cancelled.");
            return;
        }
        generation.FlaggedImages = result.Images.Count(i => i.Flagged == true);
        var queueWait = (generation.StartedAt ?? generation.QueuedAt) - generation.QueuedAt;
        var (payload, files) = ResultMessage.Build(generation, renderer.NameOf(generation.Parameters.Model), result, member.Settings!, queueWait, renderTime, upscalers.Served);
        (payload, files) = UploadFit.Apply(payload, files, DiscordLimits.DefaultUploadBytes);
        await poster.PostAsync(context, generation, payload, files, cancellationToken);
        await archiver.ArchiveAsync(generation, result, member.Settings!, cancellationToken);

        await context.TrySucceedAsync(generation.Id, generation.FlaggedImages, time.GetUtcNow());
        LogSucceeded(_logger, generation.Id, renderTime.TotalSeconds, member.Progress.EditsSent);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} started by job {JobId} (retry {Attempt}, batch of {BatchSize})")]
    private static partial void LogStarted(ILogger logger, long generationId, string jobId, int attempt, int batchSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} succeeded in {Seconds:0.00} s with {Edits} progress edits")]
    private static partial void LogSucceeded(ILogger logger, long generationId, double seconds, int edits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} interrupted by shutdown; it will resume")]
    private static partial void LogInterrupted(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {BatchSize} generations failed together; rendering each alone")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int batchSize);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation {GenerationId} failed permanently")]
    private static partial void LogFailed(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} was cancelled before its result was posted; not posting")]
    private static partial void LogLostToCancellation(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} could not be posted; the others of its batch go on and the job is retried")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about generation {GenerationId}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, long generationId);

    private enum BatchOutcome
    {
        /// <summary>Every generation was posted, or cancelled before its post.</summary>
        Finished,

        /// <summary>The render failed for good; a generation whose posting had begun is left to the sweeper.</summary>
        Failed,

        /// <summary>The shared render of several generations failed for good; each is to be tried alone.</summary>
        FailedTogether,
    }

    /// <summary>One generation of the job's batch, with what it needs of its own.</summary>
    private sealed class Member(Generation generation, CancellationTokenSource cancel)
    {
        public Generation Generation { get; } = generation;

        /// <summary>Cancelled when this generation is, or when the Worker stops.</summary>
        public CancellationTokenSource Cancel { get; } = cancel;

        public GuildSettings? Settings { get; set; }

        public ProgressReporter? Progress { get; set; }
    }
}
