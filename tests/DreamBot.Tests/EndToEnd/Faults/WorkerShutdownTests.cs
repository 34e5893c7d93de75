using DreamBot.Shared.Data;
using DreamBot.Worker.Jobs;

namespace DreamBot.Tests.EndToEnd.Faults;

public sealed class WorkerShutdownTests : IAsyncLifetime
{
    // Long enough that only an explicit hand-back, not the timeout, can let another worker take the job in time.
    private static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, string?> Settings = new() { ["Queue:InvisibilityTimeout"] = "00:05:00" };
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0, settings: Settings);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task AWorkerStoppedMidJob_ExitsInItsGracePeriod_AndHandsTheJobBackForAnotherWorkerToPostOnce()
    {
        var interaction = await SlowDream.SendAsync(_system);
        await using var stopping = WorkerProcess.Start(_system, InvisibilityTimeout, ShutdownTimeout);
        await SlowDream.UntilRenderingAsync(_system, stopping, interaction);

        await stopping.TerminateAsync();
        Assert.True(await stopping.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10)),
            "the worker exited within its shutdown timeout\n" + stopping.Output);
        Assert.True(stopping.ExitCode == 0, $"exit code {stopping.ExitCode}\n{stopping.Output}");
        Assert.Empty(_system.Discord.ResultEdits(interaction));
        Assert.Equal(GenerationStatus.Running, (await SlowDream.RowAsync(_system)).Status);

        var successor = await _system.StartWorkerAsync(Settings);
        await SlowDream.UntilFinishedAsync(_system, stopping);

        var row = await SlowDream.RowAsync(_system);
        Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.Equal(successor.Services.GetRequiredService<WorkerIdentity>().Name, row.Worker);
        var result = Assert.Single(_system.Discord.ResultEdits(interaction));
        Assert.Equal(SlowDream.Images, result.Files.Count());
        Assert.Equal(row.ResultMessageId, interaction.Original!.Id);
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, [interaction]));
        Assert.Empty(_system.Discord.ValidationFailures);
    }
}
