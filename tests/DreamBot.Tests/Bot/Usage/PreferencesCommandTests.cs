using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Bot.Usage;
using DreamBot.Bot.Waiting;
using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DreamBot.Tests.Bot.Moderation.ModInteractions;

namespace DreamBot.Tests.Bot.Usage;

public sealed class PreferencesCommandTests : DatabaseHostTest
{
    private const long User = 20;

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<WaitEstimator>();
        services.AddSingleton<LiveModels>();
        services.AddSingleton<QueueHandOff>();
        services.AddSingleton<IDreamQueue, DreamIntake>();
        services.AddSingleton<DreamCommand>();
        services.AddSingleton<PreferencesCommand>();
    }

    [Fact]
    public async Task Dream_UsesPreferencesForOmittedOptions_WithinTheGuildCaps()
    {
        await using (var db = _database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings { GuildId = Guild, MaxSide = 512, MaxSteps = 25, MaxCount = 4, AllowedSamplers = ["ddim", "euler"] });
            await db.SaveChangesAsync();
        }
        var commands = _host.Services.GetRequiredService<PreferencesCommand>();
        var saved = await commands.HandleAsync(Command("preferences", "set", User, SendMessagesOnly, null,
            Text("sampler", "ddim"), Integer("steps", 40), Integer("width", 768), Integer("height", 768), Number("guidance", 4.5),
            Text("negative", "blurry"), Integer("count", 2)), CancellationToken.None);
        Assert.Contains("sampler ddim, 40 steps, 768×768, guidance 4.5, 2 images", saved.Content, StringComparison.Ordinal);

        var dream = _host.Services.GetRequiredService<DreamCommand>();
        var reply = await dream.HandleAsync(Command("dream", "", User, SendMessagesOnly, null, Text("prompt", "a fox"), Integer("count", 1)), CancellationToken.None);

        Assert.False(reply.Ephemeral, reply.Content);
        await using var check = _database.CreateContext();
        var row = await check.Generations.SingleAsync();
        // 768×768 is over this guild's cap, so the default size is used; 40 steps is capped to 25; count was given.
        Assert.Equal(("ddim", 25, 512, 512, 4.5f, "blurry", 1), (row.Parameters.Sampler, row.Parameters.Steps, row.Parameters.Width, row.Parameters.Height, row.Parameters.Guidance, row.Parameters.NegativePrompt, row.Parameters.Count));
    }

    [Fact]
    public async Task Clear_ForgetsThePreferences()
    {
        var commands = _host.Services.GetRequiredService<PreferencesCommand>();
        await commands.HandleAsync(Command("preferences", "set", User, SendMessagesOnly, null, Integer("steps", 12)), CancellationToken.None);

        await commands.HandleAsync(Command("preferences", "clear", User, SendMessagesOnly, null), CancellationToken.None);

        var shown = await commands.HandleAsync(Command("preferences", "show", User, SendMessagesOnly, null), CancellationToken.None);
        Assert.StartsWith("You have no defaults", shown.Content, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.UserPreferences.CountAsync());
    }
}
