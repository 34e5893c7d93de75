using System.Runtime.CompilerServices;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using DreamBot.Shared.Text;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// Reads the export's rows in a stable order (generation id, then image index), a page of generations at a time by
/// keyset, so memory holds one page whatever the database's size. Results whose prompt hits a word their guild blocks
/// are left out, as the eligibility query cannot match words. Counts what it leaves out for the card.
/// </summary>
public sealed class DatasetRows(DreamBotDb db, ImageArchive archive, DatasetPseudonyms pseudonyms, DatasetFilter filter)
{
    public const int PageSize = 500;

    /// <summary>Images of eligible results with no file in the archive (never archived, or past retention).</summary>
    public int MissingImages { get; private set; }

    /// <summary>Eligible results whose prompt or negative prompt hits a word their guild blocks now.</summary>
    public int BlockedResults { get; private set; }

    /// <summary>Images an administrator removed from the dataset in the gallery.</summary>
    public int RemovedImages { get; private set; }

    private readonly DatasetLineage _lineage = new(db);

    // A guild's blocked terms, read once per export.
    private readonly Dictionary<long, List<(string Term, string NormalizedTerm)>> _blockedTerms = [];

    public async IAsyncEnumerable<DatasetRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await Page(after).ToListAsync(cancellationToken);
            if (page.Count == 0)
                yield break;
            after = page[^1].Id;
            var ids = page.Select(g => g.Id).ToList();
            var images = (await db.ArchivedImages.AsNoTracking().Where(a => ids.Contains(a.GenerationId)).ToListAsync(cancellationToken))
                .ToLookup(a => a.GenerationId);
            var ratings = (await Ratings(ids).ToListAsync(cancellationToken)).ToLookup(r => (r.GenerationId, r.ImageSeed), r => r.Score);
            foreach (var generation in page)
            {
                if (BlockedTermMatch.Find(await BlockedTermsAsync(generation.GuildId, cancellationToken), [generation.Prompt, generation.NegativePrompt]) is not null)
                {
                    BlockedResults++;
                    continue;
                }
                if (!await _lineage.AncestorsEligibleAsync(generation.ParentId, cancellationToken))
                    continue;
                var archived = images[generation.Id].OrderBy(a => a.ImageIndex).ToList();
                MissingImages += Math.Max(0, generation.Count - archived.Count);
                foreach (var image in archived)
                {
                    if (image.DatasetRemovedAt is not null)
                    {
                        RemovedImages++;
                        continue;
                    }
                    var scores = ratings[(generation.Id, image.Seed)].ToList();
                    if ((image.Flagged == true && !filter.IncludeNsfw) || scores.Count < filter.MinRatings)
                        continue;
                    if (await archive.ReadAsync(image.Sha256, cancellationToken) is not { } png)
                    {
                        MissingImages++;
                        continue;
                    }
                    yield return new DatasetRow(image.Sha256, png, generation.Prompt, generation.NegativePrompt, image.Seed, generation.Steps,
                        generation.Guidance, generation.Sampler, generation.Width, generation.Height, generation.Model, ModelRevision: null,
                        DateOnly.FromDateTime(generation.QueuedAt.UtcDateTime), scores, image.Flagged == true,
                        pseudonyms.User(generation.GuildId, generation.UserId), pseudonyms.Guild(generation.GuildId), DatasetLicences.SpdxId(generation.Licence), image.ImageIndex);
                }
            }
        }
    }

    private IQueryable<Candidate> Page(long after)
    {
        var results = db.EligibleForDataset().AsNoTracking().Where(g => g.Id > after);
        if (filter.Since is { } since)
        {
            var from = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            results = results.Where(g => g.QueuedAt >= from);
        }
        if (filter.Until is { } until)
        {
            var before = new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            results = results.Where(g => g.QueuedAt < before);
        }
        if (filter.GuildId is { } guildId)
            results = results.Where(g => g.GuildId == guildId);
        return results.OrderBy(g => g.Id).Take(PageSize).Select(g => new Candidate(
            g.Id, g.ParentGenerationId, g.UserId, g.GuildId!.Value, g.QueuedAt, g.Parameters.Prompt, g.Parameters.NegativePrompt, g.Parameters.Steps, g.Parameters.Guidance,
            g.Parameters.Sampler, g.Parameters.Width, g.Parameters.Height, g.Parameters.Model, g.Parameters.Count,
            db.GuildSettings.Where(s => s.GuildId == g.GuildId).Select(s => s.DatasetLicence).Single()));
    }

    private async Task<List<(string Term, string NormalizedTerm)>> BlockedTermsAsync(long guildId, CancellationToken cancellationToken)
    {
        if (!_blockedTerms.TryGetValue(guildId, out var terms))
            _blockedTerms[guildId] = terms = await BlockedTermMatch.TermsAsync(db, guildId, cancellationToken);
        return terms;
    }

    /// <summary>Ratings that count, only from users who have not opted out and are not banned where they rated.</summary>
    private IQueryable<Rating> Ratings(List<long> generationIds) =>
        db.Counted().AsNoTracking()
            .Where(r => generationIds.Contains(r.GenerationId)
                && !db.UserPreferences.Any(p => p.UserId == r.UserId && p.DatasetOptedOutAt != null)
                && !db.Bans.Any(b => b.GuildId == r.GuildId && b.UserId == r.UserId))
            .OrderBy(r => r.Id);

    private sealed record Candidate(
        long Id, long? ParentId, long UserId, long GuildId, DateTimeOffset QueuedAt, string Prompt, string NegativePrompt, int Steps, double Guidance,
        string Sampler, int Width, int Height, string Model, int Count, string Licence);
}
