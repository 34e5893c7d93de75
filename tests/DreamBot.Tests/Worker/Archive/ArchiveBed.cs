using DreamBot.Shared.Archive;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Archive;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Archive;

/// <summary>A test's own database and archive folder, with the Worker's archiver over them.</summary>
public sealed class ArchiveBed : IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();
    public string Folder { get; } = TestPaths.NewTempDirectory("archive");
    public ImageArchive Archive => new(Folder);

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public ResultArchiver Archiver(TimeProvider time) =>
        new(new DatabaseContexts(Database), Options.Create(new ArchiveOptions { Path = Folder }), time, NullLogger<ResultArchiver>.Instance);

    /// <summary>A result of <paramref name="count"/> images from seed 100, in the state the archiver finds it: being posted.</summary>
    public async Task<Generation> AddGenerationAsync(DateTimeOffset at, int count = 1, bool nsfwChannel = false)
    {
        await using var db = Database.CreateContext();
        var generation = new Generation
        {
            UserId = 5,
            GuildId = 1,
            ChannelNsfw = nsfwChannel,
            Status = GenerationStatus.Posting,
            InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
            QueuedAt = at,
            Parameters = new() { Prompt = "p", Seed = 100, Count = count },
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        return generation;
    }
}
