using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// Removes from the archive the images of deleted results and those past retention (rated images are kept longer):
/// their rows, and each file no other row names. A file goes before its rows, under its <see cref="ArchiveFileLock"/>,
/// so no row that a Worker is committing can come to name it meanwhile, and a file that cannot be deleted keeps its
/// rows and is tried again at the next sweep.
/// </summary>
public sealed partial class ArchiveSweeper(DreamBotDb db, IOptions<ArchiveOptions> options, TimeProvider time, ILogger<ArchiveSweeper> logger)
{
    public const string RecurringJobId = "archive-sweeper";
    private const int BatchSize = 500;

    private readonly ArchiveOptions _options = options.Value;

    /// <summary>Returns how many files were deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_options.Archive() is not { } archive)
            return 0;
        var started = time.GetUtcNow();
        var unratedBefore = started.AddDays(-_options.RetentionDays);
        var ratedBefore = started.AddDays(-_options.RatedRetentionDays);
        var ratings = db.Counted();
        var deleted = db.ArchivedImages.Where(a => db.Generations.Any(g => g.Id == a.GenerationId && g.DeletedAt != null));
        var expired = db.ArchivedImages.Where(a => a.ArchivedAt < ratedBefore
            || (a.ArchivedAt < unratedBefore && !ratings.Any(r => r.GenerationId == a.GenerationId && r.ImageSeed == a.Seed)));
        var files = await RemoveAsync(archive, deleted, cancellationToken) + await RemoveAsync(archive, expired, cancellationToken);
        if (files > 0)
            LogSwept(logger, files);
        return files;
    }

    private async Task<int> RemoveAsync(ImageArchive archive, IQueryable<ArchivedImage> rows, CancellationToken cancellationToken)
    {
        var (files, after) = (0, 0L);
        while (true)
        {
            // By key, so rows kept for a file that could not be deleted are not read again until the next sweep.
            var batch = await rows.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(BatchSize)
                .Select(a => new { a.Id, a.Sha256 }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return files;
            after = batch[^1].Id;
            foreach (var file in batch.GroupBy(a => a.Sha256))
                files += await RemoveFileAsync(archive, file.Key, [.. file.Select(a => a.Id)], cancellationToken) ? 1 : 0;
        }
    }

    /// <summary>Removes the rows <paramref name="ids"/> of one file, and the file unless another row names it; says whether the file went.</summary>
    private Task<bool> RemoveFileAsync(ImageArchive archive, string sha256, List<long> ids, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ArchiveFileLock.TakeAsync(db, [sha256], ct);
            var deletedFile = false;
            if (!await db.ArchivedImages.AnyAsync(a => a.Sha256 == sha256 && !ids.Contains(a.Id), ct))
            {
                try
                {
                    deletedFile = archive.Delete(sha256);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogDeleteFailed(logger, ex, sha256);
                    return false;
                }
            }
            await db.ArchivedImages.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return deletedFile;
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive sweep deleted {Files} image files")]
    private static partial void LogSwept(ILogger logger, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete archive file {Sha256}; its rows stay and the next sweep tries again")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string sha256);
}
