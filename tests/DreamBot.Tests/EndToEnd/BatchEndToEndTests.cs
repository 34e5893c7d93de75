using DreamBot.Shared.Data;
using DreamBot.Shared.Jobs;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Maintenance;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Compatible requests from several users, claimed and rendered as one batch, each posted to its own interaction.</summary>
public sealed class BatchEndToEndTests : IAsyncLifetime
{
    private const int Requests = 4;
    private DreamBotSystem _system = null!;

    // No worker until everything is queued, so one claim finds the whole batch waiting.
    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task FourCompatibleRequests_RenderAsOneBatch_AndEachPostsThePixelsItRendersAlone()
    {
        var interactions = new List<FakeInteraction>();
        for (var i = 0; i < Requests; i++)
            interactions.Add(await DreamAsync(userId: InteractionPayloads.UserId + i, $"a lighthouse, study {i}", seed: 500 + i, guidance: 4 + i));

        await _system.StartWorkerAsync(_system.Settings(new() { ["Queue:MaxBatch"] = "4", ["Queue:WorkerCount"] = "1" }));
        var rows = new List<Generation>();
        foreach (var interaction in interactions)
            rows.Add(await _system.FinishedAsync(interaction.Id, TimeSpan.FromSeconds(90)));

        Assert.All(rows, row => Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}"));
        // One claim took all four.
        Assert.Single(rows.Select(r => (r.JobId, r.StartedAt)).Distinct());
        for (var i = 0; i < Requests; i++)
        {
            var posted = Assert.Single(interactions[i].Original!.Attachments).Content;
            var alone = await RenderAloneAsync($"a lighthouse, study {i}", seed: 500 + i, guidance: 4 + i);
            Assert.Equal(StableDiffusionPipelineTests.Pixels(alone), StableDiffusionPipelineTests.Pixels(posted));
            Assert.Equal(rows[i].ResultMessageId, interactions[i].Original!.Id);
        }
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, interactions));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task ABatchThatFailsForOneRequest_RendersTheOthersAlone_AndFailsOnlyThatOne()
    {
        var first = await DreamAsync(InteractionPayloads.UserId, "a lighthouse, study 0", seed: 500, guidance: 4);
        var poisoned = await DreamAsync(InteractionPayloads.UserId + 1, "a lighthouse, " + PoisonedPromptRenderer.Poison, seed: 501, guidance: 5);
        var third = await DreamAsync(InteractionPayloads.UserId + 2, "a lighthouse, study 2", seed: 502, guidance: 6);

        await _system.StartWorkerAsync(_system.Settings(new() { ["Queue:MaxBatch"] = "4", ["Queue:WorkerCount"] = "1" }), PoisonedPromptRenderer.Install);
        var rows = new[] { await _system.FinishedAsync(first.Id, TimeSpan.FromSeconds(90)), await _system.FinishedAsync(poisoned.Id), await _system.FinishedAsync(third.Id) };

        Assert.Equal([GenerationStatus.Succeeded, GenerationStatus.Failed, GenerationStatus.Succeeded], rows.Select(r => r.Status));
        Assert.Equal([false, true, false], rows.Select(r => r.Refunded));
        // The three were claimed as one batch.
        Assert.Single(rows.Select(r => r.JobId).Distinct());
        Assert.Equal(
            StableDiffusionPipelineTests.Pixels(await RenderAloneAsync("a lighthouse, study 2", seed: 502, guidance: 6)),
            StableDiffusionPipelineTests.Pixels(Assert.Single(third.Original!.Attachments).Content));
        await Eventually.TrueAsync(() => poisoned.Original?.Content?.StartsWith("Sorry, this one failed", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), () => "the poisoned request was told it failed\n" + _system.Problems());
    }

    [Fact]
    public async Task AnIncompatibleRequest_EndsTheBatch_SoItStillRunsInItsFairTurn()
    {
        var first = await DreamAsync(InteractionPayloads.UserId, "first", seed: 1, guidance: 7);
        var unguided = await DreamAsync(InteractionPayloads.UserId + 1, "no guidance", seed: 2, guidance: 1);
        var third = await DreamAsync(InteractionPayloads.UserId + 2, "third", seed: 3, guidance: 7);

        await _system.StartWorkerAsync(_system.Settings(new() { ["Queue:MaxBatch"] = "4", ["Queue:WorkerCount"] = "1" }));
        var rows = new[] { await _system.FinishedAsync(first.Id), await _system.FinishedAsync(unguided.Id), await _system.FinishedAsync(third.Id) };

        Assert.All(rows, row => Assert.Equal(GenerationStatus.Succeeded, row.Status));
        Assert.Equal(3, rows.Select(r => r.StartedAt).Distinct().Count());
        Assert.True(rows[0].StartedAt < rows[1].StartedAt && rows[1].StartedAt < rows[2].StartedAt, "the three ran one after another, in the fair order");
    }

    [Fact]
    public async Task RequestsArrivingWhileWorkersDrain_AreEachPostedOnce_ByAFewSlots_WithoutTheSweeper()
    {
        const int Waves = 4, PerWave = 6;
        await _system.StartWorkerAsync(_system.Settings(new() { ["Queue:MaxBatch"] = "3", ["Queue:WorkerCount"] = "2" }));
        var interactions = new List<FakeInteraction>();
        for (var wave = 0; wave < Waves; wave++)
            interactions.AddRange(await Task.WhenAll(Enumerable.Range(0, PerWave).Select(i =>
                DreamAsync(InteractionPayloads.UserId + (PerWave * wave) + i, $"wave {wave}, study {i}", seed: 10 * wave + i, guidance: 7))));

        var rows = new List<Generation>();
        foreach (var interaction in interactions)
            rows.Add(await _system.FinishedAsync(interaction.Id, TimeSpan.FromSeconds(120)));

        Assert.All(rows, row => Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}"));
        Assert.All(interactions, i => Assert.Single(i.Original!.Attachments));
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, interactions));
        // Every request was claimed by a slot that was waiting or running when it arrived: none needed the sweep.
        Assert.DoesNotContain(_system.Logs.Lines, l => l.Category.EndsWith(nameof(QueueSweeper), StringComparison.Ordinal) && l.Level >= LogLevel.Warning);
        var monitoring = _system.Workers[0].Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var slots = monitoring.SucceededJobs(0, 1000).Count(j => j.Value.Job?.Type == typeof(IDreamJob));
        Assert.InRange(slots, 1, Waves * PerWave / 2);
    }

    [Fact]
    public async Task ASlotResumingWhatItHeld_AlsoClaimsWhatWasReleasedWhileItWaited()
    {
        var held = await DreamAsync(InteractionPayloads.UserId, "held by an interrupted slot", seed: 1, guidance: 7);
        var later = await DreamAsync(InteractionPayloads.UserId + 1, "released while it waited", seed: 2, guidance: 1);
        var monitoring = _system.Bot!.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        // Both releases found the one waiting slot; make it a slot that had claimed the first request and was interrupted.
        var slot = Assert.Single(monitoring.EnqueuedJobs(ModelRoute.QueueFor(""), 0, 10)).Key;
        await using (var db = _system.Database.CreateContext())
            Assert.Equal(1, await db.Generations.Where(g => g.InteractionId == held.Id).ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Running).SetProperty(g => g.JobId, slot)));

        await _system.StartWorkerAsync(_system.Settings(new() { ["Queue:WorkerCount"] = "1" }));
        var rows = new[] { await _system.FinishedAsync(held.Id), await _system.FinishedAsync(later.Id) };

        Assert.All(rows, row => Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}"));
        Assert.All(rows, row => Assert.Equal(slot, row.JobId));
        Assert.DoesNotContain(_system.Logs.Lines, l => l.Category.EndsWith(nameof(QueueSweeper), StringComparison.Ordinal) && l.Level >= LogLevel.Warning);
    }

    private async Task<FakeInteraction> DreamAsync(long userId, string prompt, int seed, double guidance)
    {
        var (interaction, ack) = await _system.SendAsync(i =>
        {
            var payload = InteractionPayloads.Dream(prompt, i.Id, i.Token,
                ("steps", 4, 3), ("width", 4, 256), ("height", 4, 256), ("seed", 4, seed), ("guidance", 10, guidance));
            payload["member"]!["user"]!["id"] = InteractionPayloads.Snowflake(userId);
            return payload;
        });
        await Eventually.TrueAsync(() => _system.Discord.AcknowledgementText(interaction, ack)?.StartsWith("Queued", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), () => "the request was queued\n" + _system.Problems());
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _system.Database.CreateContext();
            return await db.Generations.AnyAsync(g => g.InteractionId == interaction.Id && !g.AwaitingAcknowledgement);
        }, TimeSpan.FromSeconds(30), "the request was released to the workers");
        return interaction;
    }

    private async Task<byte[]> RenderAloneAsync(string prompt, int seed, double guidance)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("batch-alone"), "out.png");
        var exit = await WorkerCli.RunAsync(["generate", "--model", _system.ModelPath, "--device", "cpu", "--out", output, "--prompt", prompt,
            "--steps", "3", "--guidance", FormattableString.Invariant($"{guidance}"), "--seed", $"{seed}", "--width", "256", "--height", "256"]);
        Assert.Equal(0, exit);
        return await File.ReadAllBytesAsync(output);
    }
}
