using System.Text.Json.Nodes;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.EndToEnd;

/// <summary>/dream and the Worker's command line share one parameters shape and one set of defaults.</summary>
public sealed class OneRequestShapeTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Dream_AndGenerate_WithOnlyAPromptAndASeed_WriteTheSamePng()
    {
        var (interaction, _) = await _system.DreamAsync("a lighthouse at dusk", ("seed", 4, 1234));
        var posted = await PostedPngAsync(interaction);

        var written = await GenerateAsync("--prompt", "a lighthouse at dusk", "--seed", "1234");

        Assert.Equal(PngEncoding.ReadParameters(written), PngEncoding.ReadParameters(posted));
        // The tiny model's scheduler_config.json names PNDMScheduler, as Stable Diffusion 1.5's does.
        Assert.Contains($"Steps: {DreamLimits.DefaultSteps}, Sampler: pndm", PngEncoding.ReadParameters(posted), StringComparison.Ordinal);
        var row = await _system.FinishedAsync(interaction.Id);
        Assert.Equal(Samplers.Pndm, row.Parameters.Sampler);
        Assert.Contains(interaction.Original!.Embeds.Single()!["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Sampler" && f["value"]!.GetValue<string>() == "pndm");
        Assert.Equal(StableDiffusionPipelineTests.Pixels(written), StableDiffusionPipelineTests.Pixels(posted));
    }

    [Fact]
    public async Task ImageToImage_AtStrength07And20Steps_RunsFourteenSteps_AndDreamAndGenerateAgree()
    {
        var start = StartImage();
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "start.png", start);
        var (interaction, _) = await DreamWithImageAsync(hosted, ("strength", 10, 0.7), ("steps", 4, 20), ("seed", 4, 99), ("width", 4, 256), ("height", 4, 256));
        var posted = await PostedPngAsync(interaction);
        var row = await _system.FinishedAsync(interaction.Id);

        var initFile = Path.Combine(TestPaths.NewTempDirectory("one-shape-init"), "start.png");
        await File.WriteAllBytesAsync(initFile, start);
        var written = await GenerateAsync("--prompt", "a lighthouse", "--seed", "99", "--init-image", initFile, "--strength", "0.7",
            "--steps", "20", "--width", "256", "--height", "256");

        // diffusers runs int(20 × 0.7) = 14 steps; 0.7 held as a 32-bit float gave 13.
        Assert.Equal((0.7, 14), (row.Parameters.Strength, row.Parameters.DenoisingSteps));
        Assert.Equal(PngEncoding.ReadParameters(written), PngEncoding.ReadParameters(posted));
        Assert.Equal(StableDiffusionPipelineTests.Pixels(written), StableDiffusionPipelineTests.Pixels(posted));
    }

    [Fact]
    public async Task RerollAndVariations_OfAnImageToImageResult_StartFromTheSameImage_AndRecordTheirParent()
    {
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "start.png", StartImage());
        var (interaction, _) = await DreamWithImageAsync(hosted, ("strength", 10, 0.6), ("steps", 4, 5), ("width", 4, 256), ("height", 4, 256));
        await PostedPngAsync(interaction);
        var parent = await _system.FinishedAsync(interaction.Id);

        var (reroll, rerollAck) = await _system.ClickAsync(interaction.Original!, ResultButtons.Reroll + parent.Id);
        var (variations, _) = await _system.ClickAsync(interaction.Original!, ResultButtons.Variations + parent.Id);

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(reroll, rerollAck), StringComparison.Ordinal);
        var rerolled = await _system.FinishedAsync(reroll.Id);
        var varied = await _system.FinishedAsync(variations.Id);
        Assert.Equal((GenerationStatus.Succeeded, GenerationStatus.Succeeded), (rerolled.Status, varied.Status));
        Assert.Equal(parent.Parameters with { Seed = rerolled.Parameters.Seed }, rerolled.Parameters);
        Assert.Equal(parent.Parameters with { Seed = parent.Parameters.Seed + 1, Count = 3 }, varied.Parameters);
        Assert.Equal((parent.Id, parent.Id), (rerolled.ParentGenerationId, varied.ParentGenerationId));
        await Eventually.TrueAsync(() => variations.Original?.Attachments.Count == 3, TimeSpan.FromSeconds(60), () => "three variations were posted\n" + _system.Problems());
        Assert.EndsWith(FormattableString.Invariant($"from generation {parent.Id}"), variations.Original!.Embeds.Single()!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    private async Task<byte[]> PostedPngAsync(FakeInteraction interaction)
    {
        // Progress edits carry a preview image too; the result is the edit with the buttons.
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(90), () => "a result was posted\n" + _system.Problems());
        return interaction.Original!.Attachments[0].Content;
    }

    private async Task<byte[]> GenerateAsync(params string[] options)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("one-shape-cli"), "out.png");
        var exit = await WorkerCli.RunAsync(["generate", "--model", _system.ModelPath, "--device", "cpu", "--out", output, .. options]);
        Assert.Equal(0, exit);
        return await File.ReadAllBytesAsync(output);
    }

    private static byte[] StartImage() => TestImages.Gradient(320, 200, blue: 90);

    private Task<(FakeInteraction Interaction, JsonNode Ack)> DreamWithImageAsync(FakeAttachment hosted, params (string Name, int Type, JsonNode? Value)[] more) =>
        _system.SendAsync(i => ImageToImageFromDiscordTests.Payload(i, hosted, "image/png", hosted.Content.Length, 26_214_400, more));
}
