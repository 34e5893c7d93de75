using DreamBot.Shared.Data;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Worker.Jobs;

namespace DreamBot.Tests.EndToEnd.Faults;

public sealed class WorkerKillTests : IAsyncLifetime
{
    private static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, string?> Settings = new() { ["Queue:InvisibilityTimeout"] = "00:00:10" };
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0, settings: Settings);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task AJobWhoseWorkerWasKilled_IsFinishedByAnotherWorker_AndPostedExactlyOnce()
    {
        var interaction = await SlowDream.SendAsync(_system);
        await using var doomed = WorkerProcess.Start(_system, InvisibilityTimeout);
        await SlowDream.UntilRenderingAsync(_system, doomed, interaction);

        doomed.Kill();
        Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60)), "SIGKILL ended the worker");
        Assert.Empty(_system.Discord.ResultEdits(interaction));
        Assert.Equal(GenerationStatus.Running, (await SlowDream.RowAsync(_system)).Status);

        // Nothing tells the queue the worker died: its job reappears once the fetch's invisibility timeout lapses.
        var rescuer = await _system.StartWorkerAsync(Settings);
        await SlowDream.UntilFinishedAsync(_system, doomed);

        var row = await SlowDream.RowAsync(_system);
        Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.Equal(rescuer.Services.GetRequiredService<WorkerIdentity>().Name, row.Worker);

        var result = Assert.Single(_system.Discord.ResultEdits(interaction));
        Assert.Equal(SlowDream.Images, result.Files.Count());
        Assert.Equal(row.ResultMessageId, interaction.Original!.Id);
        Assert.Equal(SlowDream.Images, interaction.Original.Attachments.Count);
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, [interaction]));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task ABatchWhoseWorkerWasKilled_IsFinishedByAnotherWorker_EachRequestPostedExactlyOnce()
    {
        var batch = new Dictionary<string, string?>(Settings) { ["Queue:MaxBatch"] = "4", ["Queue:WorkerCount"] = "1" };
        await using (var db = _system.Database.CreateContext())
        {
            db.GuildSettings.Add(new GuildSettings { GuildId = InteractionPayloads.GuildId, MaxQueuedPerUser = 5, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var interactions = new List<FakeInteraction>();
        for (var i = 0; i < 3; i++)
            interactions.Add(await SlowDream.SendAsync(_system, prompt: $"{SlowDream.Prompt} {i}"));
        await SlowDream.UntilReleasedAsync(_system, interactions.Count);
        await using var doomed = WorkerProcess.Start(_system, InvisibilityTimeout, more: new() { ["Queue__MaxBatch"] = "4", ["Queue__WorkerCount"] = "1" });
        await SlowDream.UntilRenderingAsync(_system, doomed, interactions[0]);

        doomed.Kill();
        Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60)), "SIGKILL ended the worker");
        var claimed = await SlowDream.RowsAsync(_system);
        Assert.All(claimed, row => Assert.Equal(GenerationStatus.Running, row.Status));
        Assert.Single(claimed.Select(r => r.JobId).Distinct());

        await _system.StartWorkerAsync(batch);
        foreach (var interaction in interactions)
            await _system.FinishedAsync(interaction.Id, TimeSpan.FromSeconds(120));

        foreach (var row in await SlowDream.RowsAsync(_system))
            Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        foreach (var interaction in interactions)
        {
            Assert.Single(_system.Discord.ResultEdits(interaction));
            Assert.Equal(SlowDream.Images, interaction.Original!.Attachments.Count);
        }
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, interactions));
        Assert.Empty(_system.Discord.ValidationFailures);
    }
}
