using DreamBot.Shared.Data;
using DreamBot.Shared.Archive;
using DreamBot.Worker.Archive;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Maintenance;

/// <summary>
/// Removes from the archive the images of deleted results and those past retention (rated images are kept longer),
/// then each file no row names any more. A file written since the sweep started is left alone: a Worker may have
/// just archived the same bytes again (see <see cref="ResultArchiver"/>, which saves its row before the file).
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
        var files = await RemoveAsync(archive, deleted, started, cancellationToken) + await RemoveAsync(archive, expired, started, cancellationToken);
        if (files > 0)
            LogSwept(logger, files);
        return files;
    }

    private async Task<int> RemoveAsync(ImageArchive archive, IQueryable<ArchivedImage> rows, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var files = 0;
        while (true)
        {
            var batch = await rows.AsNoTracking().OrderBy(a => a.Id).Take(BatchSize).Select(a => new { a.Id, a.Sha256 }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return files;
            var ids = batch.Select(a => a.Id).ToList();
            await db.ArchivedImages.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
            var hashes = batch.Select(a => a.Sha256).Distinct().ToList();
            var stillNamed = await db.ArchivedImages.Where(a => hashes.Contains(a.Sha256)).Select(a => a.Sha256).Distinct().ToListAsync(cancellationToken);
            files += hashes.Except(stillNamed).Count(hash => archive.Delete(hash, started));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive sweep deleted {Files} image files")]
    private static partial void LogSwept(ILogger logger, int files);
}
