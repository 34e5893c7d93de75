using System.Net;
using System.Net.Http.Headers;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Bot.Admin;

public sealed class AdminGalleryTests : IAsyncLifetime
{
    private const string Token = "correct-horse-battery-staple-42";
    private readonly PostgresDatabase _database = new();
    private readonly string _archive = TestPaths.NewTempDirectory("gallery-archive");
    private readonly byte[] _rated = [137, 80, 78, 71, 1];
    private readonly byte[] _unrated = [137, 80, 78, 71, 2];
    private long _ratedId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        var generation = new Generation
        {
            GuildId = 7,
            UserId = 1,
            Status = GenerationStatus.Succeeded,
            InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
            QueuedAt = DateTimeOffset.UtcNow,
            Parameters = new() { Prompt = "a <b>lighthouse</b>", Seed = 100, Count = 2, Model = "sd15" },
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        var archive = new ImageArchive(_archive);
        var rated = new ArchivedImage { GenerationId = generation.Id, ImageIndex = 0, Seed = 100, Sha256 = ImageArchive.HashOf(_rated), Bytes = 5, ArchivedAt = DateTimeOffset.UtcNow };
        db.ArchivedImages.AddRange(rated,
            new ArchivedImage { GenerationId = generation.Id, ImageIndex = 1, Seed = 101, Sha256 = ImageArchive.HashOf(_unrated), Bytes = 5, ArchivedAt = DateTimeOffset.UtcNow });
        db.Ratings.AddRange(
            new Rating { GenerationId = generation.Id, ImageSeed = 100, UserId = 2, GuildId = 7, Score = 8, RatedAt = DateTimeOffset.UtcNow },
            new Rating { GenerationId = generation.Id, ImageSeed = 101, UserId = 1, GuildId = 7, Score = 10, RatedAt = DateTimeOffset.UtcNow, Own = true });
        await db.SaveChangesAsync();
        _ratedId = rated.Id;
        await archive.WriteAsync(rated.Sha256, _rated, CancellationToken.None);
        await archive.WriteAsync(ImageArchive.HashOf(_unrated), _unrated, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_archive, recursive: true);
    }

    [Fact]
    public async Task TheGallery_ShowsArchivedImagesWithTheirRatings_ServesThemFromTheArchive_AndRemovesOneFromTheDataset()
    {
        await using var app = await StartAsync();
        using var client = Client(app);
        var (rated, unrated) = (ImageArchive.HashOf(_rated), ImageArchive.HashOf(_unrated));

        var page = await client.GetStringAsync("admin/gallery?guild=7&model=sd15");
        var highlyRated = await client.GetStringAsync("admin/gallery?min=9");
        var image = await client.GetByteArrayAsync($"admin/archive/{rated}");
        var notAHash = await client.GetAsync("admin/archive/..%2F..%2Fetc%2Fpasswd");
        using var remove = await client.PostAsync("admin/gallery/remove", new FormUrlEncodedContent([new("id", _ratedId.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        var after = await client.GetStringAsync("admin/gallery");

        Assert.Contains($"/admin/archive/{rated}", page, StringComparison.Ordinal);
        Assert.Contains($"/admin/archive/{unrated}", page, StringComparison.Ordinal);
        Assert.Contains("8/10 (1)", page, StringComparison.Ordinal);
        // The requester's own 10 does not count.
        Assert.DoesNotContain("10/10", page, StringComparison.Ordinal);
        Assert.Contains("a &lt;b&gt;lighthouse&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/archive/", highlyRated, StringComparison.Ordinal);
        Assert.Equal(_rated, image);
        Assert.Equal(HttpStatusCode.NotFound, notAHash.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Contains("Removed from the dataset", after, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.Equal([true, false], await db.ArchivedImages.OrderBy(a => a.ImageIndex).Select(a => a.DatasetRemovedAt != null).ToListAsync());
    }

    [Fact]
    public async Task TheGalleryAndItsImages_AreRefusedWithoutTheToken()
    {
        await using var app = await StartAsync();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = AdminHost.BaseAddress(app) };

        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("admin/gallery")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"admin/archive/{ImageArchive.HashOf(_rated)}")).StatusCode);
        using var post = await anonymous.PostAsync("admin/gallery/remove", new FormUrlEncodedContent([new("id", _ratedId.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.ArchivedImages.CountAsync(a => a.DatasetRemovedAt != null));
    }

    private Task<WebApplication> StartAsync() =>
        AdminHost.StartAsync(_database, Token, new Dictionary<string, string?> { ["Archive:Path"] = _archive });

    private static HttpClient Client(WebApplication app) => new(new HttpClientHandler { AllowAutoRedirect = false })
    {
        BaseAddress = AdminHost.BaseAddress(app),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
    };
}
