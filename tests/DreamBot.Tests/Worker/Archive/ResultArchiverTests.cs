using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Worker.Archive;

public sealed class ResultArchiverTests : IAsyncLifetime
{
    private static readonly byte[] Shown = [137, 80, 78, 71, 1];
    private static readonly byte[] Flagged = [137, 80, 78, 71, 2];
    private readonly ArchiveBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    public Task DisposeAsync() => _bed.DisposeAsync();

    [Theory]
    [InlineData(SafetyPolicy.Withhold, false, new[] { 0 })]
    [InlineData(SafetyPolicy.Withhold, true, new[] { 0, 1 })]
    [InlineData(SafetyPolicy.Spoiler, false, new[] { 0, 1 })]
    [InlineData(SafetyPolicy.Off, false, new[] { 0, 1 })]
    public async Task AnImageTheSafetyPolicyWithheld_IsNeitherKeptNorRecorded(SafetyPolicy policy, bool nsfwChannel, int[] kept)
    {
        var generation = await _bed.AddGenerationAsync(DateTimeOffset.UtcNow, count: 2, nsfwChannel);
        var result = new GenerationResult([new GeneratedImage(Shown, 100, false), new GeneratedImage(Flagged, 101, true)], 100, 0, new GenerationTimings());

        await _bed.Archiver(TimeProvider.System).ArchiveAsync(generation, result, new GuildSettings { SafetyPolicy = policy }, CancellationToken.None);

        await using var db = _bed.Database.CreateContext();
        Assert.Equal(kept, await db.ArchivedImages.OrderBy(a => a.ImageIndex).Select(a => a.ImageIndex).ToListAsync());
        Assert.Equal(kept.Contains(1), File.Exists(_bed.Archive.PathOf(ImageArchive.HashOf(Flagged))));
        Assert.True(File.Exists(_bed.Archive.PathOf(ImageArchive.HashOf(Shown))));
    }
}
