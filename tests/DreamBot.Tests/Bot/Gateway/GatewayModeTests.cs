using DreamBot.Bot.Interactions;
using DreamBot.Bot.Replies;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Gateway;

/// <summary>Gateway mode end to end: /dream through the real Bot host, the fake gateway and the fake REST server.</summary>
public sealed class GatewayModeTests : IAsyncLifetime
{
    private GatewayTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await GatewayTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Dream_OverTheGateway_IsAcknowledgedInTime_AndTheResultFollowsAsAPng()
    {
        await _bed.StartBotAsync();
        Assert.Contains("identify:0:dreambot", _bed.Gateway.Events);
        Assert.Contains("connect:/gateway?v=10&encoding=json", _bed.Gateway.Events);
        await DiscordRelay.WaitUntilAsync(() => _bed.Discord.State.GuildCommands(InteractionPayloads.GuildId) is { } commands
            && commands.Any(c => c!["name"]!.GetValue<string>() == "dream"), TimeSpan.FromSeconds(60), "guild commands");
        Assert.Single(_bed.Discord.RequestsTo("PUT /applications/{application_id}/guilds/{guild_id}/commands"));

        var interaction = await _bed.DreamAsync();

        Assert.True(interaction.AcknowledgedInTime, $"acknowledged {interaction.AcknowledgedAt - interaction.CreatedAt} after creation");
        Assert.Equal(4, interaction.CallbackType);
        Assert.Equal("Queued — position 3", interaction.Original!.Content);
        var request = await _bed.Queue.NextAcceptedAsync(TimeSpan.FromSeconds(60));
        await TestDreamQueue.PostResultAsync(_bed.Bot!.Rest, request);
        Assert.Equal("dream.png", Assert.Single(Assert.Single(interaction.Followups).Attachments).Filename);
        Assert.Empty(_bed.Discord.ValidationFailures);
    }

    [Fact]
    public async Task Dream_IsReleasedToTheWorkers_OnlyOnceDiscordHasTheAcknowledgement()
    {
        await _bed.StartBotAsync();
        var released = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.Queue.OnRelease = request =>
        {
            released.SetResult(_bed.Discord.State.Interaction(request.Origin.InteractionToken)?.CallbackType);
            return Task.CompletedTask;
        };

        await _bed.DreamAsync();

        Assert.Equal(4, await released.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SlowQueue_GetsADeferredAckInTime_AndTheOriginalIsEditedLater()
    {
        await _bed.StartBotAsync();
        _bed.Queue.Delay = TimeSpan.FromSeconds(5);

        var interaction = await _bed.DreamAsync();

        Assert.Equal(5, interaction.CallbackType);
        Assert.True(interaction.AcknowledgedInTime, $"deferred {interaction.AcknowledgedAt - interaction.CreatedAt} after creation");
        await DiscordRelay.WaitUntilAsync(() => interaction.Original?.Content == "Queued — position 3", TimeSpan.FromSeconds(60), "original edited");
    }

    [Fact]
    public async Task SlowRefusal_StaysPrivate_AfterAPublicDeferral()
    {
        await _bed.StartBotAsync();
        _bed.Queue.Delay = TimeSpan.FromSeconds(2.5);
        _bed.Queue.Refusal = "You already have 3 requests waiting.";

        var interaction = await _bed.DreamAsync();

        Assert.Equal(5, interaction.CallbackType);
        await DiscordRelay.WaitUntilAsync(() => interaction.Followups.Count == 1, TimeSpan.FromSeconds(60), "private follow-up");
        Assert.Equal(DeferredReplyDelivery.PrivateNotice, interaction.Original!.Content);
        var followup = Assert.Single(interaction.Followups);
        Assert.Equal(("You already have 3 requests waiting.", 64), (followup.Content, followup.Flags & 64));
        Assert.Empty(_bed.Discord.ValidationFailures);
    }

    [Fact]
    public async Task FailingQueue_GetsAnEphemeralTryAgain()
    {
        await _bed.StartBotAsync();
        _bed.Queue.Failure = new InvalidOperationException("queue down");

        var interaction = await _bed.DreamAsync();

        Assert.Equal(CommandReply.Unavailable, interaction.Original!.Content);
        Assert.Equal(64, interaction.Original.Flags & 64);
    }
}
