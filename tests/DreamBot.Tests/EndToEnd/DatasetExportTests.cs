using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Apache.Arrow.Types;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Dataset;
using DreamBot.Worker.Maintenance;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

public sealed class DatasetExportTests : IAsyncLifetime
{
    private const long Requester = InteractionPayloads.UserId;
    private const long Alice = 1100000000000000091;
    private const long Bob = 1100000000000000092;
    private const string Key = DatasetExport.Key;
    private const string OtherKey = DatasetExport.OtherKey;
    private readonly string _archive = TestPaths.NewTempDirectory("archive");
    private readonly string _exports = TestPaths.NewTempDirectory("exports");
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await DreamBotSystem.StartAsync(settings: new() { ["Archive:Path"] = _archive });
        await using var db = _system.Database.CreateContext();
        db.GuildSettings.Add(new GuildSettings { GuildId = InteractionPayloads.GuildId, DatasetOptIn = true });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_archive, recursive: true);
        Directory.Delete(_exports, recursive: true);
    }

    [Fact]
    public async Task TheExport_HoldsEachArchivedImageWithItsCountedRatings_ReadByAnotherParquetReader_AndFollowsOptOuts()
    {
        var (generation, message) = await DreamAndWaitAsync(count: 2);
        var (first, second) = (generation.Parameters.Seed, generation.Parameters.Seed + 1);
        var customId = ResultRatings.CustomId(generation.Id, 1);
        await RateAsync(message, customId, first, 3, Alice);
        await RateAsync(message, customId, first, 7, Alice);
        await RateAsync(message, customId, first, 5, Bob);
        await RateAsync(message, customId, second, 4, Bob);
        await RateAsync(message, customId, second, 9, Requester);
        var flagged = await FlaggedAsync(generation.Id);

        var everyone = await ExportAsync("everyone", Key, "--include-nsfw");

        var rows = await ShardReader.ReadAllAsync(everyone);
        var names = DatasetExport.Names(Key);
        // The requester's own 9 is kept for them but counts nowhere.
        Assert.Equal([(0, first, "7,5", 6.0, 2), (1, second, "4", 4.0, 1)], rows.Select(r => (r.ImageIndex, r.Seed, string.Join(',', r.Ratings), r.RatingMean!.Value, r.RatingCount)));
        Assert.All(rows, row =>
        {
            Assert.Equal(Posted(message, generation.Id, row.Seed), row.ImageBytes);
            Assert.Equal(
                (generation.Parameters.Prompt, generation.Parameters.NegativePrompt, generation.Parameters.Steps, generation.Parameters.Guidance, generation.Parameters.Sampler),
                (row.Prompt, row.NegativePrompt, row.Steps, row.Guidance, row.Sampler));
            Assert.Equal((256, 256, generation.Parameters.Model, (string?)null), (row.Width, row.Height, row.Model, row.ModelRevision));
            Assert.Equal(generation.QueuedAt.UtcDateTime.Date, row.Created);
            Assert.Equal(flagged[row.ImageIndex] == true, row.Nsfw);
            Assert.Equal((names.User(InteractionPayloads.GuildId, Requester), names.Guild(InteractionPayloads.GuildId), "cc0-1.0"), (row.User, row.Guild, row.License));
        });
        AssertHuggingFaceLayout(everyone);
        AssertCardSaysWhatConsentMeans(everyone, names.Guild(InteractionPayloads.GuildId));
        AssertNoDiscordIds(everyone, Requester, Alice, Bob, InteractionPayloads.GuildId, InteractionPayloads.ChannelId, message.Id);

        // Without --include-nsfw, what the safety checker flagged stays out.
        var safe = await ShardReader.ReadAllAsync(await ExportAsync("safe", Key));
        Assert.Equal(rows.Where(r => !r.Nsfw).Select(r => r.ImageIndex), safe.Select(r => r.ImageIndex));

        await OptOutAsync(Bob);
        var withoutBob = await ExportAsync("without-bob", Key, "--include-nsfw");
        var again = await ExportAsync("without-bob-again", Key, "--include-nsfw");
        var otherKey = await ShardReader.ReadAllAsync(await ExportAsync("other-key", OtherKey, "--include-nsfw"));

        Assert.Equal(["7", ""], (await ShardReader.ReadAllAsync(withoutBob)).Select(r => string.Join(',', r.Ratings)));
        Assert.Equal(Files(withoutBob), Files(again));
        Assert.All(otherKey, row => Assert.Equal(
            (DatasetExport.Names(OtherKey).User(InteractionPayloads.GuildId, Requester), DatasetExport.Names(OtherKey).Guild(InteractionPayloads.GuildId)),
            (row.User, row.Guild)));
        Assert.NotEqual(rows[0].User, otherKey[0].User);

        await using (var db = _system.Database.CreateContext())
        {
            db.BlockedTerms.Add(new BlockedTerm { GuildId = InteractionPayloads.GuildId, Term = "Lighthouse", NormalizedTerm = "lighthouse", AddedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            var blocked = await ExportAsync("blocked", Key, "--include-nsfw");
            Assert.Empty(await ShardReader.ReadAllAsync(blocked));
            Assert.Contains("- results whose prompt hits a blocked word (left out): 1\n", File.ReadAllText(Path.Combine(blocked, "README.md")), StringComparison.Ordinal);
            await db.BlockedTerms.ExecuteDeleteAsync();

            // The gallery's Remove from dataset.
            await db.ArchivedImages.Where(a => a.ImageIndex == 1).ExecuteUpdateAsync(s => s.SetProperty(a => a.DatasetRemovedAt, DateTimeOffset.UtcNow));
            var removed = await ExportAsync("removed", Key, "--include-nsfw");
            Assert.Equal([0], (await ShardReader.ReadAllAsync(removed)).Select(r => r.ImageIndex));
            Assert.Contains("- images an administrator removed: 1\n", File.ReadAllText(Path.Combine(removed, "README.md")), StringComparison.Ordinal);
        }

        await OptOutAsync(Requester);
        var nobody = await ExportAsync("nobody", Key, "--include-nsfw");
        Assert.Empty(await ShardReader.ReadAllAsync(nobody));
        Assert.Equal(["train-00000-of-00001.parquet"], Directory.GetFiles(Path.Combine(nobody, "data")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DeletingAResult_RemovesItsArchivedFiles_AtTheNextSweep()
    {
        var (generation, message) = await DreamAndWaitAsync(count: 1);
        var archived = Directory.GetFiles(_archive, "*.png", SearchOption.AllDirectories);
        Assert.Equal(Posted(message, generation.Id, generation.Parameters.Seed), await File.ReadAllBytesAsync(Assert.Single(archived)));

        await _system.ClickAsync(message, ResultButtons.Delete + generation.Id);
        using (var scope = _system.Workers[0].Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ArchiveSweeper>().RunAsync(CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_archive, "*.png", SearchOption.AllDirectories));
        await using var db = _system.Database.CreateContext();
        Assert.Equal(0, await db.ArchivedImages.CountAsync());
    }

    private static void AssertHuggingFaceLayout(string folder)
    {
        var shard = Assert.Single(Directory.GetFiles(Path.Combine(folder, "data")));
        Assert.Equal("train-00000-of-00001.parquet", Path.GetFileName(shard));
        var (schema, metadata) = ShardReader.Describe(shard);
        var image = Assert.IsType<StructType>(schema.GetFieldByName("image").DataType);
        Assert.Equal([("bytes", ArrowTypeId.Binary), ("path", ArrowTypeId.String)], image.Fields.Select(f => (f.Name, f.DataType.TypeId)));
        Assert.Equal(ArrowTypeId.Int32, Assert.IsType<ListType>(schema.GetFieldByName("ratings").DataType).ValueDataType.TypeId);
        Assert.Equal(ArrowTypeId.Date32, schema.GetFieldByName("created").DataType.TypeId);
        var features = JsonNode.Parse(metadata["huggingface"])!["info"]!["features"]!;
        Assert.Equal("Image", features["image"]!["_type"]!.GetValue<string>());
        Assert.Equal(schema.FieldsList.Select(f => f.Name), features.AsObject().Select(f => f.Key));
        var card = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.StartsWith("---\nlicense: cc0-1.0\n", card, StringComparison.Ordinal);
        Assert.Contains("    path: data/train-*.parquet\n", card, StringComparison.Ordinal);
        Assert.Contains("- rows: 2\n", card, StringComparison.Ordinal);
    }

    private static void AssertCardSaysWhatConsentMeans(string folder, string guild)
    {
        var card = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("## Consent\n", card, StringComparison.Ordinal);
        Assert.Contains("Manage Server", card, StringComparison.Ordinal);
        Assert.Contains("when its image was made", card, StringComparison.Ordinal);
        Assert.Contains("not matched across servers", card, StringComparison.Ordinal);
        Assert.Contains("exact PNG that was posted in Discord", card, StringComparison.Ordinal);
        Assert.Contains($"## Licence of each server's rows\n\n| guild | license | rows |\n|---|---|---|\n| {guild} | cc0-1.0 | 2 |\n", card, StringComparison.Ordinal);
    }

    /// <summary>Every id as the decimal text Discord sends it in, searched in every byte of every file.</summary>
    private static void AssertNoDiscordIds(string folder, params long[] ids)
    {
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            Assert.All(ids, id => Assert.DoesNotContain(id.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    private static byte[] Posted(FakeMessage message, long generationId, long seed) =>
        message.Attachments.Single(a => a.Filename.EndsWith(ResultButtons.ImageFileName(generationId, seed), StringComparison.Ordinal)).Content;

    private Task<string> ExportAsync(string name, string key, params string[] options) =>
        DatasetExport.RunAsync(_system, _archive, Path.Combine(_exports, name), key, options);

    private async Task<bool?[]> FlaggedAsync(long generationId)
    {
        await using var db = _system.Database.CreateContext();
        return [.. await db.ArchivedImages.Where(a => a.GenerationId == generationId).OrderBy(a => a.ImageIndex).Select(a => a.Flagged).ToListAsync()];
    }

    private Task OptOutAsync(long userId) => DatasetExport.OptOutAsync(_system, userId);

    private async Task RateAsync(FakeMessage message, string customId, long seed, int score, long user)
    {
        var (select, ack) = await _system.SelectAsync(message, customId, [ResultRatings.OptionValue(seed, score)], user);
        Assert.Contains(score.ToString(CultureInfo.InvariantCulture) + "/10", await _system.Discord.AnswerAsync(select, ack), StringComparison.Ordinal);
    }

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync(int count)
    {
        var (interaction, _) = await _system.DreamAsync("a lighthouse at dusk",
            ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 5000), ("count", 4, count),
            ("negative", 3, "fog"));
        var generation = await _system.FinishedAsync(interaction.Id, TimeSpan.FromSeconds(90));
        return (generation, interaction.Original!);
    }
}
