using DreamBot.Shared.Data;
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
        Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(10)), "SIGKILL ended the worker");
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
}
