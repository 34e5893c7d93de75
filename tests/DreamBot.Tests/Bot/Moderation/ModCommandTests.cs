using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Bot.Moderation;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Shared.Discord;
using Microsoft.EntityFrameworkCore;
using static DreamBot.Tests.Bot.Moderation.ModInteractions;

namespace DreamBot.Tests.Bot.Moderation;

public sealed class ModCommandTests : DatabaseHostTest
{
    private const long Moderator = 10;
    private const long Member = 20;

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<WaitEstimator>();
        services.AddSingleton<LiveModels>();
        services.AddSingleton<QueueHandOff>();
        services.AddSingleton<DreamIntake>();
        services.AddSingleton<IDreamQueue>(sp => sp.GetRequiredService<DreamIntake>());
        services.AddSingleton<ModCommand>();
        services.AddSingleton<DreamCommand>();
    }

    private Task<string> ModAsync(string path, params (string, ApplicationCommandOptionType, object)[] options) =>
        ModAsAsync(Moderator, ManageGuild, null, path, options);

    private async Task<string> ModAsAsync(long user, string permissions, IReadOnlyList<long>? roles, string path, params (string, ApplicationCommandOptionType, object)[] options)
    {
        var reply = await _host.Services.GetRequiredService<ModCommand>()
            .HandleAsync(Command("mod", path, user, permissions, roles, options), CancellationToken.None);
        Assert.True(reply.Ephemeral);
        return reply.Content;
    }

    private async Task<(bool Public, string Content)> DreamAsync(long user, string prompt, params (string, ApplicationCommandOptionType, object)[] options)
    {
        var reply = await _host.Services.GetRequiredService<DreamCommand>()
            .HandleAsync(Command("dream", "", user, SendMessagesOnly, null, [Text("prompt", prompt), .. options]), CancellationToken.None);
        return (!reply.Ephemeral, reply.Content);
    }

    [Theory]
    [InlineData("ban")]
    [InlineData("quota set")]
    [InlineData("filter add")]
    [InlineData("settings")]
    [InlineData("queue cancel")]
    public async Task Handler_RefusesAMemberWithoutModeratorPermissions_EvenWhenDiscordDeliveredTheCommand(string path)
    {
        var reply = await ModAsAsync(Member, SendMessagesOnly, [55], path,
            User(30), Number("daily", 1), Text("term", "fox"), Integer("max_steps", 5), Integer("id", 1));

        Assert.Equal(ModeratorContext.NotAllowed, reply);
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.AuditLog.CountAsync());
        Assert.Equal((0, 0, 0, 0), (await db.Bans.CountAsync(), await db.QuotaRules.CountAsync(), await db.BlockedTerms.CountAsync(), await db.GuildSettings.CountAsync()));
    }

    [Fact]
    public async Task Handler_AcceptsAdministratorsAndTheConfiguredModeratorRole()
    {
        await ModAsAsync(Moderator, Administrator, null, "settings", ("moderator_role", ApplicationCommandOptionType.Role, "55"));

        var reply = await ModAsAsync(Member, SendMessagesOnly, [55], "ban", User(30));

        Assert.Contains("can no longer use DreamBot", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ban_RefusesDreamPolitely_AndUnbanLetsTheUserBackIn_BothAudited()
    {
        await ModAsync("ban", User(Member), Text("reason", "spamming"));

        var refused = await DreamAsync(Member, "a fox");
        Assert.False(refused.Public);
        Assert.Contains("can't use DreamBot in this server (spamming)", refused.Content, StringComparison.Ordinal);

        await ModAsync("unban", User(Member), Text("reason", "apologised"));
        Assert.True((await DreamAsync(Member, "a fox")).Public);

        await using var db = _database.CreateContext();
        var audit = await db.AuditLog.OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorId, a.TargetUserId, a.Reason }).ToListAsync();
        Assert.Equal([new { Action = "ban", ActorId = Moderator, TargetUserId = (long?)Member, Reason = "spamming" },
            new { Action = "unban", ActorId = Moderator, TargetUserId = (long?)Member, Reason = "apologised" }], audit);
    }

    [Fact]
    public async Task Filter_RefusesPromptsIgnoringCaseAndAccents_ButOnlyWholeWords()
    {
        await ModAsync("filter add", Text("term", "Crème Brûlée"));

        var refused = await DreamAsync(Member, "a CREME   brulee on a plate");
        var decomposed = await DreamAsync(Member, "cre\u0300me bru\u0302le\u0301e");
        var allowed = await DreamAsync(Member, "a cremebrulee-ish dessert");

        Assert.False(refused.Public);
        Assert.Contains("\"Crème Brûlée\"", refused.Content, StringComparison.Ordinal);
        Assert.False(decomposed.Public);
        Assert.True(allowed.Public, allowed.Content);
    }

    [Fact]
    public async Task Filter_RemoveAndList_AreAudited()
    {
        await ModAsync("filter add", Text("term", "Kraken"));
        await ModAsync("filter add", Text("term", "kraken"));
        Assert.Contains("`Kraken`", await ModAsync("filter list"), StringComparison.Ordinal);

        await ModAsync("filter remove", Text("term", "KRAKEN"), Text("reason", "too strict"));

        Assert.True((await DreamAsync(Member, "a kraken")).Public);
        await using var db = _database.CreateContext();
        Assert.Equal(["filter.add", "filter.remove"], await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task QueueList_FitsOneDiscordMessage_AndEndsVisiblyCut_WhenTwentyLongPromptsWait()
    {
        await using (var db = _database.CreateContext())
        {
            for (var i = 0; i < 20; i++)
            {
                db.Generations.Add(new Generation
                {
                    UserId = 123456789012345678 + i, UserName = "someone", GuildId = Guild, ChannelId = 600, InteractionId = 900000 + i,
                    InteractionToken = $"token-{i}", Status = GenerationStatus.Queued, QueuedAt = DateTimeOffset.UnixEpoch.AddDays(20000 + i),
                    Parameters = new DreamParameters { Prompt = new string('p', 1000), Steps = 20, Guidance = 7.5, Width = 512, Height = 512, Sampler = "euler", Count = 1 },
                });
            }
            await db.SaveChangesAsync();
        }
        var reply = await _host.Services.GetRequiredService<ModCommand>()
            .HandleAsync(Command("mod", "queue list", Moderator, ManageGuild, null), CancellationToken.None);

        var sent = DiscordPayloads.Sent(reply.ToResponse(), "POST", "/interactions/{interaction_id}/{interaction_token}/callback");

        var content = sent.GetProperty("data").GetProperty("content").GetString()!;
        Assert.InRange(content.Length, 1900, DiscordLimits.Content);
        Assert.EndsWith("…", content, StringComparison.Ordinal);
        Assert.StartsWith("Cancel one with", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueCancel_CancelsAnyonesRequest_RefundsIt_AndAudits()
    {
        Assert.True((await DreamAsync(Member, "a lighthouse")).Public);
        await using var db = _database.CreateContext();
        var id = await db.Generations.Select(g => g.Id).SingleAsync();
        Assert.Contains($"`#{id}`", await ModAsync("queue list"), StringComparison.Ordinal);

        var reply = await ModAsync("queue cancel", Integer("id", id), Text("reason", "off-topic"));

        Assert.Contains("refunded", reply, StringComparison.Ordinal);
        var row = await db.Generations.AsNoTracking().SingleAsync();
        Assert.Equal((GenerationStatus.Cancelled, true), (row.Status, row.Refunded));
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal(("queue.cancel", (long?)Member, "off-topic"), (entry.Action, entry.TargetUserId, entry.Reason));
    }

    [Fact]
    public async Task Settings_CapDream_AndAreAudited()
    {
        await ModAsync("settings", Integer("max_steps", 20), Integer("max_size", 512), ("samplers", ApplicationCommandOptionType.String, "ddim, euler"));

        var tooManySteps = await DreamAsync(Member, "a fox", Integer("steps", 30));
        var tooBig = await DreamAsync(Member, "a fox", Integer("width", 768));
        var wrongSampler = await DreamAsync(Member, "a fox", Text("sampler", "euler_a"));
        var defaults = await DreamAsync(Member, "a fox");

        Assert.Contains("between 1 and 20", tooManySteps.Content, StringComparison.Ordinal);
        Assert.Contains("at most 262,144", tooBig.Content, StringComparison.Ordinal);
        Assert.Contains("not available here", wrongSampler.Content, StringComparison.Ordinal);
        Assert.True(defaults.Public, defaults.Content);
        await using var db = _database.CreateContext();
        var row = await db.Generations.SingleAsync();
        // The built-in default sampler is not allowed here, so the first allowed one is used; steps are capped.
        Assert.Equal(("ddim", 20), (row.Parameters.Sampler, row.Parameters.Steps));
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal("settings", entry.Action);
        Assert.Contains("max steps 20", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_AboveTheHardLimits_AreRefusedWithTheLimit_AndChangeNothing()
    {
        var steps = await ModAsync("settings", Integer("max_steps", DreamLimits.Hard.MaxSteps + 1));
        var count = await ModAsync("settings", Integer("max_count", DreamLimits.Hard.MaxCount + 1));
        var size = await ModAsync("settings", Integer("max_size", DreamLimits.Hard.MaxSide + 64));

        Assert.Equal("`max_steps` must be from 1 to 150, the most DreamBot renders.", steps);
        Assert.Equal("`max_count` must be from 1 to 4, the most DreamBot renders at once.", count);
        Assert.StartsWith("`max_size` must be a multiple of 64 from 256 to 1024", size, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.Empty(await db.AuditLog.ToListAsync());
        Assert.Null(await db.GuildSettings.SingleOrDefaultAsync(s => s.MaxSteps != null || s.MaxCount != null || s.MaxSide != null));
    }

    [Fact]
    public async Task Settings_AboveTheStandardCaps_AreHonouredUpToTheHardLimits()
    {
        await ModAsync("settings", Integer("max_steps", DreamLimits.Hard.MaxSteps), Integer("max_size", DreamLimits.Hard.MaxSide));

        var mostSteps = await DreamAsync(Member, "a fox", Integer("steps", DreamLimits.Hard.MaxSteps), Integer("width", 256), Integer("height", 256));
        var largest = await DreamAsync(Member, "a fox", Integer("steps", 5), Integer("width", 1024), Integer("height", 1024));
        var beyond = await DreamAsync(Member, "a fox", Integer("steps", DreamLimits.Hard.MaxSteps + 1));

        Assert.True(mostSteps.Public, mostSteps.Content);
        Assert.True(largest.Public, largest.Content);
        Assert.Contains("between 1 and 150", beyond.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaSet_RecordsRulesForUserRoleAndGuild_AndResetRemovesThem()
    {
        await ModAsync("quota set", Number("daily", 2));
        await ModAsync("quota set", Number("daily", 5), Number("weekly", 20), Role(55));
        await ModAsync("quota set", Number("daily", 1), User(Member));
        Assert.StartsWith("Choose a `user` or a `role`", await ModAsync("quota set", Number("daily", 1), User(Member), Role(55)), StringComparison.Ordinal);

        await ModAsync("quota reset", User(Member));

        await using var db = _database.CreateContext();
        var rules = await db.QuotaRules.OrderBy(r => r.Scope).Select(r => new { r.Scope, r.SubjectId, r.DailyUnits, r.WeeklyUnits }).ToListAsync();
        Assert.Equal([new { Scope = QuotaScope.Guild, SubjectId = (long?)null, DailyUnits = (double?)2, WeeklyUnits = (double?)null },
            new { Scope = QuotaScope.Role, SubjectId = (long?)55, DailyUnits = (double?)5, WeeklyUnits = (double?)20 }], rules);
        Assert.Equal(["quota.set", "quota.set", "quota.set", "quota.reset"], await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("<@&55>: 5 units a day, 20 units a week", await ModAsync("quota show"), StringComparison.Ordinal);
    }
}
