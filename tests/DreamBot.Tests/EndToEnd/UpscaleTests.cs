using System.Globalization;
using System.Text.Json.Nodes;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Cli;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Upscale ×2/×4 and U1…U4 under results, through the fake Discord, with tiny random-weight upscalers.</summary>
public sealed class UpscaleTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        var folder = _folder = TestPaths.NewTempDirectory("e2e-upscalers");
        new TinyUpscaler(Scale: 2).Write(Path.Combine(folder, "x2.onnx"));
        new TinyUpscaler(Scale: 4).Write(Path.Combine(folder, "x4.onnx"));
        _system = await DreamBotSystem.StartAsync(settings: new()
        {
            ["Upscalers:0:Name"] = "tiny-x2",
            ["Upscalers:0:Path"] = Path.Combine(folder, "x2.onnx"),
            ["Upscalers:1:Name"] = "tiny-x4",
            ["Upscalers:1:Path"] = Path.Combine(folder, "x4.onnx"),
        });
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task UpscaleX2_OfASingleImage_PostsItAtTwiceTheSize_AsAChargedGenerationWithItsParent()
    {
        var (parent, message) = await DreamAndWaitAsync(count: 1);
        var image = Assert.Single(message.Attachments);
        Assert.Equal(["Upscale ×2", "Upscale ×4", "Upscale (creative)"], Buttons(message, 2).Select(b => b!["label"]!.GetValue<string>()));

        var (click, ack) = await _system.ClickAsync(message, Buttons(message, 2)[0]!["custom_id"]!.GetValue<string>());

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(click, ack), StringComparison.Ordinal);
        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child is { Status: GenerationStatus.Succeeded, Refunded: false }, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal(parent.Id, child.ParentGenerationId);
        Assert.Equal(("tiny-x2", image.Url, 512, 512, parent.Parameters.Seed), (child.Parameters.Upscaler, child.Parameters.InitImage, child.Parameters.Width, child.Parameters.Height, child.Parameters.Seed));
        Assert.Equal(CostUnits.ForUpscale(512, 512), child.CostUnits);
        Assert.True(child.CostUnits > 0);
        var upscaled = Assert.Single(result.Attachments);
        var size = Image.Identify(upscaled.Content);
        Assert.Equal((512, 512), (size.Width, size.Height));
        Assert.EndsWith(FormattableString.Invariant($"from generation {parent.Id}"), result.Embeds.Single()!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task UpscaleCreative_PostsTheImageReRenderedAtTwiceTheSize_AsAChargedGenerationWithItsParent_AsTheCliRendersIt()
    {
        var (parent, message) = await DreamAndWaitAsync(count: 1, steps: 4);
        var image = Assert.Single(message.Attachments);
        var creative = Buttons(message, 2)[2]!;
        Assert.Equal(ResultButtons.CreativeUpscale + FormattableString.Invariant($"{parent.Id}:{parent.Parameters.Seed}"), creative["custom_id"]!.GetValue<string>());

        var (click, ack) = await _system.ClickAsync(message, creative["custom_id"]!.GetValue<string>());
        var (plainClick, _) = await _system.ClickAsync(message, Buttons(message, 2)[0]!["custom_id"]!.GetValue<string>());

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(click, ack), StringComparison.Ordinal);
        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child is { Status: GenerationStatus.Succeeded, Refunded: false }, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal(parent.Id, child.ParentGenerationId);
        var p = child.Parameters;
        Assert.Equal(("tiny-x2", ResultButtons.CreativeUpscaleStrength, image.Url, 512, 512), (p.Upscaler, p.Strength, p.InitImage, p.Width, p.Height));
        Assert.Equal((parent.Parameters.Prompt, parent.Parameters.Seed, parent.Parameters.Steps, parent.Parameters.Sampler, parent.Parameters.Guidance, parent.Parameters.Model),
            (p.Prompt, p.Seed, p.Steps, p.Sampler, p.Guidance, p.Model));
        // Both stages are charged: the upscale and image-to-image at the output size.
        Assert.Equal(CostUnits.ForUpscale(512, 512) + CostUnits.For(512, 512, 4, 1), child.CostUnits, 4);
        Assert.EndsWith(FormattableString.Invariant($"from generation {parent.Id}"), result.Embeds.Single()!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        using var rendered = Image.Load<Rgb24>(Assert.Single(result.Attachments).Content);
        Assert.Equal((512, 512), (rendered.Width, rendered.Height));

        // The diffusion stage ran: the plain ×2 upscale of the same image is not what was posted.
        var plain = await ResultOfAsync(plainClick);
        using var upscaled = Image.Load<Rgb24>(Assert.Single(plain.Attachments).Content);
        Assert.True(Differing(rendered, upscaled) > 512 * 512 / 10, "the creative upscale differs from the plain one in most pixels");

        // The command line renders the same image from the same inputs.
        var source = Path.Combine(_folder, "source.png");
        await File.WriteAllBytesAsync(source, image.Content);
        var cliOut = Path.Combine(_folder, "cli.png");
        var exit = await WorkerCli.RunAsync(["upscale", "--creative", "--upscaler", Path.Combine(_folder, "x2.onnx"), "--model", _system.ModelPath, "--image", source,
            "--prompt", p.Prompt, "--steps", "4", "--sampler", p.Sampler, "--seed", p.Seed.ToString(CultureInfo.InvariantCulture),
            "--guidance", p.Guidance.ToString(CultureInfo.InvariantCulture), "--device", "cpu", "--out", cliOut]);
        Assert.Equal(0, exit);
        using var cli = Image.Load<Rgb24>(cliOut);
        Assert.Equal(0, Differing(rendered, cli));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task U3_OfFourImages_UpscalesTheThirdImage()
    {
        var (parent, message) = await DreamAndWaitAsync(count: 4);
        var u3 = Buttons(message, 2)[2]!;
        Assert.Equal("U3", u3["label"]!.GetValue<string>());
        var third = message.Attachments.Single(a => a.Filename == ResultButtons.ImageFileName(parent.Id, parent.Parameters.Seed + 2));

        var (click, _) = await _system.ClickAsync(message, u3["custom_id"]!.GetValue<string>());

        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child.Status == GenerationStatus.Succeeded, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal((third.Url, parent.Parameters.Seed + 2, 1), (child.Parameters.InitImage, child.Parameters.Seed, child.Parameters.Count));
        var size = Image.Identify(Assert.Single(result.Attachments).Content);
        Assert.Equal((512, 512), (size.Width, size.Height));
    }

    [Fact]
    public async Task AnUpscalerNoWorkerServes_IsRefusedPrivately_NamingThoseServed()
    {
        var (parent, message) = await DreamAndWaitAsync(count: 1);

        var (click, ack) = await _system.ClickAsync(message, ResultButtons.Upscale + FormattableString.Invariant($"{parent.Id}:{parent.Parameters.Seed}:2:real-esrgan"));

        Assert.Equal(("No worker serves the upscaler `real-esrgan` for this image's model right now. Served: `tiny-x2` (×2), `tiny-x4` (×4).", true),
            await _system.Discord.ReplyAsync(click, ack));
    }

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync(int count, int steps = 2)
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, steps), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000), ("count", 4, count));
        var message = await ResultOfAsync(interaction);
        await using var db = _system.Database.CreateContext();
        return (await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id), message);
    }

    private static int Differing(Image<Rgb24> a, Image<Rgb24> b)
    {
        var count = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
                count += a[x, y] == b[x, y] ? 0 : 1;
        }
        return count;
    }

    private static JsonArray Buttons(FakeMessage message, int row) => message.Components[row]!["components"]!.AsArray();

    private async Task<FakeMessage> ResultOfAsync(FakeInteraction interaction)
    {
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        return interaction.Original!;
    }
}

/// <summary>Without any upscaler served, Upscale is refused with a clear message.</summary>
public sealed class UpscaleUnservedTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Upscale_WhenNoWorkerServesAnUpscaler_IsRefusedPrivately_AndNoRowIsOffered()
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        var message = interaction.Original!;
        long id;
        await using (var db = _system.Database.CreateContext())
            id = await db.Generations.Where(g => g.InteractionId == interaction.Id).Select(g => g.Id).SingleAsync();
        Assert.DoesNotContain(message.Components.SelectMany(r => r!["components"]!.AsArray()), c => c!["custom_id"]!.GetValue<string>().StartsWith(ResultButtons.Upscale, StringComparison.Ordinal));

        var (click, ack) = await _system.ClickAsync(message, ResultButtons.Upscale + FormattableString.Invariant($"{id}:4000:2:tiny-x2"));

        Assert.Equal(("No worker serves an upscaler right now, so images can't be upscaled. Try again later.", true), await _system.Discord.ReplyAsync(click, ack));
    }

    [Fact]
    public async Task UpscaleCreative_WhenNoWorkerServesAnUpscaler_IsRefusedPrivately_NamingTheModelsServed()
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, 4), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        var message = interaction.Original!;
        long id;
        string[] served;
        await using (var db = _system.Database.CreateContext())
        {
            id = await db.Generations.Where(g => g.InteractionId == interaction.Id).Select(g => g.Id).SingleAsync();
            served = await db.ServedModels.Select(m => m.Name).ToArrayAsync();
        }
        Assert.DoesNotContain(message.Components.SelectMany(r => r!["components"]!.AsArray()), c => c!["custom_id"]!.GetValue<string>().StartsWith(ResultButtons.CreativeUpscale, StringComparison.Ordinal));

        var (click, ack) = await _system.ClickAsync(message, ResultButtons.CreativeUpscale + FormattableString.Invariant($"{id}:4000"));

        var (reply, isPrivate) = await _system.Discord.ReplyAsync(click, ack);
        Assert.True(isPrivate);
        Assert.StartsWith("No worker serves both the ", reply, StringComparison.Ordinal);
        Assert.EndsWith(" and an upscaler right now, so this image can't be upscaled creatively. Served: "
            + string.Join("; ", served.Select(name => $"`{name}` (no upscaler)")) + ".", reply, StringComparison.Ordinal);
        Assert.NotEmpty(served);
    }
}

/// <summary>Upscale (creative) on a model that caps its sides: the largest size within the cap, or a refusal at it.</summary>
public sealed class CreativeUpscaleCapTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await DreamBotSystem.StartAsync(workers: 0);
        var upscaler = Path.Combine(TestPaths.NewTempDirectory("e2e-capped-upscaler"), "x2.onnx");
        new TinyUpscaler(Scale: 2).Write(upscaler);
        await _system.StartWorkerAsync(new()
        {
            ["Model:Models:0:Name"] = "capped",
            ["Model:Models:0:Path"] = _system.ModelPath,
            ["Model:Models:0:MaxSide"] = "384",
            ["Upscalers:0:Name"] = "tiny-x2",
            ["Upscalers:0:Path"] = upscaler,
        });
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            return await db.ServedModels.AnyAsync(m => m.Name == "capped" && m.MaxSide == 384 && m.Upscalers.Count > 0);
        }, TimeSpan.FromSeconds(60), () => "the worker published its model and upscaler\n" + _system.Problems());
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task UpscaleCreative_RendersAtTheModelsCap_WhereTwiceTheSizeExceedsIt_AndIsRefusedAtTheCap()
    {
        var (small, smallMessage) = await DreamAndWaitAsync(256);
        var (_, largeMessage) = await DreamAndWaitAsync(384);

        var (click, _) = await _system.ClickAsync(smallMessage, CreativeButton(smallMessage));
        var (refusal, refused) = await _system.ClickAsync(largeMessage, CreativeButton(largeMessage));

        await Eventually.TrueAsync(() => click.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child.Status == GenerationStatus.Succeeded, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal((small.Id, 384, 384), (child.ParentGenerationId, child.Parameters.Width, child.Parameters.Height));
        var size = Image.Identify(Assert.Single(click.Original!.Attachments).Content);
        Assert.Equal((384, 384), (size.Width, size.Height));
        Assert.Equal(("This image is already as large as can be rendered here (sides up to 384), so it can't be upscaled creatively. Upscale ×2 enlarges it without re-rendering.", true),
            await _system.Discord.ReplyAsync(refusal, refused));
    }

    private static string CreativeButton(FakeMessage message) => message.Components.SelectMany(r => r!["components"]!.AsArray())
        .Select(c => c!["custom_id"]!.GetValue<string>()).Single(id => id.StartsWith(ResultButtons.CreativeUpscale, StringComparison.Ordinal));

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync(int side)
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, 4), ("width", 4, side), ("height", 4, side), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        await using var db = _system.Database.CreateContext();
        return (await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id), interaction.Original!);
    }
}
