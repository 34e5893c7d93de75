using System.Diagnostics;
using DreamBot.Bot.Commands;
using DreamBot.Bot.Discord;
using DreamBot.Bot.Discord.Gateway;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Discord.Gateway;

/// <summary>Gateway mode end to end: the real Bot host against the fake gateway and REST server.</summary>
public sealed class GatewayModeTests : IAsyncLifetime
{
    private const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private readonly FakeGateway _gateway = new() { FragmentBytes = 64 };
    private readonly TestDreamQueue _queue = new();
    private FakeDiscord _discord = null!;
    private BotTestHost? _bot;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync(_gateway.Map);

    public async Task DisposeAsync()
    {
        if (_bot is not null)
            await _bot.DisposeAsync();
        await _discord.DisposeAsync();
    }

    private async Task<BotTestHost> StartBotAsync(string? botToken = null, bool waitForReady = true)
    {
        _bot = await BotTestHost.StartAsync(_discord, DiscordMode.Gateway, _queue, devGuildId: botToken is null ? "1100000000000000002" : null, botToken: botToken);
        if (waitForReady)
            await _gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") == 1, what: "identified");
        return _bot;
    }

    /// <summary>Dispatches a /dream and returns how long until the callback reached the fake.</summary>
    private async Task<(FakeInteraction Interaction, TimeSpan Elapsed)> DreamAsync(string prompt = "a lighthouse")
    {
        var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        var stopwatch = Stopwatch.StartNew();
        await _gateway.DispatchInteractionAsync(InteractionPayloads.Dream(prompt, interaction.Id, interaction.Token));
        await DiscordRelay.WaitUntilAsync(() => interaction.CallbackType is not null, TimeSpan.FromSeconds(10), "callback");
        return (interaction, stopwatch.Elapsed);
    }

    [Fact]
    public async Task Dream_OverTheGateway_IsAcknowledgedInTime_AndTheResultFollowsAsAPng()
    {
        await StartBotAsync();
        Assert.Contains("identify:0:dreambot", _gateway.Events);
        Assert.Contains("connect:/gateway?v=10&encoding=json", _gateway.Events);
        await DiscordRelay.WaitUntilAsync(() => _discord.State.GuildCommands(InteractionPayloads.GuildId) is { } commands
            && commands.Any(c => c!["name"]!.GetValue<string>() == "dream"), TimeSpan.FromSeconds(10), "guild commands");
        Assert.Single(_discord.RequestsTo("PUT /applications/{application_id}/guilds/{guild_id}/commands"));

        var (interaction, elapsed) = await DreamAsync();

        Assert.True(elapsed < Deadline, $"acknowledged after {elapsed}");
        Assert.Equal(4, interaction.CallbackType);
        Assert.Equal("Queued — position 3", interaction.Original!.Content);
        var request = await _queue.NextAcceptedAsync(TimeSpan.FromSeconds(5));
        await TestDreamQueue.PostResultAsync(_bot!.Rest, request);
        Assert.Equal("dream.png", Assert.Single(Assert.Single(interaction.Followups).Attachments).Filename);
        Assert.Empty(_discord.ValidationFailures);
    }

    [Fact]
    public async Task SlowQueue_GetsADeferredAckInTime_AndTheOriginalIsEditedLater()
    {
        await StartBotAsync();
        _queue.Delay = TimeSpan.FromSeconds(5);

        var (interaction, elapsed) = await DreamAsync();

        Assert.Equal(5, interaction.CallbackType);
        Assert.True(elapsed < TimeSpan.FromSeconds(2.95), $"deferred after {elapsed}");
        await DiscordRelay.WaitUntilAsync(() => interaction.Original?.Content == "Queued — position 3", TimeSpan.FromSeconds(8), "original edited");
    }

    [Fact]
    public async Task SlowRefusal_StaysPrivate_AfterAPublicDeferral()
    {
        await StartBotAsync();
        _queue.Delay = TimeSpan.FromSeconds(2.5);
        _queue.Refusal = "You already have 3 requests waiting.";

        var (interaction, _) = await DreamAsync();

        Assert.Equal(5, interaction.CallbackType);
        await DiscordRelay.WaitUntilAsync(() => interaction.Followups.Count == 1, TimeSpan.FromSeconds(8), "private follow-up");
        Assert.Equal(DeferredReplyDelivery.PrivateNotice, interaction.Original!.Content);
        var followup = Assert.Single(interaction.Followups);
        Assert.Equal(("You already have 3 requests waiting.", 64), (followup.Content, followup.Flags & 64));
        Assert.Empty(_discord.ValidationFailures);
    }

    [Fact]
    public async Task FailingQueue_GetsAnEphemeralTryAgain()
    {
        await StartBotAsync();
        _queue.Failure = new InvalidOperationException("queue down");

        var (interaction, _) = await DreamAsync();

        Assert.Equal(CommandReply.Unavailable, interaction.Original!.Content);
        Assert.Equal(64, interaction.Original.Flags & 64);
    }

    [Fact]
    public async Task DroppedConnection_Resumes_AndNoInteractionIsLostOrHandledTwice()
    {
        await StartBotAsync();
        _gateway.ReplayEverythingOnResume = true;
        var (first, _) = await DreamAsync("first");

        _gateway.Drop();
        var missed = _discord.CreateInteraction(InteractionPayloads.ChannelId);
        await _gateway.DispatchInteractionAsync(InteractionPayloads.Dream("while away", missed.Id, missed.Token));
        await _gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed");
        await DiscordRelay.WaitUntilAsync(() => missed.CallbackType is not null, TimeSpan.FromSeconds(10), "missed interaction answered");
        await Task.Delay(300);

        Assert.Equal(4, first.CallbackType);
        Assert.Equal(2, _queue.Submitted);
        Assert.Equal(1, _gateway.Count("identify"));
        Assert.Contains(_gateway.Events, e => e.StartsWith("resume:", StringComparison.Ordinal) && e.EndsWith("@" + FakeGateway.ResumePath, StringComparison.Ordinal));
        Assert.Single(_discord.RequestsTo(CallbackRoute), r => r.Path.Contains(Id(first.Id), StringComparison.Ordinal));
        Assert.Single(_discord.RequestsTo(CallbackRoute), r => r.Path.Contains(Id(missed.Id), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnect_Op7_Resumes()
    {
        await StartBotAsync();

        await _gateway.SendAsync(7);

        await _gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed after op 7");
        Assert.Equal(1, _gateway.Count("identify"));
        Assert.Contains($"close:{GatewayCloseCodes.Reconnecting}", _gateway.Events);
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        await StartBotAsync();

        await _gateway.SendAsync(9, true);

        await _gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed after op 9 true");
        Assert.Equal(1, _gateway.Count("identify"));
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesAfresh_AfterAPause()
    {
        await StartBotAsync();
        var stopwatch = Stopwatch.StartNew();

        await _gateway.SendAsync(9, false);

        await _gateway.WaitUntilAsync(g => g.Count("identify") == 2 && g.Connected, TimeSpan.FromSeconds(10), "identified again");
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal(0, _gateway.Count("resume:"));
    }

    [Fact]
    public async Task MissingHeartbeatAck_IsAZombie_ClosedAndResumed()
    {
        _gateway.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        await StartBotAsync();

        _gateway.WithholdAcks = true;
        await _gateway.WaitUntilAsync(g => g.Count("resume:") >= 1, what: "resumed after zombie");
        _gateway.WithholdAcks = false;

        Assert.Equal(1, _gateway.Count("identify"));
        Assert.Contains(_bot!.Logs.Lines, l => l.Message.Contains("No heartbeat ACK", StringComparison.Ordinal));
        await _gateway.WaitUntilAsync(g => g.Connected, what: "connected again");
    }

    [Fact]
    public async Task HeartbeatRequest_IsAnsweredImmediately()
    {
        _gateway.HeartbeatInterval = TimeSpan.FromSeconds(40);
        await StartBotAsync();
        var before = _gateway.Count("heartbeat");

        await _gateway.SendAsync(1);

        await _gateway.WaitUntilAsync(g => g.Count("heartbeat") > before, TimeSpan.FromSeconds(2), "heartbeat");
    }

    [Theory]
    [InlineData(4009, 2, 0)]
    [InlineData(4000, 1, 1)]
    public async Task CloseCode_DecidesBetweenResumeAndIdentify(int code, int identifies, int resumes)
    {
        await StartBotAsync();

        await _gateway.CloseAsync(code);

        await _gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") + g.Count("resume:") == 2, TimeSpan.FromSeconds(10), "reconnected");
        Assert.Equal((identifies, resumes), (_gateway.Count("identify"), _gateway.Count("resume:")));
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AuthenticationFailed_4004_StopsTheApplication_WithOneClearLogLine()
    {
        try
        {
            // The token was revoked after the REST call: only the gateway refuses it.
            _gateway.AcceptedToken = "revoked";
            var bot = await StartBotAsync(waitForReady: false);
            var lifetime = bot.App.Services.GetRequiredService<IHostApplicationLifetime>();

            await DiscordRelay.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(10), "application stopping");

            var fatal = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
            Assert.Contains("4004", fatal.Message, StringComparison.Ordinal);
            Assert.Contains("Discord:BotToken", fatal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeDiscord.BotToken, string.Join('\n', bot.Logs.Lines.Select(l => l.Message)), StringComparison.Ordinal);
            Assert.Equal(GatewayClient.FatalExitCode, Environment.ExitCode);
            Assert.Equal(1, _gateway.Count("identify"));
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task RejectedBotToken_OnGetGatewayBot_StopsTheApplication()
    {
        try
        {
            var bot = await StartBotAsync(botToken: "wrong-token", waitForReady: false);
            var lifetime = bot.App.Services.GetRequiredService<IHostApplicationLifetime>();

            await DiscordRelay.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(10), "application stopping");

            Assert.Contains("Discord:BotToken", Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical).Message, StringComparison.Ordinal);
            Assert.Equal(0, _gateway.Count("connect:"));
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }
}
