using System.Diagnostics;
using System.Text.Json.Nodes;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace DreamBot.Tests.EndToEnd.Faults;

public sealed class PostgresRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 50;
    private const int RestartAfter = 12;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(80);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Queue:WorkerCount"] = "2",
        ["Queue:InvisibilityTimeout"] = "00:00:15",
    };

    private ThrowawayPostgres _postgres = null!;
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        _system = await DreamBotSystem.StartAsync(workers: 2, settings: Settings, postgresServer: _postgres.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task EveryRequestIsAnswered_AndEveryQueuedOneIsPostedOnceOrReportedFailed_WhenPostgresCrashesMidBurst()
    {
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<(FakeInteraction Interaction, JsonNode Ack)>>();
        Task restart = Task.CompletedTask;
        for (var i = 0; i < Requests; i++)
        {
            if (i == RestartAfter)
                restart = CrashAndRestartAsync(clock);
            // Many users, so the per-user queue limit plays no part.
            var (user, prompt) = (InteractionPayloads.UserId + 100 + i, $"burst {i}");
            sends.Add(_system.SendAsync(interaction => Dream(interaction, user, prompt)));
            await Task.Delay(Spacing);
        }
        var answered = await Task.WhenAll(sends);
        await restart;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {Requests} acknowledged");

        var told = await WhatEachUserWasToldAsync(answered);
        // A row is what "queued" means. A deferred reply can still be overtaken by the Worker's first progress edit
        // (the token is used before the acknowledgement is completed: issue 12, item 6a), so the text alone may not say so.
        var recorded = (await OutcomesAsync(answered.Select(a => a.Interaction))).Where(o => o.Row is not null).Select(o => o.Interaction.Id).ToHashSet();
        var queued = told.Where(t => t.Text.StartsWith("Queued", StringComparison.Ordinal) || recorded.Contains(t.Interaction.Id)).Select(t => t.Interaction).ToList();
        var retry = told.Where(t => t.Text == CommandReply.Unavailable).Select(t => t.Interaction).ToList();
        output.WriteLine($"queued {queued.Count}, asked to try again {retry.Count}");
        Assert.Equal(Requests, queued.Count + retry.Count);
        Assert.NotEmpty(queued);

        // A row whose job could not be enqueued waits for the minutely sweeper, so allow two of its rounds.
        await Eventually.TrueAsync(async () => (await OutcomesAsync(queued)).All(IsFinished), TimeSpan.FromSeconds(150),
            () => "every queued request finished\n" + Describe(OutcomesAsync(queued).Result) + "\n" + _system.Problems());
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all queued requests finished");

        foreach (var (interaction, row) in await OutcomesAsync(queued))
        {
            var results = _system.Discord.ResultEdits(interaction);
            if (row!.Status == GenerationStatus.Succeeded)
                Assert.True(results.Count == 1, $"generation {row.Id} was posted {results.Count} times");
            else
                Assert.True(row.Status == GenerationStatus.Failed && results.Count == 0 && interaction.Original!.Content.StartsWith("Sorry", StringComparison.Ordinal),
                    $"generation {row.Id}: {row.Status}, {results.Count} results, original says '{interaction.Original?.Content}'");
        }
        // Told to try again means not taken: nothing is rendered or charged behind the user's back.
        Assert.All(await OutcomesAsync(retry), o => Assert.Null(o.Row));
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, answered.Select(a => a.Interaction)));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    private async Task CrashAndRestartAsync(Stopwatch clock)
    {
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: crashing PostgreSQL");
        await _postgres.StopServerAsync("immediate");
        await Task.Delay(Outage);
        await _postgres.StartServerAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: PostgreSQL is back");
    }

    private static JsonObject Dream(FakeInteraction interaction, long userId, string prompt)
    {
        var payload = InteractionPayloads.Dream(prompt, interaction.Id, interaction.Token, ("steps", 4, 1), ("width", 4, 256), ("height", 4, 256));
        payload["member"]!["user"]!["id"] = InteractionPayloads.Snowflake(userId);
        return payload;
    }

    private async Task<List<(FakeInteraction Interaction, string Text)>> WhatEachUserWasToldAsync(
        IReadOnlyList<(FakeInteraction Interaction, JsonNode Ack)> answered)
    {
        // A deferred acknowledgement is completed by an edit once the handler is done (retries included).
        await Eventually.TrueAsync(() => answered.All(a => _system.Discord.AcknowledgementText(a.Interaction, a.Ack) is not null),
            TimeSpan.FromSeconds(60), "every deferred acknowledgement was completed");
        return [.. answered.Select(a => (a.Interaction, _system.Discord.AcknowledgementText(a.Interaction, a.Ack)!))];
    }

    private async Task<List<(FakeInteraction Interaction, Generation? Row)>> OutcomesAsync(IEnumerable<FakeInteraction> interactions)
    {
        await using var db = _system.Database.CreateContext();
        var rows = await db.Generations.AsNoTracking().ToDictionaryAsync(g => g.InteractionId);
        return [.. interactions.Select(i => (i, rows.GetValueOrDefault(i.Id)))];
    }

    private static bool IsFinished((FakeInteraction Interaction, Generation? Row) outcome) =>
        outcome.Row?.Status is GenerationStatus.Succeeded or GenerationStatus.Failed;

    private static string Describe(IEnumerable<(FakeInteraction Interaction, Generation? Row)> outcomes) =>
        string.Join('\n', outcomes.Where(o => !IsFinished(o))
            .Select(o => $"interaction {o.Interaction.Id}: {(o.Row is null ? "no row" : $"generation {o.Row.Id} {o.Row.Status} job {o.Row.JobId}")}"));
}
