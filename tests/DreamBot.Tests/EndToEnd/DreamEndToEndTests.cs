using DreamBot.Shared.Data;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;

namespace DreamBot.Tests.EndToEnd;

public sealed class DreamEndToEndTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Dream_IsAcknowledgedQueuedRenderedAndPostedOnceWithImageEmbedAndButtons()
    {
        var (interaction, ack) = await _system.DreamAsync("a lighthouse at dusk",
            ("steps", 4, 12), ("width", 4, 256), ("height", 4, 256), ("seed", 4, 1234), ("sampler", 3, "euler_a"));

        // Answered at once, or deferred and then edited when the first request warms the database up.
        var queuedText = ack["type"]!.GetValue<int>() == 4
            ? ack["data"]!["content"]!.GetValue<string>()
            : await FirstOriginalEditAsync(interaction.Token);
        Assert.StartsWith("Queued — position 1", queuedText, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "the result was posted\n" + _system.Problems());
        var message = interaction.Original!;
        using (var image = Image.Load(message.Attachments[0].Content))
            Assert.Equal((256, 256), (image.Width, image.Height));
        var embed = message.Embeds.Single()!.AsObject();
        Assert.Equal("a lighthouse at dusk", embed["title"]!.GetValue<string>());
        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("1234", fields["Seed"]);
        Assert.Equal("12", fields["Steps"]);
        Assert.Equal("euler_a", fields["Sampler"]);
        Assert.Equal("256×256", fields["Size"]);
        Assert.Contains("Queue wait", fields.Keys);
        Assert.Contains("Render time", fields.Keys);
        var labels = message.Components.Select(row => row!["components"]!.AsArray().Select(c => (c!["label"] ?? c["placeholder"])!.GetValue<string>()).ToArray()).ToArray();
        Assert.Equal([["Reroll", "Variations", "Delete"], ["Vary (subtle)", "Vary (strong)", "Zoom out 1.5×", "Zoom out 2×"],
            ["Pan left", "Pan right", "Pan up", "Pan down"], ["Rate this image (private)"]], labels);
        Assert.Empty(_system.Discord.ValidationFailures);

        var row = await _system.FinishedAsync(interaction.Id);
        Assert.Equal(GenerationStatus.Succeeded, row.Status);
        Assert.NotNull(row.StartedAt);
        Assert.NotNull(row.FinishedAt);
        Assert.True(row.FinishedAt >= row.StartedAt && row.StartedAt >= row.QueuedAt);
        Assert.Equal(message.Id, row.ResultMessageId);
        Assert.Equal(12.0 / 50 * 0.25, row.CostUnits, precision: 6);
        Assert.False(string.IsNullOrEmpty(row.Worker));
    }

    private async Task<string> FirstOriginalEditAsync(string token)
    {
        bool IsEdit(Fakes.Discord.RecordedRequest r) => r.Method == "PATCH" && r.Path.Contains(token, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => _system.Discord.Requests.Any(IsEdit), TimeSpan.FromSeconds(60), "the deferred reply was delivered");
        return _system.Discord.Requests.First(IsEdit).Json!["content"]!.GetValue<string>();
    }
}
