using System.Diagnostics;
using DreamBot.Bot.Gateway;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Gateway;

/// <summary>The gateway session survives drops, reconnect requests, invalid sessions, zombies and close codes; fatal codes stop the app.</summary>
public sealed class GatewaySessionTests : IAsyncLifetime
{
    private GatewayTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await GatewayTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task DroppedConnection_Resumes_AndNoInteractionIsLostOrHandledTwice()
    {
        await _bed.StartBotAsync();
        _bed.Gateway.ReplayEverythingOnResume = true;
        var first = await _bed.DreamAsync("first");

        _bed.Gateway.Drop();
        var missed = _bed.Discord.CreateInteraction(InteractionPayloads.ChannelId);
        await _bed.Gateway.DispatchInteractionAsync(InteractionPayloads.Dream("while away", missed.Id, missed.Token));
        await _bed.Gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed");
        await DiscordRelay.WaitUntilAsync(() => missed.CallbackType is not null, TimeSpan.FromSeconds(60), "missed interaction answered");
        await Task.Delay(300);

        Assert.Equal(4, first.CallbackType);
        Assert.Equal(2, _bed.Queue.Submitted);
        Assert.Equal(1, _bed.Gateway.Count("identify"));
        Assert.Contains(_bed.Gateway.Events, e => e.StartsWith("resume:", StringComparison.Ordinal) && e.EndsWith("@" + FakeGateway.ResumePath, StringComparison.Ordinal));
        Assert.Single(_bed.Discord.RequestsTo(GatewayTestBed.CallbackRoute), r => r.Path.Contains(Id(first.Id), StringComparison.Ordinal));
        Assert.Single(_bed.Discord.RequestsTo(GatewayTestBed.CallbackRoute), r => r.Path.Contains(Id(missed.Id), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnect_Op7_Resumes()
    {
        await _bed.StartBotAsync();

        await _bed.Gateway.SendAsync(7);

        await _bed.Gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed after op 7");
        Assert.Equal(1, _bed.Gateway.Count("identify"));
        Assert.Contains($"close:{GatewayCloseCodes.Reconnecting}", _bed.Gateway.Events);
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        await _bed.StartBotAsync();

        await _bed.Gateway.SendAsync(9, true);

        await _bed.Gateway.WaitUntilAsync(g => g.Count("resume:") == 1 && g.Connected, what: "resumed after op 9 true");
        Assert.Equal(1, _bed.Gateway.Count("identify"));
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesAfresh_AfterAPause()
    {
        await _bed.StartBotAsync();
        var stopwatch = Stopwatch.StartNew();

        await _bed.Gateway.SendAsync(9, false);

        await _bed.Gateway.WaitUntilAsync(g => g.Count("identify") == 2 && g.Connected, TimeSpan.FromSeconds(60), "identified again");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"identified again after {stopwatch.Elapsed}, without the pause Discord asks for");
        Assert.Equal(0, _bed.Gateway.Count("resume:"));
    }

    [Fact]
    public async Task MissingHeartbeatAck_IsAZombie_ClosedAndResumed()
    {
        _bed.Gateway.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        await _bed.StartBotAsync();

        _bed.Gateway.WithholdAcks = true;
        await _bed.Gateway.WaitUntilAsync(g => g.Count("resume:") >= 1, what: "resumed after zombie");
        _bed.Gateway.WithholdAcks = false;

        Assert.Equal(1, _bed.Gateway.Count("identify"));
        Assert.Contains(_bed.Bot!.Logs.Lines, l => l.Message.Contains("No heartbeat ACK", StringComparison.Ordinal));
        await _bed.Gateway.WaitUntilAsync(g => g.Connected, what: "connected again");
    }

    [Fact]
    public async Task HeartbeatRequest_IsAnsweredImmediately()
    {
        _bed.Gateway.HeartbeatInterval = TimeSpan.FromSeconds(40);
        await _bed.StartBotAsync();
        var before = _bed.Gateway.Count("heartbeat");

        await _bed.Gateway.SendAsync(1);

        await _bed.Gateway.WaitUntilAsync(g => g.Count("heartbeat") > before, TimeSpan.FromSeconds(20), "heartbeat");
    }

    [Theory]
    [InlineData(4009, 2, 0)]
    [InlineData(4000, 1, 1)]
    public async Task CloseCode_DecidesBetweenResumeAndIdentify(int code, int identifies, int resumes)
    {
        await _bed.StartBotAsync();

        await _bed.Gateway.CloseAsync(code);

        await _bed.Gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") + g.Count("resume:") == 2, TimeSpan.FromSeconds(60), "reconnected");
        Assert.Equal((identifies, resumes), (_bed.Gateway.Count("identify"), _bed.Gateway.Count("resume:")));
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AuthenticationFailed_4004_StopsTheApplication_WithOneClearLogLine()
    {
        try
        {
            // The token was revoked after the REST call: only the gateway refuses it.
            _bed.Gateway.AcceptedToken = "revoked";
            var bot = await _bed.StartBotAsync(waitForReady: false);
            var lifetime = bot.App.Services.GetRequiredService<IHostApplicationLifetime>();

            await DiscordRelay.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(60), "application stopping");

            var fatal = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
            Assert.Contains("4004", fatal.Message, StringComparison.Ordinal);
            Assert.Contains("Discord:BotToken", fatal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeDiscord.BotToken, string.Join('\n', bot.Logs.Lines.Select(l => l.Message)), StringComparison.Ordinal);
            Assert.Equal(GatewayClient.FatalExitCode, Environment.ExitCode);
            Assert.Equal(1, _bed.Gateway.Count("identify"));
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
            var bot = await _bed.StartBotAsync(botToken: "wrong-token", waitForReady: false);
            var lifetime = bot.App.Services.GetRequiredService<IHostApplicationLifetime>();

            await DiscordRelay.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(60), "application stopping");

            Assert.Contains("Discord:BotToken", Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical).Message, StringComparison.Ordinal);
            Assert.Equal(0, _bed.Gateway.Count("connect:"));
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task Shutdown_ClosesTheSessionNormally()
    {
        var bot = await _bed.StartBotAsync();

        await bot.App.StopAsync();

        await _bed.Gateway.WaitUntilAsync(g => g.Events.Contains("close:1000"), what: "close 1000");
    }
}
