using System.Globalization;
using System.Text;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// The server's best-rated images of the last 30 days for /stats: mean score from other users than the requester (a
/// requester's own score is kinder), ties broken by more ratings, deleted results left out.
/// </summary>
public static class TopRatedImages
{
    public const int Shown = 5;
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>One image and its score; <see cref="Image"/> counts from 1.</summary>
    public sealed record Entry(long GenerationId, int Image, long ChannelId, long? MessageId, double Mean, int Ratings);

    public static async Task<IReadOnlyList<Entry>> ListAsync(DreamBotDb db, long guildId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = now - Window;
        var rows = await (
                from r in db.Counted()
                join g in db.Generations on r.GenerationId equals g.Id
                where r.GuildId == guildId && g.GuildId == guildId && g.DeletedAt == null && g.QueuedAt >= since
                group r by new { g.Id, r.ImageSeed, BatchSeed = g.Parameters.Seed, g.ChannelId, g.ResultMessageId } into image
                select new { image.Key, Mean = image.Average(r => (double)r.Score), Ratings = image.Count() })
            .OrderByDescending(i => i.Mean).ThenByDescending(i => i.Ratings).ThenBy(i => i.Key.Id).ThenBy(i => i.Key.ImageSeed)
            .Take(Shown)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(i => new Entry(i.Key.Id, (int)(i.Key.ImageSeed - i.Key.BatchSeed) + 1, i.Key.ChannelId, i.Key.ResultMessageId, i.Mean, i.Ratings))];
    }

    /// <summary>One line for /stats, each image linked to its message; empty when nothing was rated.</summary>
    public static string Describe(long guildId, IReadOnlyList<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            return "";
        var c = CultureInfo.InvariantCulture;
        return new StringBuilder("**Top rated (30 days):** ").AppendJoin(", ", entries.Select(e =>
        {
            var image = string.Create(c, $"image {e.Image} of generation {e.GenerationId}");
            var linked = e.MessageId is { } message ? string.Create(c, $"[{image}](https://discord.com/channels/{guildId}/{e.ChannelId}/{message})") : image;
            return string.Create(c, $"{linked} {e.Mean:0.#}/10 ({e.Ratings})");
        })).ToString();
    }
}
