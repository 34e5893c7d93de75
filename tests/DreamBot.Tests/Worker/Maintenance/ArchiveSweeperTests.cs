using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Shared.Archive;
using DreamBot.Worker.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Maintenance;

public sealed class ArchiveSweeperTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly string _folder = TestPaths.NewTempDirectory("archive");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private ImageArchive Archive => new(_folder);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AFileTwoResultsShare_StaysUntilTheLastOfThemIsDeleted()
    {
        var png = new byte[] { 137, 80, 78, 71, 1, 2, 3 };
        var first = await ArchiveAsync(png, _time.GetUtcNow());
        var second = await ArchiveAsync(png, _time.GetUtcNow());
        var path = Archive.PathOf(ImageArchive.HashOf(png));
        _time.Advance(TimeSpan.FromMinutes(1));

        await DeleteAsync(first);
        var afterFirst = await SweepAsync();
        var keptWhileShared = File.Exists(path);
        await DeleteAsync(second);
        var afterSecond = await SweepAsync();

        Assert.Equal((0, true), (afterFirst, keptWhileShared));
        Assert.Equal(1, afterSecond);
        Assert.False(File.Exists(path));
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.ArchivedImages.CountAsync());
    }

    [Fact]
    public async Task ImagesPastRetention_AreRemoved_ExceptRatedOnesWithinTheLongerRetention()
    {
        var unrated = await ArchiveAsync([1, 1, 1], _time.GetUtcNow());
        var rated = await ArchiveAsync([2, 2, 2], _time.GetUtcNow());
        await using (var db = _database.CreateContext())
        {
            db.Ratings.Add(new Rating { GenerationId = rated, ImageSeed = 7, UserId = 5, Score = 8, RatedAt = _time.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        _time.Advance(TimeSpan.FromDays(30));
        var early = await SweepAsync();
        _time.Advance(TimeSpan.FromDays(1));
        var pastRetention = await SweepAsync();
        _time.Advance(TimeSpan.FromDays(365));
        var pastRatedRetention = await SweepAsync();

        Assert.Equal((0, 1, 1), (early, pastRetention, pastRatedRetention));
        Assert.Empty(Directory.GetFiles(_folder, "*.png", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnImageRatedOnlyByItsRequester_IsRemovedAfterTheUnratedRetention()
    {
        var ownRated = await ArchiveAsync([3, 3, 3], _time.GetUtcNow());
        await using (var db = _database.CreateContext())
        {
            db.Ratings.Add(new Rating { GenerationId = ownRated, ImageSeed = 7, UserId = 5, Score = 10, RatedAt = _time.GetUtcNow(), Own = true });
            await db.SaveChangesAsync();
        }

        _time.Advance(TimeSpan.FromDays(31));

        Assert.Equal(1, await SweepAsync());
        Assert.Empty(Directory.GetFiles(_folder, "*.png", SearchOption.AllDirectories));
    }

    private async Task<int> SweepAsync()
    {
        await using var db = _database.CreateContext();
        var options = Options.Create(new ArchiveOptions { Path = _folder, RetentionDays = 30, RatedRetentionDays = 365 });
        return await new ArchiveSweeper(db, options, _time, NullLogger<ArchiveSweeper>.Instance).RunAsync(CancellationToken.None);
    }

    /// <summary>A result with one archived image, archived as the Worker does: the row first, then the file.</summary>
    private async Task<long> ArchiveAsync(byte[] png, DateTimeOffset at)
    {
        await using var db = _database.CreateContext();
        var generation = new Generation
        {
            UserId = 5,
            GuildId = 1,
            Status = GenerationStatus.Succeeded,
            InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
            QueuedAt = at,
            Parameters = new() { Prompt = "p", Seed = 7 },
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        var hash = ImageArchive.HashOf(png);
        db.ArchivedImages.Add(new ArchivedImage { GenerationId = generation.Id, Seed = 7, Sha256 = hash, Bytes = png.Length, ArchivedAt = at });
        await db.SaveChangesAsync();
        await Archive.WriteAsync(hash, png, at, CancellationToken.None);
        return generation.Id;
    }

    private async Task DeleteAsync(long generationId)
    {
        await using var db = _database.CreateContext();
        await db.Generations.Where(g => g.Id == generationId).ExecuteUpdateAsync(s => s.SetProperty(g => g.DeletedAt, _time.GetUtcNow()));
    }
}
