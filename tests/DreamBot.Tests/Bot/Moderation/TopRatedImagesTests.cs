using DreamBot.Bot.Moderation;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Moderation;

public sealed class TopRatedImagesTests : IAsyncLifetime
{
    private const long Guild = 7;
    private const long OtherGuild = 8;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task TheList_RanksImagesByOtherUsersMeanThenCount_InThisServer_LeavingOutDeletedAndOldResults()
    {
        (long Best, long Tied) ids;
        await using (var db = _database.CreateContext())
        {
            var best = Result(Guild, Now.AddDays(-1), messageId: 900);
            var tied = Result(Guild, Now.AddDays(-2), messageId: 901);
            var deleted = Result(Guild, Now.AddDays(-1), deletedAt: Now);
            var old = Result(Guild, Now.AddDays(-31));
            var elsewhere = Result(OtherGuild, Now.AddDays(-1));
            db.Generations.AddRange(best, tied, deleted, old, elsewhere);
            await db.SaveChangesAsync();
            db.Ratings.AddRange(
                Score(best, 1, 1, 9), Score(best, 1, 2, 8), Score(best, 1, 3, 10, own: true),
                Score(best, 0, 1, 5),
                Score(tied, 0, 1, 9), Score(tied, 0, 4, 8),
                Score(tied, 2, 1, 9),
                Score(deleted, 0, 1, 10), Score(old, 0, 1, 10), Score(elsewhere, 0, 1, 10, guild: OtherGuild));
            await db.SaveChangesAsync();
            ids = (best.Id, tied.Id);
        }

        await using var read = _database.CreateContext();
        var list = await TopRatedImages.ListAsync(read, Guild, Now, CancellationToken.None);

        Assert.Equal([(3, 9.0, 1), (2, 8.5, 2), (1, 8.5, 2), (1, 5.0, 1)], list.Select(e => (e.Image, e.Mean, e.Ratings)));
        Assert.Equal([ids.Tied, ids.Best, ids.Tied, ids.Best], list.Select(e => e.GenerationId));
        Assert.Equal<long?>([901, 900, 901, 900], list.Select(e => e.MessageId));
    }

    [Fact]
    public void TheLine_LinksEachImageToItsMessage_WhereThereIsOne() =>
        Assert.Equal(
            "**Top rated (30 days):** image 2 of generation 12 9/10 (1), [image 1 of generation 11](https://discord.com/channels/7/3/900) 8.5/10 (2)",
            TopRatedImages.Describe(Guild, [new(12, 2, 3, null, 9, 1), new(11, 1, 3, 900, 8.5, 2)]));

    private static Generation Result(long guildId, DateTimeOffset queuedAt, long? messageId = null, DateTimeOffset? deletedAt = null) => new()
    {
        GuildId = guildId,
        UserId = 1,
        ChannelId = 3,
        Status = GenerationStatus.Succeeded,
        InteractionId = Random.Shared.NextInt64(1, long.MaxValue),
        QueuedAt = queuedAt,
        ResultMessageId = messageId,
        DeletedAt = deletedAt,
        Parameters = new() { Prompt = "p", Seed = 100, Count = 3 },
    };

    private static Rating Score(Generation generation, int image, long user, int score, bool own = false, long guild = Guild) => new()
    {
        GenerationId = generation.Id,
        ImageSeed = generation.Parameters.Seed + image,
        UserId = user,
        GuildId = guild,
        Score = score,
        Own = own,
        RatedAt = Now,
    };
}
