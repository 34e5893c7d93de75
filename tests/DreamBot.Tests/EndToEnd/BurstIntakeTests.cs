using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Gateway;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

public sealed class BurstIntakeTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    // No worker: nothing leaves the queue during the burst, so the waiting cap is what decides.
    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task TenSimultaneousDreamsFromOneUser_QueueExactlyTheCap_AndRefuseTheRestWithTheReason()
    {
        var cost = new DreamParameters { Prompt = "p", Steps = 4, Width = 256, Height = 256 }.Cost;
        await using (var db = _system.Database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings { GuildId = InteractionPayloads.GuildId, MaxQueuedPerUser = 2 });
            db.QuotaRules.Add(new QuotaRule { GuildId = InteractionPayloads.GuildId, Scope = QuotaScope.Guild, DailyUnits = 3 * cost });
            await db.SaveChangesAsync();
        }

        var sent = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _system.DreamAsync($"burst {i}", ("steps", 4, 4), ("width", 4, 256), ("height", 4, 256))));

        var answers = await Task.WhenAll(sent.Select(s => _system.Discord.AnswerAsync(s.Interaction, s.Ack)));
        Assert.Equal(2, answers.Count(a => a.StartsWith("Queued — position", StringComparison.Ordinal)));
        Assert.Equal(8, answers.Count(a => a.Contains("You already have 2 requests waiting", StringComparison.Ordinal)));
        await using var check = _system.Database.CreateContext();
        var queued = await check.Generations.AsNoTracking().ToListAsync();
        Assert.Equal(2, queued.Count);
        Assert.Equal(2 * cost, queued.Sum(g => g.CostUnits), precision: 9);
        Assert.Empty(_system.Discord.ValidationFailures);
    }
}
