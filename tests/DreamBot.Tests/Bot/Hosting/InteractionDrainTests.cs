using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DreamBot.Bot.Dispatch;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Hosting;

/// <summary>Shutdown in HTTP mode: new interactions are turned away, the one in flight still gets its reply.</summary>
public sealed class InteractionDrainTests : IAsyncLifetime, IDisposable
{
    private readonly InteractionSigner _signer = new();
    private readonly TestDreamQueue _queue = new();
    private readonly HttpClient _http = new();
    private FakeDiscord _discord = null!;
    private BotTestHost _bot = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _bot = await BotTestHost.StartAsync(_discord, DiscordMode.Http, _queue, _signer.PublicKeyHex,
            settings: new Dictionary<string, string?> { ["Shutdown:GracePeriod"] = "00:01:00" });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _discord.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public async Task Stopping_RefusesNewInteractionsWith503_AndWaitsForTheDeferredOneToBeAnswered()
    {
        _queue.Delay = TimeSpan.FromSeconds(4);
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        using var deferred = await _signer.PostAsync(_http, _bot.InteractionsEndpoint, InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token));
        var ack = JsonNode.Parse(await deferred.Content.ReadAsStringAsync())!;
        Assert.Equal(5, ack["type"]!.GetValue<int>());
        await DiscordRelay.ForwardAckAsync(_discord, interaction, ack.ToJsonString());
        var drain = _bot.App.Services.GetRequiredService<InteractionDrain>();
        Assert.Equal(1, drain.InFlight);

        _bot.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var refused = await _signer.PostAsync(_http, _bot.InteractionsEndpoint, InteractionPayloads.Ping());
        var stopwatch = Stopwatch.StartNew();
        await _bot.App.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Queued — position 3", interaction.Original?.Content);
        Assert.Equal(0, drain.InFlight);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(45), $"stopping took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Stopping_CancelsWorkStillRunning_WhenTheGracePeriodEnds()
    {
        _queue.Delay = TimeSpan.FromMinutes(5);
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        using var deferred = await _signer.PostAsync(_http, _bot.InteractionsEndpoint, InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token));
        var drain = _bot.App.Services.GetRequiredService<InteractionDrain>();

        using var shortGrace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _bot.App.StopAsync(shortGrace.Token);

        Assert.True(drain.Abandoned.IsCancellationRequested);
        await Eventually.TrueAsync(() => drain.InFlight == 0, TimeSpan.FromSeconds(60), "abandoned work released");
    }
}
