using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DreamBot.Bot.Dispatch;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.HttpInteractions;

/// <summary>HTTP interactions mode end to end: signed requests to the real Bot host, Discord played by the fakes.</summary>
public sealed class HttpInteractionsTests : IAsyncLifetime, IDisposable
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
            configure: services =>
            {
                services.AddSingleton<ISlashCommand, BlockingCommand>();
                services.AddSingleton<IComponentHandler, SlowDeleteButton>();
                services.AddSingleton<IComponentHandler, SlowRerollButton>();
            });
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

    private async Task<(HttpStatusCode Status, JsonNode? Body, string Raw, TimeSpan Elapsed)> PostAsync(JsonNode payload)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await _signer.PostAsync(_http, _bot.InteractionsEndpoint, payload);
        var raw = await response.Content.ReadAsStringAsync();
        stopwatch.Stop();
        return (response.StatusCode, raw.Length > 0 ? JsonNode.Parse(raw) : null, raw, stopwatch.Elapsed);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        var (status, body, _, _) = await PostAsync(InteractionPayloads.Ping());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Dream_IsAcknowledgedWithItsQueuePosition_AndTheResultFollowsAsAPng()
    {
        await DiscordRelay.WaitUntilAsync(() => _discord.State.GlobalCommands.Count > 0, TimeSpan.FromSeconds(60), "commands registered");
        Assert.Single(_discord.RequestsTo("PUT /applications/{application_id}/commands"));
        Assert.Contains(_discord.State.GlobalCommands, c => c!["name"]!.GetValue<string>() == "dream");
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);

        var (status, body, raw, elapsed) = await PostAsync(InteractionPayloads.Dream("a @everyone lighthouse", interaction.Id, interaction.Token));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, body!["type"]!.GetValue<int>());
        Assert.Equal("Queued — position 3", body["data"]!["content"]!.GetValue<string>());
        Assert.Empty(body["data"]!["allowed_mentions"]!["parse"]!.AsArray());
        await DiscordRelay.ForwardAckAsync(_discord, interaction, raw);
        Assert.True(interaction.AcknowledgedInTime, $"acknowledged {interaction.AcknowledgedAt - interaction.CreatedAt} after creation");

        var request = await _queue.NextAcceptedAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(("a @everyone lighthouse", interaction.Id), (request.Parameters.Prompt, request.Origin.InteractionId));
        await TestDreamQueue.PostResultAsync(_bot.Rest, request);

        var followup = Assert.Single(interaction.Followups);
        var png = Assert.Single(followup.Attachments);
        Assert.Equal("dream.png", png.Filename);
        Assert.Equal(TestDreamQueue.Png, png.Content);
        Assert.Empty(_discord.ValidationFailures);
    }

    [Fact]
    public async Task Dream_IsReleasedToTheWorkers_OnlyAfterTheAcknowledgementIsSent()
    {
        // A release that ran before the response was sent would hold the response back until the gate opens: never.
        var gate = new TaskCompletionSource();
        var released = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.OnRelease = async request =>
        {
            await gate.Task;
            released.SetResult(request.Origin.InteractionId);
        };
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);

        var (status, body, raw, _) = await PostAsync(InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token));

        Assert.Equal((HttpStatusCode.OK, 4), (status, body!["type"]!.GetValue<int>()));
        await DiscordRelay.ForwardAckAsync(_discord, interaction, raw);
        gate.SetResult();
        Assert.Equal(interaction.Id, await released.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SlowQueue_GetsADeferredAckInTime_AndTheOriginalResponseIsEditedLater()
    {
        _queue.Delay = TimeSpan.FromSeconds(5);
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        string? originalWhenReleased = null;
        _queue.OnRelease = _ =>
        {
            originalWhenReleased = interaction.Original?.Content;
            return Task.CompletedTask;
        };

        var (status, body, raw, _) = await PostAsync(InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, body!["type"]!.GetValue<int>());
        await DiscordRelay.ForwardAckAsync(_discord, interaction, raw);
        Assert.True(interaction.AcknowledgedInTime, $"deferred {interaction.AcknowledgedAt - interaction.CreatedAt} after creation");
        Assert.NotEqual("Queued — position 3", interaction.Original?.Content);
        await DiscordRelay.WaitUntilAsync(() => interaction.Original?.Content == "Queued — position 3", TimeSpan.FromSeconds(60), "original edited");
        // The Workers get the request only once its "Queued" reply has replaced the deferral, so no progress edit overtakes it.
        await DiscordRelay.WaitUntilAsync(() => originalWhenReleased is not null, TimeSpan.FromSeconds(60), "released");
        Assert.Equal("Queued — position 3", originalWhenReleased);
        Assert.Empty(_discord.ValidationFailures);
    }

    [Fact]
    public async Task ReplayedSignedInteraction_IsRefused_AndTheCommandRunsOnce()
    {
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        var body = Encoding.UTF8.GetBytes(InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token).ToJsonString());
        var signedAt = DateTimeOffset.UtcNow;

        using var first = _signer.CreateRequest(_bot.InteractionsEndpoint, body, signedAt);
        using var original = await _http.SendAsync(first);
        using var copy = _signer.CreateRequest(_bot.InteractionsEndpoint, body, signedAt);
        using var replay = await _http.SendAsync(copy);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (original.StatusCode, replay.StatusCode));
        Assert.Equal(1, _queue.Submitted);
        Assert.Contains(_bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("replay", StringComparison.Ordinal));
    }

    [Fact]
    public void HandlerBudget_LeavesHalfOfDiscordsDeadline_ForTheNetworkAndABusyHost() =>
        Assert.True(new InteractionOptions().HandlerBudget <= FakeInteraction.AckDeadline / 2);

    [Fact]
    public async Task FailingQueue_GetsAnEphemeralTryAgain()
    {
        _queue.Failure = new TimeoutException("database unreachable");

        var (_, body, _, _) = await PostAsync(InteractionPayloads.Dream());

        Assert.Equal(4, body!["type"]!.GetValue<int>());
        Assert.Equal(CommandReply.Unavailable, body["data"]!["content"]!.GetValue<string>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>());
        Assert.DoesNotContain("database unreachable", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(_bot.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("/dream failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidDream_GetsAnEphemeralReplySayingWhatToChange()
    {
        var (_, body, _, _) = await PostAsync(InteractionPayloads.Dream(more: [("strength", 10, 0.5)]));

        Assert.Equal(64, body!["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("attach an `image` or remove `strength`", body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, _queue.Submitted);
    }

    [Fact]
    public async Task UnknownCommand_GetsAnEphemeralUnknownCommand_AndIsLogged()
    {
        var (_, body, _, _) = await PostAsync(InteractionPayloads.Command("paint"));

        Assert.Equal(InteractionDispatcher.UnknownCommand, body!["data"]!["content"]!.GetValue<string>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>());
        Assert.Contains(_bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("/paint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TamperedBody_IsRejectedWith401()
    {
        using var request = _signer.CreateRequest(_bot.InteractionsEndpoint, Encoding.UTF8.GetBytes(InteractionPayloads.Ping().ToJsonString()), tamper: true);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MissingSignature_IsRejectedWith401()
    {
        using var content = new StringContent(InteractionPayloads.Ping().ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_bot.InteractionsEndpoint, content);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StaleTimestamp_IsRejectedWith401()
    {
        using var request = _signer.CreateRequest(_bot.InteractionsEndpoint, Encoding.UTF8.GetBytes(InteractionPayloads.Ping().ToJsonString()),
            signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_IsRejectedWith400()
    {
        using var response = await _signer.PostAsync(_http, _bot.InteractionsEndpoint, Encoding.UTF8.GetBytes("{\"type\":2,"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CommandThatBlocksItsThread_IsStillDeferredInTime()
    {
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);

        var (_, body, raw, _) = await PostAsync(InteractionPayloads.Command("block", id: interaction.Id, token: interaction.Token));

        Assert.Equal(5, body!["type"]!.GetValue<int>());
        await DiscordRelay.ForwardAckAsync(_discord, interaction, raw);
        Assert.True(interaction.AcknowledgedInTime, $"deferred {interaction.AcknowledgedAt - interaction.CreatedAt} after creation");
        await DiscordRelay.WaitUntilAsync(() => interaction.Original?.Content == "finally", TimeSpan.FromSeconds(60), "original edited");
    }

    [Fact]
    public async Task SlowButton_IsDeferredAsAnUpdate_AndItsReplyReplacesTheMessageItWasClickedOn()
    {
        var (result, interaction, ack) = await ClickOnANewMessageAsync("slowdelete:1");

        Assert.Equal(6, ack);
        await DiscordRelay.WaitUntilAsync(() => _discord.Messages(InteractionPayloads.ChannelId).Single(m => m.Id == result.Id).Content == SlowDeleteButton.Deleted,
            TimeSpan.FromSeconds(60), "the clicked message replaced");
        Assert.Single(_discord.Messages(InteractionPayloads.ChannelId));
        Assert.Empty(_discord.ValidationFailures);
    }

    [Fact]
    public async Task SlowButtonThatQueues_IsDeferredAsANewMessage_SoTheResultItWasClickedOnIsKept()
    {
        var (result, interaction, ack) = await ClickOnANewMessageAsync("slowreroll:1");

        Assert.Equal(5, ack);
        // @original is the new message, where the Worker will post progress and the result.
        await DiscordRelay.WaitUntilAsync(() => interaction.Original?.Content == SlowRerollButton.Queued, TimeSpan.FromSeconds(60), "the queued reply");
        Assert.NotEqual(result.Id, interaction.Original!.Id);
        Assert.Equal("a lighthouse", _discord.Messages(InteractionPayloads.ChannelId).Single(m => m.Id == result.Id).Content);
        Assert.Empty(_discord.ValidationFailures);
    }

    /// <summary>Clicks <paramref name="customId"/> on a new message, forwards the acknowledgement to Discord and returns its type.</summary>
    private async Task<(DiscordMessage Message, FakeInteraction Interaction, int Ack)> ClickOnANewMessageAsync(string customId)
    {
        var message = await _bot.Rest.CreateMessageAsync(InteractionPayloads.ChannelId, new MessagePayload { Content = "a lighthouse" });
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId, _discord.Messages(InteractionPayloads.ChannelId).Single(m => m.Id == message.Id));
        var payload = InteractionPayloads.Command("unused", id: interaction.Id, token: interaction.Token);
        payload["type"] = 3;
        payload["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
        var (_, body, raw, _) = await PostAsync(payload);
        await DiscordRelay.ForwardAckAsync(_discord, interaction, raw);
        return (message, interaction, body!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task ButtonWithoutAHandler_GetsAnEphemeralNotice()
    {
        var payload = InteractionPayloads.Command("unused");
        payload["type"] = 3;
        payload["data"] = new JsonObject { ["custom_id"] = "reroll:1", ["component_type"] = 2 };

        var (_, body, _, _) = await PostAsync(payload);

        Assert.Equal((4, InteractionDispatcher.InactiveComponent, 64),
            (body!["type"]!.GetValue<int>(), body["data"]!["content"]!.GetValue<string>(), body["data"]!["flags"]!.GetValue<int>()));
    }
}
