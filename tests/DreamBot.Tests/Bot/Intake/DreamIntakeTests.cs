using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Queue;
using DreamBot.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Bot.Intake;

public sealed class DreamIntakeTests : DatabaseHostTest
{
    private const long Guild = 500;
    private long _interaction = 9000;

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<WaitEstimator>();
        services.AddSingleton<LiveModels>();
        services.AddSingleton<QueueHandOff>();
        services.AddSingleton<DreamIntake>();
    }

    private DreamIntake Intake => _host.Services.GetRequiredService<DreamIntake>();

    [Fact]
    public async Task Submit_RecordsAQueuedGeneration_AndItsReleaseEnqueuesExactlyOneJobOnTheDreamQueue()
    {
        var request = Request(user: 1, steps: 25);
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        var submission = await Intake.SubmitAsync(request, CancellationToken.None);

        Assert.True(submission.Accepted);
        Assert.StartsWith("Queued — position 1", submission.Message, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        var row = await db.Generations.SingleAsync();
        Assert.Equal((GenerationStatus.Queued, "a red fox", 25, 0.5, request.Origin.InteractionToken, true),
            (row.Status, row.Parameters.Prompt, row.Parameters.Steps, row.CostUnits, row.InteractionToken, row.AwaitingAcknowledgement));
        // Nothing may touch the interaction before its reply is out: no Worker can be handed the request yet.
        Assert.Equal(0, monitoring.EnqueuedCount(QueueOptions.DreamQueue));

        await submission.Release!(CancellationToken.None);
        await submission.Release!(CancellationToken.None);

        Assert.False((await db.Generations.AsNoTracking().SingleAsync()).AwaitingAcknowledgement);
        Assert.Equal(1, monitoring.EnqueuedCount(QueueOptions.DreamQueue));
    }

    [Fact]
    public async Task Submit_AnAwaitingRequestKeepsItsQueuePosition_ButNoWorkerCanClaimItBeforeItsRelease()
    {
        var submission = await Intake.SubmitAsync(Request(user: 1), CancellationToken.None);
        await using var db = _database.CreateContext();
        var id = (await db.Generations.SingleAsync()).Id;

        Assert.Equal(1, await db.PositionAsync(id, CancellationToken.None));
        Assert.Null(await db.ClaimNextAsync("", "worker", "1", TimeProvider.System, CancellationToken.None));

        await submission.Release!(CancellationToken.None);

        Assert.Equal(id, await db.ClaimNextAsync("", "worker", "1", TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task Submit_ReportsTheFairQueuePosition()
    {
        await Intake.SubmitAsync(Request(user: 1), CancellationToken.None);
        await Intake.SubmitAsync(Request(user: 1), CancellationToken.None);

        var other = await Intake.SubmitAsync(Request(user: 2), CancellationToken.None);

        Assert.StartsWith("Queued — position 2", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_IsIdempotent_WhenDiscordDeliversTheSameInteractionTwice()
    {
        var request = Request(user: 1);
        var first = await Intake.SubmitAsync(request, CancellationToken.None);

        var again = await Intake.SubmitAsync(request, CancellationToken.None);
        await again.Release!(CancellationToken.None);
        await first.Release!(CancellationToken.None);

        Assert.True(again.Accepted);
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.Generations.CountAsync());
        Assert.Equal(1, _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount(QueueOptions.DreamQueue));
    }

    [Fact]
    public async Task Submit_RefusesABannedUser_WithTheReason()
    {
        await using (var db = _database.CreateContext())
        {
            db.Bans.Add(new Ban { GuildId = Guild, UserId = 7, Reason = "spamming the queue", BannedBy = 1 });
            await db.SaveChangesAsync();
        }

        var submission = await Intake.SubmitAsync(Request(user: 7), CancellationToken.None);

        Assert.False(submission.Accepted);
        Assert.Contains("spamming the queue", submission.Message, StringComparison.Ordinal);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task Submit_RefusesAThirdWaitingRequest_ByDefault()
    {
        await Intake.SubmitAsync(Request(user: 3), CancellationToken.None);
        await Intake.SubmitAsync(Request(user: 3), CancellationToken.None);

        var third = await Intake.SubmitAsync(Request(user: 3), CancellationToken.None);

        Assert.False(third.Accepted);
        Assert.Contains("already have 2 requests waiting", third.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RefusesARequestOverTheDailyQuota_AndSaysWhatIsLeft()
    {
        await using (var db = _database.CreateContext())
        {
            db.QuotaRules.Add(new QuotaRule { GuildId = Guild, Scope = QuotaScope.Guild, DailyUnits = 1.0 });
            await db.SaveChangesAsync();
        }
        Assert.True((await Intake.SubmitAsync(Request(user: 4, steps: 40), CancellationToken.None)).Accepted);

        var over = await Intake.SubmitAsync(Request(user: 4, steps: 25), CancellationToken.None);

        Assert.False(over.Accepted);
        Assert.Contains("needs 0.5 units but you have 0.2 of your 1 left today", over.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_CountsRefundedGenerationsAsFree()
    {
        await using (var db = _database.CreateContext())
        {
            db.QuotaRules.Add(new QuotaRule { GuildId = Guild, Scope = QuotaScope.Guild, DailyUnits = 1.0 });
            await db.SaveChangesAsync();
        }
        await Intake.SubmitAsync(Request(user: 5, steps: 50), CancellationToken.None);
        await using (var db = _database.CreateContext())
            await db.CancelAsync(await db.Generations.Select(g => g.Id).SingleAsync(), DateTimeOffset.UtcNow, CancellationToken.None);

        var next = await Intake.SubmitAsync(Request(user: 5, steps: 50), CancellationToken.None);

        Assert.True(next.Accepted, next.Message);
    }

    [Fact]
    public async Task Submit_AcceptsOnlyWhatFitsTheQuota_WhenTenRequestsArriveAtOnce()
    {
        var cost = Request(user: 8).Parameters.Cost;
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings { GuildId = Guild, MaxQueuedPerUser = 20 });
            db.QuotaRules.Add(new QuotaRule { GuildId = Guild, Scope = QuotaScope.Guild, DailyUnits = 3 * cost });
            await db.SaveChangesAsync();
        }

        var submissions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Intake.SubmitAsync(Request(user: 8), CancellationToken.None))));

        Assert.Equal(3, submissions.Count(s => s.Accepted));
        Assert.All(submissions.Where(s => !s.Accepted), s => Assert.Contains("left today", s.Message, StringComparison.Ordinal));
        await using var check = _database.CreateContext();
        Assert.Equal(3 * cost, await check.Generations.SumAsync(g => g.CostUnits), precision: 9);
    }

    [Fact]
    public async Task Submit_KeepsTheWaitingCap_WhenTenRequestsArriveAtOnce()
    {
        var submissions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Intake.SubmitAsync(Request(user: 9), CancellationToken.None))));

        Assert.Equal(2, submissions.Count(s => s.Accepted));
        Assert.All(submissions.Where(s => !s.Accepted), s => Assert.Contains("already have 2 requests waiting", s.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_KeepsTheGuildDailyCap_WhenManyUsersAskAtOnce()
    {
        var cost = Request(user: 10).Parameters.Cost;
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings { GuildId = Guild, GuildDailyUnits = 4 * cost });
            await db.SaveChangesAsync();
        }

        var submissions = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Intake.SubmitAsync(Request(user: 100 + i), CancellationToken.None))));

        Assert.Equal(4, submissions.Count(s => s.Accepted));
        Assert.All(submissions.Where(s => !s.Accepted), s => Assert.Contains("This server has used its", s.Message, StringComparison.Ordinal));
    }

    private async Task AssertNothingRecordedAsync()
    {
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.Generations.CountAsync());
    }

    private DreamRequest Request(long user, int steps = 20) => new(
        new DreamParameters { Prompt = "a red fox", Seed = 42, Steps = steps, Guidance = 7.5, Width = 512, Height = 512, Sampler = "euler", Count = 1 },
        Origin: new DreamRequestOrigin(user, $"user{user}", Guild, ChannelId: 600, ChannelNsfw: false,
            ApplicationId: 1, InteractionId: Interlocked.Increment(ref _interaction), InteractionToken: $"token-{_interaction}"));
}
