using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Delivery;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Archive;

/// <summary>
/// Keeps a posted result's images in the archive, as rendered (PNG), one row each; images the server's safety policy
/// withheld were never shown, so they are not kept. Rows and files go in under each file's
/// <see cref="ArchiveFileLock"/>, committed once the files are in place, so the sweep never removes a file a row names;
/// a retried job adds only what is missing.
/// </summary>
public sealed partial class ResultArchiver(
    IDbContextFactory<DreamBotDb> contexts, IOptions<ArchiveOptions> options, TimeProvider time, ILogger<ResultArchiver> logger)
{
    private readonly ArchiveOptions _options = options.Value;
    private readonly ImageArchive? _archive = options.Value.Archive();

    /// <summary>Archives the images; a failure is logged and leaves the posted result as it is.</summary>
    public async Task ArchiveAsync(Generation generation, GenerationResult result, GuildSettings settings, CancellationToken cancellationToken)
    {
        if (_archive is not { } archive || (_options.Keep == ArchiveKeep.OptedIn && !settings.DatasetOptIn))
            return;
        try
        {
            // A context of its own: the job's context tracks the generation, whose row this must not write.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var present = await db.ArchivedImages.AsNoTracking().Where(a => a.GenerationId == generation.Id).Select(a => a.ImageIndex).ToListAsync(ct);
                var images = result.Images.Select((image, index) => (Image: image, Index: index, Sha256: ImageArchive.HashOf(image.Png)))
                    .Where(i => !present.Contains(i.Index) && !SafetyDisplay.Withheld(generation, i.Image, settings))
                    .ToList();
                await ArchiveFileLock.TakeAsync(db, images.Select(i => i.Sha256), ct);
                var now = time.GetUtcNow();
                db.ArchivedImages.AddRange(images.Select(i => new ArchivedImage
                {
                    GenerationId = generation.Id,
                    ImageIndex = i.Index,
                    Seed = i.Image.Seed,
                    Sha256 = i.Sha256,
                    Bytes = i.Image.Png.Length,
                    Flagged = i.Image.Flagged,
                    ArchivedAt = now,
                }));
                await db.SaveChangesAsync(ct);
                foreach (var image in images)
                    await archive.WriteAsync(image.Sha256, image.Image.Png, ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbUpdateException)
        {
            LogArchiveFailed(logger, ex, generation.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not archive the images of generation {GenerationId}")]
    private static partial void LogArchiveFailed(ILogger logger, Exception exception, long generationId);
}
