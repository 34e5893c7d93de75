using System.IO.Compression;
using System.Text.Json.Nodes;
using DreamBot.Bot.Usage;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.EndToEnd;

public sealed class UserDataTests : IAsyncLifetime
{
    private const long Requester = InteractionPayloads.UserId;
    private const long Stranger = 1100000000000000093;
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task PreferencesData_SendsTheCallerOnlyTheirSettingsRequestsAndRatings_AsAZipOnlyTheySee()
    {
        var (dream, _) = await _system.DreamAsync("a lighthouse at dusk", ("steps", 4, 2), ("width", 4, 256), ("height", 4, 256), ("seed", 4, 5000));
        var generation = await _system.FinishedAsync(dream.Id, TimeSpan.FromSeconds(90));
        var (rate, rateAck) = await _system.SelectAsync(dream.Original!, ResultRatings.CustomId(generation.Id, 1), [ResultRatings.OptionValue(5000, 8)]);
        await _system.Discord.AnswerAsync(rate, rateAck);
        await using (var db = _system.Database.CreateContext())
        {
            db.UserPreferences.Add(new UserPreferences { UserId = Requester, Steps = 12, UpdatedAt = DateTimeOffset.UtcNow });
            db.Generations.Add(new Generation
            {
                UserId = Stranger, GuildId = InteractionPayloads.GuildId, Status = GenerationStatus.Succeeded, InteractionId = 42,
                QueuedAt = DateTimeOffset.UtcNow, Parameters = new() { Prompt = "a stranger's secret" },
            });
            await db.SaveChangesAsync();
        }

        var (data, ack) = await _system.SendAsync(i =>
        {
            var payload = InteractionPayloads.Command("preferences", [("data", 1, null)], i.Id, i.Token);
            payload["data"]!["options"]![0]!.AsObject().Remove("value");
            return payload;
        });

        Assert.Equal((UserDataExport.Gathering, true), await _system.Discord.ReplyAsync(data, ack));
        await Eventually.TrueAsync(() => data.Original?.Attachments.Count > 0, TimeSpan.FromSeconds(30), () => "the data was sent\n" + _system.Problems());
        Assert.Equal(UserDataExport.Ready, data.Original!.Content);
        Assert.NotEqual(0, data.Original.Flags & 64);
        var file = Assert.Single(data.Original.Attachments);
        Assert.Equal(UserDataExport.FileName, file.Filename);
        using var zip = new ZipArchive(new MemoryStream(file.Content));
        using var reader = new StreamReader(Assert.Single(zip.Entries).Open());
        var text = await reader.ReadToEndAsync();
        var json = JsonNode.Parse(text)!;
        Assert.Equal(Requester, json["user_id"]!.GetValue<long>());
        Assert.Equal(12, json["settings"]!["steps"]!.GetValue<int>());
        var request = Assert.Single(json["requests"]!.AsArray())!;
        Assert.Equal((generation.Id, "a lighthouse at dusk", "Succeeded"),
            (request["id"]!.GetValue<long>(), request["parameters"]!["prompt"]!.GetValue<string>(), request["status"]!.GetValue<string>()));
        var rating = Assert.Single(json["ratings"]!.AsArray())!;
        Assert.Equal((generation.Id, 8, true), (rating["generation_id"]!.GetValue<long>(), rating["score"]!.GetValue<int>(), rating["own"]!.GetValue<bool>()));
        Assert.DoesNotContain("a stranger's secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(dream.Token, text, StringComparison.Ordinal);
        Assert.Empty(_system.Discord.ValidationFailures);
    }
}
