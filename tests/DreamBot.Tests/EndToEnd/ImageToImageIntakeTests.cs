using System.Text.Json.Nodes;
using DreamBot.ModelBuilder;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Image-to-image requests that could only fail on the worker are refused when they are made.</summary>
public sealed class ImageToImageIntakeTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;
    private string _noEncoder = null!;

    public async Task InitializeAsync()
    {
        _system = await DreamBotSystem.StartAsync(workers: 0);
        _noEncoder = TestPaths.NewTempDirectory("no-encoder");
        TinyModelGenerator.Write(_noEncoder, TestPaths.Clip, new TinyModelOptions(VaeEncoder: false));
        await _system.StartWorkerAsync(new() { ["Model:Path"] = _noEncoder, ["Model:Name"] = "textonly" });
        await _system.UntilModelPublishedAsync("textonly");
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_noEncoder, recursive: true);
    }

    [Fact]
    public async Task Dream_WithAnImage_IsRefusedAtOnce_WhenTheWorkersModelHasNoVaeEncoder()
    {
        await using (var db = _system.Database.CreateContext())
            Assert.False((await db.ServedModels.SingleAsync(m => m.Name == "textonly")).SupportsImageToImage);

        var byDefault = await DreamWithImageAsync(("steps", 4, 4));
        var named = await DreamWithImageAsync(("steps", 4, 4), ("model", 3, "textonly"));

        Assert.Equal("The default model can't start from an image (it has no VAE encoder). Leave out `image` to draw from the prompt alone.", byDefault);
        Assert.Equal("The model `textonly` can't start from an image (it has no VAE encoder). Leave out `image` to draw from the prompt alone.", named);
        await AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task Dream_WithAStrengthThatRunsNoStep_IsRefusedAtOnce()
    {
        var refusal = await DreamWithImageAsync(("steps", 4, 2), ("strength", 10, 0.3));

        Assert.Contains("`strength` 0.3 of 2 steps runs no step at all", refusal, StringComparison.Ordinal);
        await AssertNothingQueuedAsync();
    }

    private async Task<string> DreamWithImageAsync(params (string Name, int Type, JsonNode? Value)[] more)
    {
        var hosted = _system.Discord.HostAttachment(DreamBotSystem.ChannelId, "start.png", [1, 2, 3]);
        var (interaction, ack) = await _system.SendAsync(i => ImageToImageFromDiscordTests.Payload(i, hosted, "image/png", 3, 26_214_400, more));
        return await _system.Discord.AnswerAsync(interaction, ack);
    }

    private async Task AssertNothingQueuedAsync()
    {
        await using var db = _system.Database.CreateContext();
        Assert.Equal(0, await db.Generations.CountAsync());
    }
}
