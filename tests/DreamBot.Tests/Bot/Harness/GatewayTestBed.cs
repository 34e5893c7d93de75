using DreamBot.Shared.Configuration;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Harness;

/// <summary>Fake Discord with the fake gateway mounted, a test queue, and the Bot host in Gateway mode once started.</summary>
public sealed class GatewayTestBed : IAsyncDisposable
{
    public const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    private FakeDiscord? _discord;

    // Small frames so every test also exercises reassembly of fragmented messages.
    public FakeGateway Gateway { get; } = new() { FragmentBytes = 64 };
    public TestDreamQueue Queue { get; } = new();
    public FakeDiscord Discord => _discord ?? throw new InvalidOperationException("Not started.");
    public BotTestHost? Bot { get; private set; }

    private GatewayTestBed()
    {
    }

    public static async Task<GatewayTestBed> StartAsync()
    {
        var bed = new GatewayTestBed();
        bed._discord = await FakeDiscord.StartAsync(bed.Gateway.Map);
        return bed;
    }

    public async Task<BotTestHost> StartBotAsync(string? botToken = null, bool waitForReady = true)
    {
        Bot = await BotTestHost.StartAsync(Discord, DiscordMode.Gateway, Queue,
            devGuildId: InteractionPayloads.GuildId.ToString(System.Globalization.CultureInfo.InvariantCulture), botToken: botToken);
        if (waitForReady)
            await Gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") == 1, what: "identified");
        return Bot;
    }

    /// <summary>Dispatches a /dream and returns it once its callback reached the fake.</summary>
    public async Task<FakeInteraction> DreamAsync(string prompt = "a lighthouse")
    {
        var interaction = Discord.CreateInteraction(InteractionPayloads.ChannelId);
        await Gateway.DispatchInteractionAsync(InteractionPayloads.Dream(prompt, interaction.Id, interaction.Token));
        await DiscordRelay.WaitUntilAsync(() => interaction.CallbackType is not null, TimeSpan.FromSeconds(60), "callback");
        return interaction;
    }

    public async ValueTask DisposeAsync()
    {
        if (Bot is not null)
            await Bot.DisposeAsync();
        if (_discord is not null)
            await _discord.DisposeAsync();
    }
}
