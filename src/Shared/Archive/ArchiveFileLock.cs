using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Shared.Archive;

/// <summary>
/// A transaction-scoped advisory lock per archive file. The archiver holds it from before a row names the file until
/// that row is committed with the file in place; the sweep holds it while it checks that no row names the file and
/// deletes it. So the sweep never deletes a file that a committed row names, nor one a row is about to name.
/// </summary>
public static class ArchiveFileLock
{
    public static async Task TakeAsync(DreamBotDb db, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // One order everywhere (the subquery's), so two archivers of the same images never wait on each other in a
        // cycle; one round trip for all of them.
        var keys = sha256s.Distinct().Select(sha256 => "dreambot.archive:" + sha256).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest({keys}) k ORDER BY k COLLATE \"C\" OFFSET 0) ordered",
            cancellationToken);
    }
}
