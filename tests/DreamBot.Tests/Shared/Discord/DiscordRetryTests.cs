using System.Net;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Discord.RateLimiting;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordRetryTests : FakeDiscordClientTest
{
    private const long ChannelId = 1500000000000000001;
    private static readonly string CreateMessage = DiscordRoute.CreateMessage.ToString();

    private Task<DiscordMessage> Post() => _client.CreateMessageAsync(ChannelId, new MessagePayload { Content = "retry me" });

    [Fact]
    public async Task ServerErrors_AreRetriedUntilDiscordAnswers()
    {
        _discord.InjectFault(CreateMessage, FakeFault.ServerError(500));
        _discord.InjectFault(CreateMessage, FakeFault.BadGateway);

        var message = await Post();

        Assert.Equal(3, _discord.RequestsTo(CreateMessage).Count);
        Assert.Equal(message.Id, Assert.Single(_discord.Messages(ChannelId)).Id);
    }

    [Fact]
    public async Task ServerErrors_SurfaceAsDiscordApiExceptionAfterTheBoundedRetries()
    {
        _discord.InjectFault(CreateMessage, FakeFault.BadGateway, times: 10);

        var error = await Assert.ThrowsAsync<DiscordApiException>(Post);

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Code);
        Assert.Equal(FakeDiscordServices.FastRetries.MaxRetries + 1, _discord.RequestsTo(CreateMessage).Count);
    }

    [Fact]
    public async Task ServerErrorRetries_BackOffExponentially()
    {
        var policy = FakeDiscordServices.FastRetries with { BaseDelay = TimeSpan.FromMilliseconds(60), MaxDelay = TimeSpan.FromSeconds(1) };
        await using var services = _discord.BuildClientServices(policy);
        _discord.InjectFault(CreateMessage, FakeFault.ServerError(503), times: 3);

        await services.GetRequiredService<DiscordRestClient>().CreateMessageAsync(ChannelId, new MessagePayload { Content = "x" });

        var arrivals = _discord.RequestsTo(CreateMessage).Select(r => r.ArrivedAt).ToList();
        Assert.Equal(4, arrivals.Count);
        // Retry n waits 50–100 % of base·2^(n-1): at least 30, 60 and 120 ms.
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(30));
        Assert.True(arrivals[2] - arrivals[1] >= TimeSpan.FromMilliseconds(60));
        Assert.True(arrivals[3] - arrivals[2] >= TimeSpan.FromMilliseconds(120));
    }

    [Fact]
    public async Task ADroppedConnection_IsRetried()
    {
        _discord.InjectFault(CreateMessage, FakeFault.DropConnection);

        await Post();

        Assert.Equal(2, _discord.RequestsTo(CreateMessage).Count);
        Assert.Single(_discord.Messages(ChannelId));
    }

    [Fact]
    public async Task DroppedConnections_SurfaceAsHttpRequestExceptionAfterTheBoundedRetries()
    {
        _discord.InjectFault(CreateMessage, FakeFault.DropConnection, times: 10);

        await Assert.ThrowsAsync<HttpRequestException>(Post);

        Assert.Equal(FakeDiscordServices.FastRetries.MaxRetries + 1, _discord.RequestsTo(CreateMessage).Count);
    }

    [Fact]
    public async Task AStalledAttempt_TimesOutAndIsRetried()
    {
        var policy = FakeDiscordServices.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(200) };
        await using var services = _discord.BuildClientServices(policy);
        var stall = TimeSpan.FromSeconds(60);
        _discord.InjectFault(CreateMessage, FakeFault.Stall(stall));

        var started = DateTimeOffset.UtcNow;
        await services.GetRequiredService<DiscordRestClient>().CreateMessageAsync(ChannelId, new MessagePayload { Content = "x" });

        Assert.True(DateTimeOffset.UtcNow - started < stall / 2, "the stalled attempt was not abandoned");
        Assert.Equal(2, _discord.RequestsTo(CreateMessage).Count);
        Assert.Single(_discord.Messages(ChannelId));
    }

    [Fact]
    public async Task StalledAttempts_SurfaceAsTimeoutExceptionAfterTheBoundedRetries()
    {
        var policy = FakeDiscordServices.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(100), MaxRetries = 1 };
        await using var services = _discord.BuildClientServices(policy);
        _discord.InjectFault(CreateMessage, FakeFault.Stall(TimeSpan.FromSeconds(10)), times: 5);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            services.GetRequiredService<DiscordRestClient>().CreateMessageAsync(ChannelId, new MessagePayload { Content = "x" }));

        Assert.Equal(2, _discord.RequestsTo(CreateMessage).Count);
    }

    [Fact]
    public async Task CallerCancellation_IsNotRetried()
    {
        _discord.InjectFault(CreateMessage, FakeFault.Stall(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource();
        var sending = _client.CreateMessageAsync(ChannelId, new MessagePayload { Content = "x" }, cancellationToken: cancel.Token);
        // Cancelled once the attempt is at Discord, however long the machine took to send it.
        await Eventually.TrueAsync(() => _discord.RequestsTo(CreateMessage).Count == 1, TimeSpan.FromSeconds(30), "the request reached Discord");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Single(_discord.RequestsTo(CreateMessage));
    }

    [Fact]
    public async Task DiscordsErrorJson_IsMappedIntoTheExceptionWithoutRetrying()
    {
        const string errors = """{"embeds":{"0":{"title":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 256 or fewer in length."}]}}}}""";
        _discord.InjectFault(CreateMessage, FakeFault.Error(403, 50013, "Missing Permissions", errors));

        var error = await Assert.ThrowsAsync<DiscordApiException>(Post);

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(DiscordErrorCodes.MissingPermissions, error.Code);
        Assert.Equal("Missing Permissions", error.DiscordMessage);
        Assert.Equal(errors, error.ErrorsJson);
        Assert.Equal(CreateMessage, error.Route);
        Assert.Single(_discord.RequestsTo(CreateMessage));
    }

    [Fact]
    public async Task AnExpiredInteractionToken_SurfacesInvalidWebhookToken()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        interaction.Expired = true;

        var error = await Assert.ThrowsAsync<DiscordApiException>(() =>
            _client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "too late" }));

        Assert.Equal(DiscordErrorCodes.InvalidWebhookToken, error.Code);
        Assert.DoesNotContain(interaction.Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DelayBeforeRetry_GrowsExponentiallyWithinJitterAndCap()
    {
        var policy = new DiscordRetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) };

        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.DelayBeforeRetry(1, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayBeforeRetry(2, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(4), policy.DelayBeforeRetry(3, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBeforeRetry(6, jitter: 1));
    }
}
