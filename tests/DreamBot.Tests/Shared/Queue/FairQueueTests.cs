using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Queue;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Shared.Queue;

public sealed class FairQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = new();
    private long _nextInteraction = 1000;
    private readonly TickingTime _time = new(Start.AddSeconds(10_000));
    private int _nextJob;

    /// <summary>Claims happen after every request in these tests was queued, as in a real backlog.</summary>
    // Each claim is a different job slot: a slot's repeated claim returns the row it already holds.
    private string NextJob() => Interlocked.Increment(ref _nextJob).ToString(System.Globalization.CultureInfo.InvariantCulture);


    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ClaimNext_RunsALaterUserBeforeTheBurstingUsersThirdRequest()
    {
        var burst = await QueueAsync(guild: 1, user: 10, count: 10, firstSecond: 0);
        var single = await QueueAsync(guild: 1, user: 20, count: 1, firstSecond: 100);

        var order = await ClaimAllAsync();

        Assert.Equal(11, order.Count);
        Assert.True(order.IndexOf(single[0]) < order.IndexOf(burst[2]), $"order was {string.Join(",", order)}");
        Assert.Equal(burst, order.Where(burst.Contains).ToList());
    }

    [Fact]
    public async Task ClaimNext_RoundRobinsAcrossGuilds()
    {
        var busyGuild = await QueueAsync(guild: 1, user: 10, count: 10, firstSecond: 0);
        var quietGuild = await QueueAsync(guild: 2, user: 30, count: 1, firstSecond: 100);

        var order = await ClaimAllAsync();

        Assert.True(order.IndexOf(quietGuild[0]) < order.IndexOf(busyGuild[2]));
    }

    [Fact]
    public async Task ClaimNext_InterleavesUsersWithinAGuild_AndKeepsEachUsersOrder()
    {
        var a = await QueueAsync(guild: 1, user: 10, count: 3, firstSecond: 0);
        var b = await QueueAsync(guild: 1, user: 20, count: 3, firstSecond: 10);

        var order = await ClaimAllAsync();

        Assert.Equal([a[0], b[0], a[1], b[1], a[2], b[2]], order);
    }

    [Fact]
    public async Task Position_FollowsTheFairOrder_AndIsNullOnceClaimed()
    {
        var a = await QueueAsync(guild: 1, user: 10, count: 3, firstSecond: 0);
        var b = await QueueAsync(guild: 1, user: 20, count: 1, firstSecond: 10);
        await using var db = _database.CreateContext();

        Assert.Equal(2, await db.PositionAsync(b[0], CancellationToken.None));
        Assert.Equal(3, await db.PositionAsync(a[1], CancellationToken.None));
        await db.ClaimNextAsync("", "w", "job-1", _time, CancellationToken.None);
        Assert.Null(await db.PositionAsync(a[0], CancellationToken.None));
        Assert.Equal(1, await db.PositionAsync(b[0], CancellationToken.None));
    }

    [Fact]
    public async Task ClaimNext_GivesEachGenerationToExactlyOneOfManyConcurrentWorkers()
    {
        var queued = await QueueAsync(guild: 1, user: 10, count: 30, firstSecond: 0);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(async worker =>
        {
            var mine = new List<long>();
            await using var db = _database.CreateContext();
            // Each claim is its own job: a job that claims again gets back the generation it already holds.
            while (await db.ClaimNextAsync("", $"w{worker}", NextJob(), _time, CancellationToken.None) is { } id)
                mine.Add(id);
            return mine;
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(queued.Order(), all.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ClaimNext_AlwaysTakesTheFirstOfTheFullFairOrder_OnARandomBacklog(int seed)
    {
        var random = new Random(seed);
        long?[] guilds = [1, 2, 3, null];
        for (var i = 0; i < 60; i++)
        {
            var guild = guilds[random.Next(guilds.Length)];
            await QueueAsync(guild, user: (guild ?? 9) * 100 + random.Next(4), count: 1 + random.Next(3), firstSecond: random.Next(600));
        }

        await using var db = _database.CreateContext();
        while (true)
        {
            var expected = await db.OrderAsync("", 1, CancellationToken.None);
            var claimed = await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None);
            Assert.Equal(expected.Select(r => (long?)r.Id).SingleOrDefault(), claimed);
            if (claimed is null)
                break;
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Position_IsEachRequestsPlaceInTheOrder_WhileRequestsArriveBetweenClaims(int seed)
    {
        var random = new Random(seed);
        long?[] guilds = [1, 2, 3, null];
        await using var db = _database.CreateContext();
        for (var wave = 0; wave < 6; wave++)
        {
            for (var i = 0; i < 12; i++)
            {
                var guild = guilds[random.Next(guilds.Length)];
                await QueueAsync(guild, user: (guild ?? 9) * 100 + random.Next(5), count: 1 + random.Next(2), firstSecond: wave * 1000 + i * 10);
            }
            var order = await db.OrderAsync("", 1000, CancellationToken.None);
            Assert.Equal(order.Select((r, i) => (long)i + 1), order.Select(r => r.Position));
            foreach (var (id, position) in order)
                Assert.Equal((int)position, await db.PositionAsync(id, CancellationToken.None));
            for (var claims = random.Next(4, 12); claims > 0; claims--)
                await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None);
        }
    }

    [Fact]
    public async Task AUserServedInThisRound_QueuesBehindTheUsersStillWaitingInIt()
    {
        var a = await QueueAsync(guild: 1, user: 10, count: 1, firstSecond: 0);
        var b = await QueueAsync(guild: 1, user: 20, count: 2, firstSecond: 1);
        await using var db = _database.CreateContext();
        Assert.Equal(a[0], await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None));

        var again = await QueueAsync(guild: 1, user: 10, count: 1, firstSecond: 5);
        var newcomer = await QueueAsync(guild: 1, user: 30, count: 1, firstSecond: 6);

        Assert.Equal([b[0], newcomer[0], b[1], again[0]], await ClaimAllAsync());
    }

    [Fact]
    public async Task AGuildReturningAfterItsQueueEmptied_JoinsTheRoundTheOthersHaveReached()
    {
        var busy = await QueueAsync(guild: 1, user: 10, count: 6, firstSecond: 0);
        var early = await QueueAsync(guild: 2, user: 20, count: 1, firstSecond: 1);
        await using var db = _database.CreateContext();
        Assert.Equal(busy[0], await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None));
        Assert.Equal(early[0], await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None));
        Assert.Equal(busy[1], await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None));
        Assert.Equal(busy[2], await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None));

        // Guild 2 was served once while guild 1 was served three times: it comes back level, not owed two turns.
        var back = await QueueAsync(guild: 2, user: 20, count: 2, firstSecond: 100);

        Assert.Equal([busy[3], back[0], busy[4], back[1], busy[5]], await ClaimAllAsync());
    }

    [Fact]
    public async Task ARequestAwaitingItsAcknowledgement_KeepsItsUsersLaterRequestsWaiting_ButNotOtherUsers()
    {
        var mine = await QueueAsync(guild: 1, user: 10, count: 2, firstSecond: 0);
        var other = await QueueAsync(guild: 1, user: 20, count: 1, firstSecond: 5);
        await using var db = _database.CreateContext();
        await db.Generations.Where(g => g.Id == mine[0]).ExecuteUpdateAsync(set => set.SetProperty(g => g.AwaitingAcknowledgement, true));

        Assert.Equal(other, (await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None)).Ids);
        Assert.Empty((await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None)).Ids);
        Assert.Equal(1, await db.PositionAsync(mine[0], CancellationToken.None));

        await db.TryReleaseAsync(mine[0], CancellationToken.None);
        Assert.Equal(mine, (await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None)).Ids);
    }

    [Fact]
    public async Task EachModel_HasItsOwnQueue_AndItsOwnFairOrder()
    {
        var turbo = await QueueAsync(guild: 1, user: 10, count: 3, firstSecond: 0, model: "sd-turbo");
        var shared = await QueueAsync(guild: 1, user: 10, count: 1, firstSecond: 5);
        var later = await QueueAsync(guild: 1, user: 20, count: 1, firstSecond: 10, model: "sd-turbo");
        await using var db = _database.CreateContext();

        Assert.Equal(1, await db.PositionAsync(shared[0], CancellationToken.None));
        Assert.Equal(2, await db.PositionAsync(later[0], CancellationToken.None));
        Assert.Equal(["", "sd-turbo"], (await db.WaitingModelsAsync(CancellationToken.None)).Order());

        var turboOrder = new List<long>();
        while (await db.ClaimNextAsync("sd-turbo", "turbo-worker", NextJob(), _time, CancellationToken.None) is { } id)
            turboOrder.Add(id);
        Assert.Equal([turbo[0], later[0], turbo[1], turbo[2]], turboOrder);
        Assert.Equal(shared[0], await db.ClaimNextAsync("", "any-worker", NextJob(), _time, CancellationToken.None));
        Assert.Null(await db.ClaimNextAsync("sd15", "other-worker", NextJob(), _time, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimNext_RetriedByTheSameJob_ReturnsItsClaim_AndLeavesTheRestQueued()
    {
        await QueueAsync(guild: 1, user: 10, count: 2, firstSecond: 0);
        await using var db = _database.CreateContext();

        var first = await db.ClaimNextAsync("", "worker-a", "41", _time, CancellationToken.None);
        // The commit went through but its acknowledgement was lost, so the job claims again.
        var retried = await db.ClaimNextAsync("", "worker-a", "41", _time, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, retried);
        Assert.Equal(1, await db.Generations.CountAsync(g => g.Status == GenerationStatus.Running));
    }

    [Fact]
    public async Task ClaimBatch_TakesTheFairOrdersPrefix_SoBatchesRunInTheOrderSingleClaimsWould()
    {
        await QueueAsync(guild: 1, user: 10, count: 10, firstSecond: 0);
        await QueueAsync(guild: 1, user: 20, count: 2, firstSecond: 5);
        await QueueAsync(guild: 2, user: 30, count: 3, firstSecond: 100);
        await using var db = _database.CreateContext();
        var fairOrder = (await db.OrderAsync("", 100, CancellationToken.None)).Select(r => r.Id).ToList();

        var batches = new List<FairQueue.ClaimedBatch>();
        while (await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None) is { Ids.Count: > 0 } batch)
            batches.Add(batch);

        Assert.Equal(fairOrder, batches.SelectMany(b => b.Ids));
        Assert.Equal([4, 4, 4, 3], batches.Select(b => b.Ids.Count));
        // Only the claim that ran out of requests says none are left, so a slot knows when to bring in another.
        Assert.Equal([true, true, true, false], batches.Select(b => b.MoreWaiting));
    }

    [Fact]
    public async Task ClaimBatch_StopsAtTheFirstRequestThatDoesNotRenderWithTheFirst()
    {
        var a = await QueueAsync(guild: 1, user: 10, count: 1, firstSecond: 0);
        var b = await QueueAsync(guild: 1, user: 20, count: 1, firstSecond: 1, width: 768);
        var c = await QueueAsync(guild: 1, user: 30, count: 2, firstSecond: 2);
        await using var db = _database.CreateContext();

        Assert.Equal(new FairQueue.ClaimedBatch(a, MoreWaiting: true), await db.ClaimBatchAsync("", "worker", NextJob(), _time, 8, CancellationToken.None), ClaimComparer);
        Assert.Equal(new FairQueue.ClaimedBatch(b, MoreWaiting: true), await db.ClaimBatchAsync("", "worker", NextJob(), _time, 8, CancellationToken.None), ClaimComparer);
        Assert.Equal(new FairQueue.ClaimedBatch(c, MoreWaiting: false), await db.ClaimBatchAsync("", "worker", NextJob(), _time, 8, CancellationToken.None), ClaimComparer);
    }

    [Fact]
    public async Task ClaimBatch_TakesTheFairestAlone_WhenItRendersInNoBatch()
    {
        var variation = await QueueAsync(guild: 1, user: 10, count: 1, firstSecond: 0, initImage: "https://cdn.discordapp.com/a.png");
        var plain = await QueueAsync(guild: 1, user: 20, count: 2, firstSecond: 1);
        await using var db = _database.CreateContext();

        Assert.Equal(new FairQueue.ClaimedBatch(variation, MoreWaiting: true), await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None), ClaimComparer);
        Assert.Equal(new FairQueue.ClaimedBatch(plain, MoreWaiting: false), await db.ClaimBatchAsync("", "worker", NextJob(), _time, 4, CancellationToken.None), ClaimComparer);
    }

    [Fact]
    public async Task ClaimBatch_RetriedByTheSameJob_ReturnsTheWholeBatch_AndTakesNoMore()
    {
        var queued = await QueueAsync(guild: 1, user: 10, count: 5, firstSecond: 0);
        await using var db = _database.CreateContext();

        var first = await db.ClaimBatchAsync("", "worker-a", "42", _time, 3, CancellationToken.None);
        var retried = await db.ClaimBatchAsync("", "worker-a", "42", _time, 3, CancellationToken.None);

        Assert.Equal(queued[..3], first.Ids);
        Assert.Equal(first.Ids, retried.Ids);
        Assert.Equal(3, await db.Generations.CountAsync(g => g.Status == GenerationStatus.Running && g.JobId == "42"));
    }

    private static readonly IEqualityComparer<FairQueue.ClaimedBatch> ClaimComparer = EqualityComparer<FairQueue.ClaimedBatch>.Create(
        (x, y) => x!.Ids.SequenceEqual(y!.Ids) && x.MoreWaiting == y.MoreWaiting, claim => claim.Ids.Count);

    private async Task<List<long>> ClaimAllAsync()
    {
        var order = new List<long>();
        await using var db = _database.CreateContext();
        while (await db.ClaimNextAsync("", "worker", NextJob(), _time, CancellationToken.None) is { } id)
            order.Add(id);
        return order;
    }

    private async Task<List<long>> QueueAsync(
        long? guild, long user, int count, int firstSecond, string model = "", int width = DreamLimits.DefaultSide, string? initImage = null)
    {
        await using var db = _database.CreateContext();
        var rows = Enumerable.Range(0, count).Select(i => new Generation
        {
            GuildId = guild, UserId = user, ChannelId = 1, InteractionId = ++_nextInteraction,
            Parameters = new DreamParameters { Prompt = $"p{i}", Model = model, Width = width, InitImage = initImage }, Status = GenerationStatus.Queued, QueuedAt = Start.AddSeconds(firstSecond + i),
        }).ToList();
        db.Generations.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>A clock that moves on a second every time it is read, so each claim starts after the one before.</summary>
    private sealed class TickingTime(DateTimeOffset start) : TimeProvider
    {
        private long _seconds;

        public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref _seconds));
    }
}
