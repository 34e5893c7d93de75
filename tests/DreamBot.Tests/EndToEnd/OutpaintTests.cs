using System.Globalization;
using DreamBot.Bot.Models;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Zoom out and Pan under results, through the fake Discord, with a Worker serving a tiny model and a tiny inpainting model.</summary>
public sealed class OutpaintTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await DreamBotSystem.StartAsync(workers: 0);
        var inpaint = TestPaths.NewTempDirectory("e2e-inpaint");
        TinyModelGenerator.Write(inpaint, TestPaths.Clip, new TinyModelOptions(Family: ModelFamily.Inpaint));
        await _system.StartWorkerAsync(new()
        {
            ["Model:Models:0:Name"] = "sd",
            ["Model:Models:0:Path"] = _system.ModelPath,
            ["Model:Models:1:Name"] = "inpaint",
            ["Model:Models:1:Path"] = inpaint,
        });
        var live = _system.Bot!.Services.GetRequiredService<LiveModels>();
        await Eventually.TrueAsync(() => Task.FromResult(live.Names().Contains("inpaint")), TimeSpan.FromSeconds(90), () => "the worker went live\n" + _system.Problems());
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task ZoomOut2x_PostsTwiceTheCanvas_WithTheOriginalExactlyInTheMiddle_AsAChargedGenerationWithItsParent()
    {
        var (parent, message) = await DreamAndWaitAsync();
        var zoom = Buttons(message).Single(b => b["label"]!.GetValue<string>() == "Zoom out 2×");

        var (click, ack) = await _system.ClickAsync(message, zoom["custom_id"]!.GetValue<string>());

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(click, ack), StringComparison.Ordinal);
        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child is { Status: GenerationStatus.Succeeded, Refunded: false }, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal(parent.Id, child.ParentGenerationId);
        Assert.Equal(("inpaint", 512, 512, new ImagePlacement(128, 128, 256, 256), 1.0, message.Attachments[0].Url),
            (child.Parameters.Model, child.Parameters.Width, child.Parameters.Height, child.Parameters.Placement, child.Parameters.Strength, child.Parameters.InitImage));
        Assert.Equal(CostUnits.For(512, 512, child.Parameters.Steps, 1), child.CostUnits);
        Assert.True(child.CostUnits > parent.CostUnits);
        using var original = Image.Load<Rgb24>(message.Attachments[0].Content);
        using var zoomed = Image.Load<Rgb24>(Assert.Single(result.Attachments).Content);
        Assert.Equal((512, 512), (zoomed.Width, zoomed.Height));
        Assert.Equal(0, Mismatches(zoomed, original, 128, 128));
        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"from generation {parent.Id}"), result.Embeds.Single()!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(result.Embeds.Single()!["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Extended" && f["value"]!.GetValue<string>() == "from 256×256 at 128, 128");
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task PanUp_AddsHalfTheHeightAbove_AndKeepsTheOriginalBelowIt()
    {
        var (parent, message) = await DreamAndWaitAsync();

        var (click, _) = await _system.ClickAsync(message, ResultButtons.Pan + string.Create(CultureInfo.InvariantCulture, $"{parent.Id}:{parent.Parameters.Seed}:up"));

        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child.Status == GenerationStatus.Succeeded, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal((256, 384, new ImagePlacement(0, 128, 256, 256)), (child.Parameters.Width, child.Parameters.Height, child.Parameters.Placement));
        Assert.Equal(CostUnits.For(256, 384, child.Parameters.Steps, 1), child.CostUnits);
        using var original = Image.Load<Rgb24>(message.Attachments[0].Content);
        using var panned = Image.Load<Rgb24>(Assert.Single(result.Attachments).Content);
        Assert.Equal((256, 384), (panned.Width, panned.Height));
        Assert.Equal(0, Mismatches(panned, original, 0, 128));
        // Panned results get the same buttons, so one can keep going.
        Assert.Contains(result.Components.SelectMany(r => r!["components"]!.AsArray()), c => c!["custom_id"]!.GetValue<string>().StartsWith(ResultButtons.Pan, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DreamWithAMask_RepaintsItsWhitePart_OnTheInpaintingModel_AndKeepsTheRest()
    {
        using var start = new Image<Rgb24>(256, 256, new Rgb24(200, 80, 40));
        using var mask = new Image<Rgb24>(128, 128);
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 128; x++)
                mask[x, y] = new Rgb24(255, 255, 255);
        }
        var image = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "start.png", TestImages.Png(start));
        // A mask of another size is fitted to the image: here, the top half is repainted.
        var hostedMask = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "mask.png", TestImages.Png(mask));

        var (interaction, _) = await _system.SendAsync(i =>
        {
            var payload = ImageToImageFromDiscordTests.Payload(i, image, "image/png", image.Content.Length, 26_214_400, ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256));
            var maskId = hostedMask.Id.ToString(CultureInfo.InvariantCulture);
            payload["data"]!["options"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "mask", ["type"] = 11, ["value"] = maskId });
            payload["data"]!["resolved"]!["attachments"]![maskId] = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = maskId, ["filename"] = hostedMask.Filename, ["size"] = hostedMask.Content.Length, ["url"] = hostedMask.Url,
                ["proxy_url"] = hostedMask.ProxyUrl, ["content_type"] = "image/png",
            };
            return payload;
        });

        var result = await ResultOfAsync(interaction);
        var row = await _system.FinishedAsync(interaction.Id);
        Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.Equal(("inpaint", hostedMask.Url, 1.0), (row.Parameters.Model, row.Parameters.Mask, row.Parameters.Strength));
        using var painted = Image.Load<Rgb24>(result.Attachments[0].Content);
        using var bottom = start.Clone(c => c.Crop(new Rectangle(0, 128, 256, 128)));
        Assert.Equal(0, Mismatches(painted, bottom, 0, 128));
        using var top = start.Clone(c => c.Crop(new Rectangle(0, 0, 256, 128)));
        Assert.True(Mismatches(painted, top, 0, 0) > 0, "the white part is repainted");
    }

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync()
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("model", 3, "sd"), ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        var message = await ResultOfAsync(interaction);
        await using var db = _system.Database.CreateContext();
        return (await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id), message);
    }

    private static System.Text.Json.Nodes.JsonNode[] Buttons(FakeMessage message) =>
        [.. message.Components.SelectMany(r => r!["components"]!.AsArray()).Where(c => c!["label"] is not null).Select(c => c!)];

    private async Task<FakeMessage> ResultOfAsync(FakeInteraction interaction)
    {
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        return interaction.Original!;
    }

    internal static int Mismatches(Image<Rgb24> image, Image<Rgb24> part, int left, int top) => TestImages.Mismatches(image, part, left, top);
}

/// <summary>Without an inpainting model served, Zoom out and Pan say so, naming what is served.</summary>
public sealed class OutpaintUnservedTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Theory]
    [InlineData(ResultButtons.ZoomOut, "2")]
    [InlineData(ResultButtons.Pan, "left")]
    public async Task ZoomOutAndPan_WhenNoWorkerServesAnInpaintingModel_AreRefusedPrivately_ListingWhatIsServed(string prefix, string action)
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        long id;
        await using (var db = _system.Database.CreateContext())
            id = await db.Generations.Where(g => g.InteractionId == interaction.Id).Select(g => g.Id).SingleAsync();

        var (click, ack) = await _system.ClickAsync(interaction.Original!, prefix + string.Create(CultureInfo.InvariantCulture, $"{id}:4000:{action}"));

        Assert.Equal(($"No worker serves an inpainting model right now, so images can't be zoomed out or panned. Served: `{ModelOptions.NameFromFolder(_system.ModelPath)}`, none of which inpaints.", true),
            await _system.Discord.ReplyAsync(click, ack));
        await using var check = _system.Database.CreateContext();
        Assert.False(await check.Generations.AnyAsync(g => g.InteractionId == click.Id));
    }
}
