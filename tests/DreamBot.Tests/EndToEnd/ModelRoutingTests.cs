using System.Globalization;
using System.Text.Json.Nodes;
using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Two Worker processes serving differently named models: each request goes only to a worker with its model.</summary>
public sealed class ModelRoutingTests : IAsyncLifetime
{
    private static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromMinutes(2);
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task EachWorker_ReceivesOnlyItsOwnModelsJobs_AndDreamOffersTheLiveModels()
    {
        await using var alpha = WorkerProcess.Start(_system, InvisibilityTimeout, more: new() { ["Model__Name"] = "alpha" });
        await using var beta = WorkerProcess.Start(_system, InvisibilityTimeout, more: new()
        {
            // The list form, with a few-step model's defaults, as an SD-Turbo worker is configured.
            ["Model__Path"] = "",
            ["Model__Models__0__Name"] = "beta",
            ["Model__Models__0__Path"] = _system.ModelPath,
            ["Model__Models__0__DefaultSteps"] = "2",
            ["Model__Models__0__MaxSteps"] = "4",
            ["Model__Models__0__DefaultGuidance"] = "0",
        });
        var live = _system.Bot!.Services.GetRequiredService<LiveModels>();
        await Eventually.TrueAsync(() => live.Names().SequenceEqual(["alpha", "beta"]), TimeSpan.FromSeconds(90),
            () => $"both workers went live\n--- alpha ---\n{alpha.Output}\n--- beta ---\n{beta.Output}");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            return await db.ServedModels.CountAsync() == 2;
        }, TimeSpan.FromSeconds(30), () => "both workers published their models");

        var (suggested, suggestion) = await _system.SendAsync(i => Autocomplete(i, typed: ""));
        Assert.Equal(8, suggestion["type"]!.GetValue<int>());
        Assert.Equal(["alpha", "beta"], suggested.Choices!.Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal("beta (1-4 steps)", suggested.Choices![1]!["name"]!.GetValue<string>());

        // Two rounds, as a user may have only two requests waiting at a time.
        foreach (var round in new[] { "first", "second" })
        {
            var requests = new List<(FakeInteraction Interaction, string Model)>();
            foreach (var model in new[] { "alpha", "beta" })
            {
                var (interaction, ack) = await _system.DreamAsync($"a red fox, {round}", ("model", 3, model), ("width", 4, 256), ("height", 4, 256));
                Assert.StartsWith("Queued", await _system.Discord.AnswerAsync(interaction, ack), StringComparison.Ordinal);
                requests.Add((interaction, model));
            }

            foreach (var (interaction, model) in requests)
                await AssertRenderedByAsync(interaction, model, model == "alpha" ? alpha : beta, alpha, beta);
        }

        var (refused, refusal) = await _system.DreamAsync("a red fox", ("model", 3, "gamma"));
        Assert.Equal("No worker serves the model `gamma` right now. Available: `alpha`, `beta`.", await _system.Discord.AnswerAsync(refused, refusal));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    private async Task AssertRenderedByAsync(FakeInteraction interaction, string model, WorkerProcess expected, params WorkerProcess[] workers)
    {
        Generation? row = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            row = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.InteractionId == interaction.Id);
            return row?.FinishedAt is not null;
        }, TimeSpan.FromSeconds(90), () => $"the {model} request finished ({row?.Status}, {row?.Worker})\n{_system.Problems()}\n"
            + string.Join("\n---\n", workers.Select(w => w.Output)));
        Assert.True(row!.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.Equal(model, row.Parameters.Model);
        Assert.True(expected.Owns(row.Worker), $"{model} was rendered by {row.Worker}");
        var fields = interaction.Original!.Embeds[0]!["fields"]!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal(model, fields["Model"]);
        // The few-step model's own defaults applied to the omitted steps and guidance.
        var standard = (DreamLimits.DefaultSteps.ToString(CultureInfo.InvariantCulture), DreamLimits.DefaultGuidance.ToString("0.##", CultureInfo.InvariantCulture));
        Assert.Equal(model == "beta" ? ("2", "0") : standard, (fields["Steps"], fields["Guidance"]));
    }

    private static JsonObject Autocomplete(FakeInteraction interaction, string typed)
    {
        var payload = InteractionPayloads.Dream("a red fox", interaction.Id, interaction.Token, ("model", 3, typed));
        payload["type"] = 4;
        var model = payload["data"]!["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "model")!;
        model["focused"] = true;
        return payload;
    }
}
