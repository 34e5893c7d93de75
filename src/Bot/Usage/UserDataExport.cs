using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Usage;

/// <summary>
/// /preferences data: what DreamBot holds about the caller — their settings, their requests with every parameter and
/// outcome, and their ratings — as one JSON file in a ZIP, sent privately in place of the command's reply. Interaction
/// tokens are left out: they are DreamBot's credentials, not the user's data.
/// </summary>
public static class UserDataExport
{
    public const string Gathering = "Gathering what DreamBot holds about you; it will appear here, only for you.";
    public const string Ready = "What DreamBot holds about you: your settings, your requests and your ratings. Only you can see this.";
    public const string TooLarge = "What DreamBot holds about you is larger than Discord lets me send here. A bot administrator can export it for you.";
    public const string FileName = "dreambot-data.zip";
    public const string EntryName = "dreambot-data.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Replaces the reply <paramref name="interactionToken"/> answered with the ZIP, with a scope of its own (the command's has ended).</summary>
    public static async Task SendAsync(IServiceScopeFactory scopes, string interactionToken, long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var zip = await BuildAsync(scope.ServiceProvider.GetRequiredService<DreamBotDb>(), userId, now, cancellationToken);
        var fits = zip.Length <= DiscordLimits.DefaultUploadBytes;
        var payload = new MessagePayload { Content = fits ? Ready : TooLarge, AllowedMentions = AllowedMentions.None };
        await scope.ServiceProvider.GetRequiredService<DiscordRestClient>().EditOriginalResponseAsync(
            interactionToken, payload, fits ? [new FileUpload(FileName, zip, "application/zip")] : [], cancellationToken);
    }

    public static async Task<byte[]> BuildAsync(DreamBotDb db, long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.UserPreferences.AsNoTracking().Where(p => p.UserId == userId)
            .Select(p => new { p.Sampler, p.Steps, p.Width, p.Height, p.Guidance, p.NegativePrompt, p.Count, p.DatasetOptedOutAt, p.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        var requests = await db.Generations.AsNoTracking().Where(g => g.UserId == userId).OrderBy(g => g.Id)
            .Select(g => new
            {
                g.Id, g.GuildId, g.ChannelId, g.UserName, g.ParentGenerationId, g.Parameters, g.Status, g.QueuedAt, g.StartedAt, g.FinishedAt,
                g.CostUnits, g.Refunded, g.FlaggedImages, g.ResultMessageId, g.DeletedAt, g.DatasetConsent,
            })
            .ToListAsync(cancellationToken);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id)
            .Select(r => new { r.GenerationId, r.ImageSeed, r.GuildId, r.Score, r.Own, r.RatedAt })
            .ToListAsync(cancellationToken);
        var document = new { UserId = userId, ExportedAt = now, Settings = settings, Requests = requests, Ratings = ratings };

        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = await archive.CreateEntry(EntryName, CompressionLevel.Optimal).OpenAsync(cancellationToken);
            await JsonSerializer.SerializeAsync(entry, document, Json, cancellationToken);
        }
        return buffer.ToArray();
    }
}
