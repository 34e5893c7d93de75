using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Tests.Worker.Archive;
using DreamBot.Worker.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Maintenance;

public sealed class ArchiveSweeperTests : IAsyncLifetime
{
    private readonly ArchiveBed _bed = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task AFileTwoResultsShare_StaysUntilTheLastOfThemIsDeleted()
    {
        var png = new byte[] { 137, 80, 78, 71, 1, 2, 3 };
        var first = await ArchiveAsync(png);
        var second = await ArchiveAsync(png);
        var path = _bed.Archive.PathOf(ImageArchive.HashOf(png));

        await DeleteAsync(first);
        var afterFirst = await SweepAsync();
        var keptWhileShared = File.Exists(path);
        await DeleteAsync(second);
        var afterSecond = await SweepAsync();

        Assert.Equal((0, true), (afterFirst, keptWhileShared));
        Assert.Equal(1, afterSecond);
        Assert.False(File.Exists(path));
        await using var db = _bed.Database.CreateContext();
        Assert.Equal(0, await db.ArchivedImages.CountAsync());
    }

    [Fact]
    public async Task ImagesPastRetention_AreRemoved_ExceptRatedOnesWithinTheLongerRetention()
    {
        await ArchiveAsync([1, 1, 1]);
        var rated = await ArchiveAsync([2, 2, 2]);
        await RateAsync(rated, own: false);

        _time.Advance(TimeSpan.FromDays(30));
        var early = await SweepAsync();
        _time.Advance(TimeSpan.FromDays(1));
        var pastRetention = await SweepAsync();
        _time.Advance(TimeSpan.FromDays(365));
        var pastRatedRetention = await SweepAsync();

        Assert.Equal((0, 1, 1), (early, pastRetention, pastRatedRetention));
        Assert.Empty(Directory.GetFiles(_bed.Folder, "*.png", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnImageRatedOnlyByItsRequester_IsRemovedAfterTheUnratedRetention()
    {
        var ownRated = await ArchiveAsync([3, 3, 3]);
        await RateAsync(ownRated, own: true);

        _time.Advance(TimeSpan.FromDays(31));

        Assert.Equal(1, await SweepAsync());
        Assert.Empty(Directory.GetFiles(_bed.Folder, "*.png", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheSweep_KeepsAFile_ThatAWorkersUncommittedRowWillName_ByWaitingForIt()
    {
        var png = new byte[] { 137, 80, 78, 71, 4 };
        var hash = ImageArchive.HashOf(png);
        await DeleteAsync(await ArchiveAsync(png));
        var again = await _bed.AddGenerationAsync(_time.GetUtcNow());

        // A Worker archiving the same bytes again, caught between saving its row and committing it.
        await using var worker = _bed.Database.CreateContext();
        var swept = await worker.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await worker.Database.BeginTransactionAsync();
            await ArchiveFileLock.TakeAsync(worker, [hash], CancellationToken.None);
            worker.ArchivedImages.Add(new ArchivedImage { GenerationId = again.Id, Seed = 100, Sha256 = hash, Bytes = png.Length, ArchivedAt = _time.GetUtcNow() });
            await worker.SaveChangesAsync();
            var sweep = SweepAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(sweep.IsCompleted);
            await transaction.CommitAsync();
            return await sweep;
        });

        Assert.Equal(0, swept);

        Assert.Equal(png, await _bed.Archive.ReadAsync(hash, CancellationToken.None));
        await using var db = _bed.Database.CreateContext();
        Assert.Equal([again.Id], await db.ArchivedImages.Select(a => a.GenerationId).ToListAsync());
    }

    [Fact]
    public async Task AFileThatCouldNotBeDeleted_KeepsItsRows_AndGoesAtTheNextSweep()
    {
        var png = new byte[] { 137, 80, 78, 71, 5 };
        var path = _bed.Archive.PathOf(ImageArchive.HashOf(png));
        await DeleteAsync(await ArchiveAsync(png));
        // Something in the file's place that a delete of the file fails on.
        File.Delete(path);
        Directory.CreateDirectory(Path.Combine(path, "busy"));

        var failed = await SweepAsync();
        int rowsKept;
        await using (var db = _bed.Database.CreateContext())
            rowsKept = await db.ArchivedImages.CountAsync();
        Directory.Delete(path, recursive: true);
        await File.WriteAllBytesAsync(path, png);
        var retried = await SweepAsync();

        Assert.Equal((0, 1), (failed, rowsKept));
        Assert.Equal(1, retried);
        Assert.False(Path.Exists(path));
        await using var after = _bed.Database.CreateContext();
        Assert.Equal(0, await after.ArchivedImages.CountAsync());
    }

    private async Task<int> SweepAsync()
    {
        await using var db = _bed.Database.CreateContext();
        var options = Options.Create(new ArchiveOptions { Path = _bed.Folder, RetentionDays = 30, RatedRetentionDays = 365 });
        return await new ArchiveSweeper(db, options, _time, NullLogger<ArchiveSweeper>.Instance).RunAsync(CancellationToken.None);
    }

    /// <summary>A result with one image (seed 100), archived by the Worker's archiver.</summary>
    private async Task<long> ArchiveAsync(byte[] png)
    {
        var generation = await _bed.AddGenerationAsync(_time.GetUtcNow());
        var result = new GenerationResult([new GeneratedImage(png, 100, null)], 100, 0, new GenerationTimings());
        await _bed.Archiver(_time).ArchiveAsync(generation, result, new GuildSettings(), CancellationToken.None);
        return generation.Id;
    }

    private async Task RateAsync(long generationId, bool own)
    {
        await using var db = _bed.Database.CreateContext();
        db.Ratings.Add(new Rating { GenerationId = generationId, ImageSeed = 100, UserId = 6, Score = 9, RatedAt = _time.GetUtcNow(), Own = own });
        await db.SaveChangesAsync();
    }

    private async Task DeleteAsync(long generationId)
    {
        await using var db = _bed.Database.CreateContext();
        await db.Generations.Where(g => g.Id == generationId).ExecuteUpdateAsync(s => s.SetProperty(g => g.DeletedAt, _time.GetUtcNow()));
    }
}
