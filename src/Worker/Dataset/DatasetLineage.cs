using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// Whether every result a result derives from (its parent, the parent's parent…) is still eligible: an Upscale or a
/// Vary of someone's image carries their prompt and often their pixels, so their opt-out, ban or Delete follows it.
/// Known answers are kept for the export, as siblings share their ancestors.
/// </summary>
public sealed class DatasetLineage(DreamBotDb db)
{
    // A result's id -> whether it and all its ancestors are eligible.
    private readonly Dictionary<long, bool> _eligible = [];

    public async Task<bool> AncestorsEligibleAsync(long? parentId, CancellationToken cancellationToken)
    {
        var chain = new List<long>();
        var eligible = true;
        for (var id = parentId; id is { } current;)
        {
            if (_eligible.TryGetValue(current, out var known))
            {
                eligible = known;
                break;
            }
            chain.Add(current);
            var parent = await db.EligibleForDataset().AsNoTracking().Where(g => g.Id == current)
                .Select(g => new { g.ParentGenerationId }).SingleOrDefaultAsync(cancellationToken);
            if (parent is null)
            {
                eligible = false;
                break;
            }
            id = parent.ParentGenerationId;
        }
        foreach (var id in chain)
            _eligible[id] = eligible;
        return eligible;
    }
}
