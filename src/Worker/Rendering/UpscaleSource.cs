using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Rendering;

/// <summary>
/// What the record of the result an upscale enlarges says of the image: a plain upscale is the same picture, so it is
/// flagged when its source was, whatever the server's safety policy showed in Discord.
/// </summary>
public static class UpscaleSource
{
    public static async Task<bool> FlaggedAsync(DreamBotDb db, Generation upscale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(upscale);
        if (upscale.ParentGenerationId is not { } parentId)
            return false;
        var archived = await db.ArchivedImages.AsNoTracking()
            .Where(a => a.GenerationId == parentId && a.Seed == upscale.Parameters.Seed)
            .Select(a => a.Flagged).ToListAsync(cancellationToken);
        if (archived.Count > 0)
            return archived.Any(flagged => flagged == true);
        // Without the archive the record says only how many of the source's images were flagged, not which.
        return await db.Generations.AnyAsync(g => g.Id == parentId && g.FlaggedImages > 0, cancellationToken);
    }
}
