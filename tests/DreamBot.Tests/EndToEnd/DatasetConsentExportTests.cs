using DreamBot.ModelBuilder;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Dataset;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>
/// Consent as the dataset promises it, from the click in Discord to the Worker's render to the export: it is asked when
/// an image is made and again at export, and follows an image into what others make of it.
/// </summary>
public sealed class DatasetConsentExportTests : IAsyncLifetime
{
    private const long Requester = InteractionPayloads.UserId;
    private const long Alice = 1100000000000000091;
    private readonly string _archive = TestPaths.NewTempDirectory("archive");
    private readonly string _exports = TestPaths.NewTempDirectory("exports");
    private readonly string _upscalers = TestPaths.NewTempDirectory("upscalers");
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        new TinyUpscaler(Scale: 2).Write(Path.Combine(_upscalers, "x2.onnx"));
        _system = await DreamBotSystem.StartAsync(settings: new()
        {
            ["Archive:Path"] = _archive,
            ["Upscalers:0:Name"] = "tiny-x2",
            ["Upscalers:0:Path"] = Path.Combine(_upscalers, "x2.onnx"),
        });
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_archive, recursive: true);
        Directory.Delete(_exports, recursive: true);
        Directory.Delete(_upscalers, recursive: true);
    }

    [Fact]
    public async Task AnUpscaleOfSomeoneElsesImage_IsLeftOut_OnceItsAuthorOptsOut_OrDeletesIt()
    {
        await SetGuildAsync(optIn: true);
        var (first, firstMessage) = await DreamAndWaitAsync(5000);
        var firstUpscale = await UpscaleAsync(firstMessage, first, Alice);

        var both = await ExportAsync("both");
        var names = DatasetExport.Names(DatasetExport.Key);
        Assert.Equal(
            [(256, names.User(InteractionPayloads.GuildId, Requester)), (512, names.User(InteractionPayloads.GuildId, Alice))],
            both.Select(r => (r.Width, r.User)));
        Assert.Equal(firstUpscale.Parameters.Seed, both[1].Seed);

        // Deleting the original takes the stranger's upscale of it out too.
        await _system.ClickAsync(firstMessage, ResultButtons.Delete + first.Id);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            return await db.Generations.AnyAsync(g => g.Id == first.Id && g.DeletedAt != null);
        }, TimeSpan.FromSeconds(30), () => "the result was deleted\n" + _system.Problems());
        Assert.Empty(await ExportAsync("deleted"));

        // An opt-out after the upscale was made reaches it at export.
        var (second, secondMessage) = await DreamAndWaitAsync(6000);
        await UpscaleAsync(secondMessage, second, Alice);
        await DatasetExport.OptOutAsync(_system, Requester);

        Assert.Empty(await ExportAsync("opted-out"));
    }

    [Fact]
    public async Task ResultsMadeBeforeTheirGuildOptedIn_OrWhileTheirAuthorWasOptedOut_StayOut_AfterConsentIsGiven()
    {
        await SetGuildAsync(optIn: false);
        await DreamAndWaitAsync(5000);
        await SetGuildAsync(optIn: true);
        await DatasetExport.OptOutAsync(_system, Requester);
        await DreamAndWaitAsync(6000);
        await DatasetExport.OptOutAsync(_system, Requester, optedOut: false);
        var (consented, _) = await DreamAndWaitAsync(7000);

        var rows = await ExportAsync("after-consent");

        Assert.Equal([consented.Parameters.Seed], rows.Select(r => r.Seed));
    }

    [Fact]
    public async Task APlainUpscaleOfAFlaggedImage_IsFlaggedToo_AndStaysOutOfTheSafeExport_WhereTheServerShowsFlaggedImages()
    {
        await SetGuildAsync(optIn: true, SafetyPolicy.Off);
        var (source, message) = await DreamAndWaitAsync(5000);
        // The safety checker's verdict on the source, as its record keeps it; with the policy off it was posted as it is.
        await using (var db = _system.Database.CreateContext())
        {
            await db.ArchivedImages.Where(a => a.GenerationId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Flagged, true));
            await db.Generations.Where(g => g.Id == source.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.FlaggedImages, 1));
        }
        Assert.DoesNotContain(message.Attachments, a => a.Filename.StartsWith("SPOILER_", StringComparison.Ordinal));

        var upscale = await UpscaleAsync(message, source, Alice);

        Assert.Equal(1, upscale.FlaggedImages);
        await using (var db = _system.Database.CreateContext())
            Assert.True(await db.ArchivedImages.AnyAsync(a => a.GenerationId == upscale.Id && a.Flagged == true));
        Assert.Empty(await ShardReader.ReadAllAsync(await DatasetExport.RunAsync(_system, _archive, Path.Combine(_exports, "safe"), DatasetExport.Key)));
        Assert.Equal(2, (await ExportAsync("everything")).Count(r => r.Nsfw));
    }

    // The tiny model's safety checker has random weights, so which images it flags is left out of the question.
    private async Task<List<ShardReader.Row>> ExportAsync(string name) =>
        await ShardReader.ReadAllAsync(await DatasetExport.RunAsync(_system, _archive, Path.Combine(_exports, name), DatasetExport.Key, "--include-nsfw"));

    private async Task SetGuildAsync(bool optIn, SafetyPolicy policy = SafetyPolicy.Spoiler)
    {
        await using var db = _system.Database.CreateContext();
        var settings = await db.GuildSettings.FindAsync(InteractionPayloads.GuildId);
        if (settings is null)
            db.GuildSettings.Add(settings = new GuildSettings { GuildId = InteractionPayloads.GuildId });
        settings.DatasetOptIn = optIn;
        settings.SafetyPolicy = policy;
        await db.SaveChangesAsync();
    }

    private async Task<Generation> UpscaleAsync(FakeMessage message, Generation parent, long userId)
    {
        var customId = message.Components.SelectMany(r => r!["components"]!.AsArray()).Select(c => c!["custom_id"]?.GetValue<string>())
            .First(id => id is not null && id.StartsWith(ResultButtons.Upscale, StringComparison.Ordinal))!;
        var (click, _) = await _system.ClickAsync(message, customId, userId);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child is { Status: GenerationStatus.Succeeded }, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal((parent.Id, userId), (child.ParentGenerationId, child.UserId));
        return child;
    }

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync(long seed)
    {
        var (interaction, _) = await _system.DreamAsync("a lighthouse at dusk",
            ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, seed));
        var generation = await _system.FinishedAsync(interaction.Id, TimeSpan.FromSeconds(90));
        Assert.True(generation.Status == GenerationStatus.Succeeded, $"{generation.Status}: {generation.Error}\n{_system.Problems()}");
        return (generation, interaction.Original!);
    }
}
