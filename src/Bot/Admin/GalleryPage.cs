using System.Globalization;
using System.Text;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static System.Net.WebUtility;

namespace DreamBot.Bot.Admin;

/// <summary>
/// The gallery: archived result images, recent and top-rated, filtered by guild, model and mean rating, each with
/// Remove from dataset. Images are served from the archive (the Bot mounts <c>Archive:Path</c> too).
/// </summary>
public static class GalleryPage
{
    public const int Shown = 48;

    private const string Style = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}figure{display:inline-block;width:160px;margin:0 .75rem 1rem 0;vertical-align:top}" +
        "img{width:160px;height:160px;object-fit:contain;background:#f3f4f6}figcaption{font-size:.8rem}";

    // Initialised by members, not by a constructor, so EF can still filter and sort on them after the projection.
    private sealed class Item
    {
        public long Id { get; init; }
        public string Sha256 { get; init; } = "";
        public int ImageIndex { get; init; }
        public long GenerationId { get; init; }
        public long? GuildId { get; init; }
        public string Model { get; init; } = "";
        public string Prompt { get; init; } = "";
        public DateTimeOffset ArchivedAt { get; init; }
        public DateTimeOffset? RemovedAt { get; init; }
        public double? Mean { get; init; }
        public int Ratings { get; init; }
    }

    public static async Task<IResult> RenderAsync(DreamBotDb db, long? guild, string? model, double? min, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var images = Images(db);
        if (guild is { } guildId)
            images = images.Where(i => i.GuildId == guildId);
        if (!string.IsNullOrEmpty(model))
            images = images.Where(i => i.Model == model);
        if (min is { } minimum)
            images = images.Where(i => i.Mean >= minimum);
        var recent = await images.OrderByDescending(i => i.ArchivedAt).ThenByDescending(i => i.Id).Take(Shown).ToListAsync(cancellationToken);
        var top = await images.Where(i => i.Mean != null).OrderByDescending(i => i.Mean).ThenByDescending(i => i.Ratings).ThenBy(i => i.Id).Take(Shown).ToListAsync(cancellationToken);

        var html = new StringBuilder("<p><a href=\"/admin\">Dashboard</a></p><form method=\"get\" action=\"/admin/gallery\">");
        html.Append(CultureInfo.InvariantCulture, $"<label>Guild <input name=\"guild\" value=\"{guild}\"></label> <label>Model <input name=\"model\" value=\"{HtmlEncode(model)}\"></label> ");
        html.Append(CultureInfo.InvariantCulture, $"<label>Mean rating at least <input name=\"min\" type=\"number\" min=\"1\" max=\"10\" step=\"0.5\" value=\"{min}\"></label> <button>Filter</button></form>");
        Section(html, "Top rated", top);
        Section(html, "Recent", recent);
        return Results.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DreamBot gallery</title><style>{Style}</style></head><body><h1>DreamBot gallery</h1>{html}</body></html>",
            "text/html; charset=utf-8");
    }

    /// <summary>One archived image's PNG; 404 for anything that is not an archived file.</summary>
    public static async Task<IResult> ImageAsync(string sha256, IOptions<ArchiveOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.Archive() is not { } archive || !ImageArchive.IsName(sha256))
            return Results.NotFound();
        return await archive.ReadAsync(sha256, cancellationToken) is { } png ? Results.File(png, "image/png") : Results.NotFound();
    }

    /// <summary>Takes an image out of every later export; the image stays archived and shown here as removed.</summary>
    public static async Task<IResult> RemoveAsync(HttpContext context, DreamBotDb db, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Results.BadRequest("id must be an archived image's id.");
        var now = time.GetUtcNow();
        await db.ArchivedImages.Where(a => a.Id == id && a.DatasetRemovedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DatasetRemovedAt, now), context.RequestAborted);
        return Results.Redirect("/admin/gallery");
    }

    private static IQueryable<Item> Images(DreamBotDb db)
    {
        var ratings = db.Counted();
        return from a in db.ArchivedImages.AsNoTracking()
            join g in db.Generations on a.GenerationId equals g.Id
            where g.DeletedAt == null
            select new Item
            {
                Id = a.Id,
                Sha256 = a.Sha256,
                ImageIndex = a.ImageIndex,
                GenerationId = g.Id,
                GuildId = g.GuildId,
                Model = g.Parameters.Model,
                Prompt = g.Parameters.Prompt,
                ArchivedAt = a.ArchivedAt,
                RemovedAt = a.DatasetRemovedAt,
                Mean = ratings.Where(r => r.GenerationId == a.GenerationId && r.ImageSeed == a.Seed).Average(r => (double?)r.Score),
                Ratings = ratings.Count(r => r.GenerationId == a.GenerationId && r.ImageSeed == a.Seed),
            };
    }

    private static void Section(StringBuilder html, string title, List<Item> items)
    {
        var c = CultureInfo.InvariantCulture;
        html.Append(c, $"<h2>{title}</h2>");
        if (items.Count == 0)
            html.Append("<p>None.</p>");
        foreach (var i in items)
        {
            html.Append(c, $"<figure><img src=\"/admin/archive/{i.Sha256}\" loading=\"lazy\" alt=\"{HtmlEncode(i.Prompt)}\"><figcaption>{HtmlEncode(i.Prompt)}<br>");
            html.Append(c, $"generation {i.GenerationId} image {i.ImageIndex + 1} · guild {i.GuildId} · {HtmlEncode(i.Model)} · ");
            html.Append(i.Mean is { } mean ? string.Create(c, $"{mean:0.#}/10 ({i.Ratings})") : "unrated");
            html.Append(i.RemovedAt is null
                ? string.Create(c, $"<form method=\"post\" action=\"/admin/gallery/remove\"><input type=\"hidden\" name=\"id\" value=\"{i.Id}\"><button>Remove from dataset</button></form>")
                : "<br><strong>Removed from the dataset</strong>");
            html.Append("</figcaption></figure>");
        }
    }
}
