using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DreamBot.Shared.Data;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.EndToEnd;

public sealed class ImageToImageFromDiscordTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Dream_WithAnAttachedImage_RendersFromItAtTheRequestedStrength()
    {
        using var start = new Image<Rgb24>(320, 200, new Rgb24(200, 80, 40));
        using var png = new MemoryStream();
        await start.SaveAsPngAsync(png);
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "start.png", png.ToArray());

        var (interaction, _) = await DreamWithAttachmentAsync(hosted, "image/png", ("strength", 10, 0.5), ("steps", 4, 6), ("width", 4, 256), ("height", 4, 256));

        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        var row = await _system.FinishedAsync(interaction.Id);
        Assert.Equal((GenerationStatus.Succeeded, hosted.Url, 0.5f), (row.Status, row.Parameters.InitImage, row.Parameters.Strength));
        Assert.Contains(interaction.Original!.Embeds.Single()!["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Strength");
    }

    [Fact]
    public async Task Dream_WithAFileThatIsNotAnImage_FailsWithAClearReasonAndRefunds()
    {
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "notes.png", Encoding.UTF8.GetBytes("these are not pixels"));

        var (interaction, _) = await DreamWithAttachmentAsync(hosted, "image/png", ("steps", 4, 4), ("width", 4, 256), ("height", 4, 256));

        await Eventually.TrueAsync(() => interaction.Original?.Content.StartsWith("Sorry, this one failed", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60), () => "the failure was reported\n" + _system.Problems());
        Assert.DoesNotContain("   at ", interaction.Original!.Content, StringComparison.Ordinal);
        var row = await _system.FinishedAsync(interaction.Id);
        Assert.Equal((GenerationStatus.Failed, true), (row.Status, row.Refunded));
    }

    [Fact]
    public async Task Dream_WithAnAttachmentOverDiscordsUploadLimit_IsRefusedEphemerally()
    {
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "huge.png", [1, 2, 3]);

        var (interaction, ack) = await _system.SendAsync(i => Payload(i, hosted, "image/png", sizeBytes: 30_000_000, attachmentSizeLimit: 10_000_000));

        Assert.True((await _system.Discord.ReplyAsync(interaction, ack)).Private);
        await using var db = _system.Database.CreateContext();
        Assert.Equal(0, await db.Generations.CountAsync());
    }

    private Task<(FakeInteraction Interaction, JsonNode Ack)> DreamWithAttachmentAsync(
        FakeAttachment hosted, string contentType, params (string Name, int Type, JsonNode? Value)[] more) =>
        _system.SendAsync(i => Payload(i, hosted, contentType, hosted.Content.Length, 26_214_400, more));

    internal static JsonObject Payload(FakeInteraction interaction, FakeAttachment hosted, string contentType, long sizeBytes, long attachmentSizeLimit,
        params (string Name, int Type, JsonNode? Value)[] more)
    {
        var id = hosted.Id.ToString(CultureInfo.InvariantCulture);
        var resolved = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                [id] = new JsonObject
                {
                    ["id"] = id, ["filename"] = hosted.Filename, ["size"] = sizeBytes, ["url"] = hosted.Url,
                    ["proxy_url"] = hosted.ProxyUrl, ["content_type"] = contentType,
                },
            },
        };
        return InteractionPayloads.Command("dream", [("prompt", 3, "a lighthouse"), ("image", 11, id), .. more],
            id: interaction.Id, token: interaction.Token, resolved: resolved, attachmentSizeLimit: attachmentSizeLimit);
    }
}
