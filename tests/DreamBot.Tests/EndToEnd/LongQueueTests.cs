using DreamBot.Worker.Delivery;
using System.Globalization;
using DreamBot.Bot.Waiting;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

public sealed class LongQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset DiscordEpoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string CreateMessage = "POST /channels/{channel_id}/messages";
    private DreamBotSystem _system = null!;

    // No worker yet: the tests decide when rendering starts.
    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Result_GoesToTheChannelAndMentionsTheUser_WhenTheInteractionTokenHasExpired()
    {
        await _system.DreamAsync("an old request", ("steps", 4, 4), ("width", 4, 256), ("height", 4, 256));
        // The queue was long: by the time a worker gets to it the interaction is 20 minutes old.
        var twentyMinutesAgo = (long)(DateTimeOffset.UtcNow.AddMinutes(-20) - DiscordEpoch).TotalMilliseconds << 22;
        // A deferred acknowledgement may arrive before the row is written: wait for the row.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            return await db.Generations.ExecuteUpdateAsync(s => s.SetProperty(g => g.InteractionId, twentyMinutesAgo)) == 1;
        }, TimeSpan.FromSeconds(60), "the generation was recorded");

        await _system.StartWorkerAsync();

        await Eventually.TrueAsync(() => ChannelResults().Count > 0, TimeSpan.FromSeconds(60), () => "the result was posted to the channel\n" + _system.Problems());
        var posted = Assert.Single(ChannelResults());
        Assert.Contains($"<@{InteractionPayloads.UserId}>", posted.Content, StringComparison.Ordinal);
        Assert.Equal(InteractionPayloads.UserId.ToString(CultureInfo.InvariantCulture), posted.AllowedMentions!["users"]!.AsArray().Single()!.GetValue<string>());
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task ChannelResult_IsRetriedWithItsNonce_SoDiscordCreatesItOnce()
    {
        await _system.DreamAsync("an old request", ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256));
        var twentyMinutesAgo = (long)(DateTimeOffset.UtcNow.AddMinutes(-20) - DiscordEpoch).TotalMilliseconds << 22;
        long generationId = 0;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            generationId = await db.Generations.Select(g => g.Id).SingleOrDefaultAsync();
            return await db.Generations.ExecuteUpdateAsync(s => s.SetProperty(g => g.InteractionId, twentyMinutesAgo)) == 1;
        }, TimeSpan.FromSeconds(60), "the generation was recorded");
        // A 5xx may come after Discord created the message; the retry must be recognisable as the same message.
        _system.Discord.InjectFault(CreateMessage, FakeFault.ServerError(502));

        await _system.StartWorkerAsync();

        await Eventually.TrueAsync(() => ChannelResults().Count > 0, TimeSpan.FromSeconds(60), () => "the result was posted to the channel\n" + _system.Problems());
        var posts = _system.Discord.RequestsTo(CreateMessage);
        Assert.True(posts.Count >= 2, "the failed post was retried");
        Assert.All(posts, post =>
        {
            Assert.Equal(ResultPoster.Nonce(generationId, ResultPoster.NonceKind.Result), post.Json!["nonce"]!.GetValue<string>());
            Assert.True(post.Json!["enforce_nonce"]!.GetValue<bool>());
        });
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task QueuedMessage_ShowsTheNewPosition_WhenTheQueueMoves()
    {
        var (first, _) = await _system.DreamAsync("first in line", ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256));
        var (second, _) = await _system.DreamAsync("second in line", ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256));
        // A deferred acknowledgement can come before the request is recorded.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            var firstId = await db.Generations.Where(g => g.InteractionId == first.Id).Select(g => (long?)g.Id).SingleOrDefaultAsync();
            if (firstId is not { } id)
                return false;
            await db.CancelAsync(id, DateTimeOffset.UtcNow, CancellationToken.None);
            return true;
        }, TimeSpan.FromSeconds(60), "the first request was recorded and cancelled");

        await Eventually.TrueAsync(() => second.Original?.Content.StartsWith("Queued — position 1", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60), () => $"the position was updated (shows '{second.Original?.Content}')\n" + _system.Problems());
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    private List<Fakes.Discord.FakeMessage> ChannelResults() =>
        [.. _system.Discord.Messages(DreamBotSystem.ChannelId).Where(m => m.Attachments.Count > 0 && m.WebhookId is null)];
}
