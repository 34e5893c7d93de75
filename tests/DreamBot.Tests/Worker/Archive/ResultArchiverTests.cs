using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Archive;
using DreamBot.Worker.Diffusion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Archive;

public sealed class ResultArchiverTests : IAsyncLifetime
{
    private static readonly byte[] Shown = [137, 80, 78, 71, 1];
    private static readonly byte[] Flagged = [137, 80, 78, 71, 2];
    private readonly PostgresDatabase _database = new();
    private readonly string _folder = TestPaths.NewTempDirectory("archive");

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

    [Theory]
    [InlineData(SafetyPolicy.Withhold, false, new[] { 0 })]
    [InlineData(SafetyPolicy.Withhold, true, new[] { 0, 1 })]
    [InlineData(SafetyPolicy.Spoiler, false, new[] { 0, 1 })]
    [InlineData(SafetyPolicy.Off, false, new[] { 0, 1 })]
    public async Task AnImageTheSafetyPolicyWithheld_IsNeitherKeptNorRecorded(SafetyPolicy policy, bool nsfwChannel, int[] kept)
    {
        var generation = await AddGenerationAsync(nsfwChannel);
        var result = new GenerationResult([new GeneratedImage(Shown, 100, false), new GeneratedImage(Flagged, 101, true)], 100, 0, new GenerationTimings());

        await Archiver().ArchiveAsync(generation, result, new GuildSettings { SafetyPolicy = policy }, CancellationToken.None);

        await using var db = _database.CreateContext();
        Assert.Equal(kept, await db.ArchivedImages.OrderBy(a => a.ImageIndex).Select(a => a.ImageIndex).ToListAsync());
        var archive = new ImageArchive(_folder);
        Assert.Equal(kept.Contains(1), File.Exists(archive.PathOf(ImageArchive.HashOf(Flagged))));
        Assert.True(File.Exists(archive.PathOf(ImageArchive.HashOf(Shown))));
    }

    private ResultArchiver Archiver() =>
        new(new DatabaseContexts(_database), Options.Create(new ArchiveOptions { Path = _folder }), TimeProvider.System, NullLogger<ResultArchiver>.Instance);

    private async Task<Generation> AddGenerationAsync(bool nsfwChannel)
    {
        await using var db = _database.CreateContext();
        var generation = new Generation
        {
            UserId = 5,
            GuildId = 1,
            ChannelNsfw = nsfwChannel,
            Status = GenerationStatus.Posting,
            InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
            QueuedAt = DateTimeOffset.UtcNow,
            Parameters = new() { Prompt = "p", Seed = 100, Count = 2 },
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        return generation;
    }
}
