using DreamBot.Worker.Rendering;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Jobs;
using DreamBot.Tests.EndToEnd;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Maintenance;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Worker.Jobs;

/// <summary>
/// However a generation ends — cancelled at any phase, failed mid-render, abandoned by its job — the user either gets
/// images and pays, or gets no images and is refunded: never both, never neither.
/// </summary>
public sealed class GenerationOutcomeTests : IAsyncLifetime
{
    private const string EditOriginal = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original";
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync(workers: 0);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task CancelWhileQueued_NeverRenders_AndRefunds()
    {
        var renderer = await StartWorkerAsync(new GatedRenderer());
        await _system.StopWorkersAsync();
        var (dream, _) = await _system.DreamAsync("a lighthouse");

        Assert.StartsWith("Cancelled request", await CancelAsync());
        await _system.StartWorkerAsync(services: s => s.AddSingleton<IImageRenderer>(renderer));

        await AssertNotPaidAndNothingPostedAsync(dream, GenerationStatus.Cancelled);
        Assert.Equal(0, renderer.Renders);
    }

    [Fact]
    public async Task CancelMidSteps_StopsTheRender_PostsNothing_AndRefunds()
    {
        var renderer = await StartWorkerAsync(new GatedRenderer { Gate = RenderGate.MidSteps });
        var (dream, _) = await _system.DreamAsync("a lighthouse");
        await renderer.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("Cancelled request", await CancelAsync());

        await UntilOriginalSaysAsync(dream, "Cancelled.");
        await AssertNotPaidAndNothingPostedAsync(dream, GenerationStatus.Cancelled);
    }

    [Fact]
    public async Task CancelAfterTheLastStep_PostsNothing_AndRefunds()
    {
        var renderer = await StartWorkerAsync(new GatedRenderer { Gate = RenderGate.AfterLastStep });
        var (dream, _) = await _system.DreamAsync("a lighthouse");
        await renderer.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("Cancelled request", await CancelAsync());
        renderer.Release();

        await UntilOriginalSaysAsync(dream, "Cancelled.");
        await AssertNotPaidAndNothingPostedAsync(dream, GenerationStatus.Cancelled);
    }

    [Fact]
    public async Task CancelWhilePosting_IsRefusedAsAlreadyFinishing_AndTheUserGetsTheImagesAndPays()
    {
        var renderer = await StartWorkerAsync(new GatedRenderer { Gate = RenderGate.AfterLastStep });
        var (dream, _) = await _system.DreamAsync("a lighthouse");
        await renderer.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        // The result's upload is held at Discord, so the generation stays Posting while the user cancels.
        _system.Discord.InjectFault(EditOriginal, FakeFault.Stall(TimeSpan.FromSeconds(20)));
        renderer.Release();
        await Eventually.TrueAsync(async () => (await RowAsync(dream)).Status == GenerationStatus.Posting, TimeSpan.FromSeconds(30), () => "the job started posting\n" + _system.Problems());

        Assert.Contains("already finishing", await CancelAsync(), StringComparison.Ordinal);

        var row = await _system.FinishedAsync(dream.Id);
        Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.False(row.Refunded);
        Assert.Single(_system.Discord.ResultEdits(dream));
    }

    [Fact]
    public async Task OutOfMemoryMidJob_TellsTheUserPlainly_Refunds_AndTheWorkerServesTheNextJob()
    {
#pragma warning disable CA2201 // The runtime's own exception is the point: what a failed allocation throws mid-render.
        await StartWorkerAsync(new GatedRenderer { Failure = new OutOfMemoryException() });
#pragma warning restore CA2201
        var (failing, _) = await _system.DreamAsync("a lighthouse");

        await UntilOriginalSaysAsync(failing, "Sorry, this one failed: the worker ran out of memory");
        await AssertNotPaidAndNothingPostedAsync(failing, GenerationStatus.Failed);

        var (next, _) = await _system.DreamAsync("a harbour");
        var row = await _system.FinishedAsync(next.Id);
        Assert.True(row.Status == GenerationStatus.Succeeded, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.Single(_system.Discord.ResultEdits(next));
    }

    [Fact]
    public async Task Sweeper_FailsAndRefunds_ARunningRowWhoseJobNoLongerExists()
    {
        var (dream, _) = await _system.DreamAsync("a lighthouse");
        await Eventually.TrueAsync(async () =>
        {
            // As if its job had been deleted from the dashboard after it claimed the row.
            await using var db = _system.Database.CreateContext();
            return await db.Generations.Where(g => g.InteractionId == dream.Id).ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Running)
                .SetProperty(g => g.JobId, "987654321")) == 1;
        }, TimeSpan.FromSeconds(30), () => "the request was recorded");
        var worker = await _system.StartWorkerAsync(services: s => s.AddSingleton<IImageRenderer>(new GatedRenderer()));

        await using (var scope = worker.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<QueueSweeper>().RunAsync(CancellationToken.None);

        await AssertNotPaidAndNothingPostedAsync(dream, GenerationStatus.Failed);
        await UntilOriginalSaysAsync(dream, "Sorry, this one failed");
    }

    [Fact]
    public async Task Sweeper_RecordsAPostedResultAsSucceeded_WhenItsJobDiedBeforeTheFinalSave()
    {
        var (dream, _) = await _system.DreamAsync("a lighthouse");
        await Eventually.TrueAsync(async () =>
        {
            // The result went out and its message id was recorded, then the final save failed until the job was deleted.
            await using var db = _system.Database.CreateContext();
            return await db.Generations.Where(g => g.InteractionId == dream.Id).ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, GenerationStatus.Posting)
                .SetProperty(g => g.ResultMessageId, 42)
                .SetProperty(g => g.JobId, "987654321")) == 1;
        }, TimeSpan.FromSeconds(30), () => "the request was recorded");
        var worker = await _system.StartWorkerAsync(services: s => s.AddSingleton<IImageRenderer>(new GatedRenderer()));

        await using (var scope = worker.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<QueueSweeper>().RunAsync(CancellationToken.None);

        var row = await RowAsync(dream);
        Assert.Equal(GenerationStatus.Succeeded, row.Status);
        Assert.False(row.Refunded);
        Assert.DoesNotContain(_system.Discord.RequestsTo(EditOriginal), r => r.Path.Contains(Uri.EscapeDataString(dream.Token), StringComparison.Ordinal)
            && r.Json?["content"]?.GetValue<string>()?.StartsWith("Sorry", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Sweeper_ReleasesARequestTheBotRecordedButNeverReleased_AndPostsToTheChannelWhenDiscordNeverGotItsAcknowledgement()
    {
        // The Bot recorded the request and stopped before its acknowledgement went out: Discord never heard back.
        var interaction = _system.Discord.CreateInteraction(DreamBotSystem.ChannelId);
        await using (var db = _system.Database.CreateContext())
        {
            db.Generations.Add(new Generation
            {
                UserId = InteractionPayloads.UserId, UserName = "someone", GuildId = InteractionPayloads.GuildId, ChannelId = DreamBotSystem.ChannelId,
                InteractionId = interaction.Id, InteractionToken = interaction.Token, Status = GenerationStatus.Queued, AwaitingAcknowledgement = true,
                QueuedAt = DateTimeOffset.UtcNow - QueueSweeper.AcknowledgementGrace - TimeSpan.FromSeconds(5), CostUnits = 0.01,
                Parameters = new DreamParameters { Prompt = "a lighthouse", Steps = 2, Width = 256, Height = 256, Seed = 7 },
            });
            await db.SaveChangesAsync();
        }
        var worker = await _system.StartWorkerAsync();

        await using (var scope = worker.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<QueueSweeper>().RunAsync(CancellationToken.None);

        var row = await _system.FinishedAsync(interaction.Id);
        Assert.True(row is { Status: GenerationStatus.Succeeded, Refunded: false }, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        var posted = Assert.Single(_system.Discord.Messages(DreamBotSystem.ChannelId), m => m.Id == row.ResultMessageId);
        Assert.StartsWith($"<@{InteractionPayloads.UserId}>", posted.Content, StringComparison.Ordinal);
        Assert.NotEmpty(posted.Attachments);
    }

    [Fact]
    public async Task Sweeper_AddsASlotForARequestLeftWithoutOne_ButNotForOneAFetchedSlotIsAboutToClaim()
    {
        // Models no worker here serves, so the slots stay where the sweeper puts them.
        await using (var db = _system.Database.CreateContext())
        {
            db.Generations.AddRange(
                Released("stray", DateTimeOffset.UtcNow - QueueSweeper.StrayAfter - TimeSpan.FromSeconds(5)),
                Released("fresh", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var worker = await _system.StartWorkerAsync();

        int added;
        await using (var scope = worker.Services.CreateAsyncScope())
            added = await scope.ServiceProvider.GetRequiredService<QueueSweeper>().RunAsync(CancellationToken.None);

        var monitoring = worker.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Equal((1, 1L, 0L), (added, monitoring.EnqueuedCount(ModelRoute.QueueFor("stray")), monitoring.EnqueuedCount(ModelRoute.QueueFor("fresh"))));

        Generation Released(string model, DateTimeOffset queuedAt)
        {
            var interaction = _system.Discord.CreateInteraction(DreamBotSystem.ChannelId);
            return new Generation
            {
                UserId = InteractionPayloads.UserId, UserName = "someone", GuildId = InteractionPayloads.GuildId, ChannelId = DreamBotSystem.ChannelId,
                InteractionId = interaction.Id, InteractionToken = interaction.Token, Status = GenerationStatus.Queued, QueuedAt = queuedAt, CostUnits = 0.01,
                Parameters = new DreamParameters { Prompt = "a lighthouse", Model = model, Steps = 2, Width = 256, Height = 256, Seed = 7 },
            };
        }
    }

    private async Task<GatedRenderer> StartWorkerAsync(GatedRenderer renderer)
    {
        await _system.StartWorkerAsync(services: s => s.AddSingleton<IImageRenderer>(renderer));
        return renderer;
    }

    private async Task<string> CancelAsync()
    {
        var (interaction, ack) = await _system.SendAsync(i => InteractionPayloads.Command("cancel", id: i.Id, token: i.Token));
        string? text = null;
        await Eventually.TrueAsync(() => Task.FromResult((text = _system.Discord.AcknowledgementText(interaction, ack)) is not null),
            TimeSpan.FromSeconds(30), () => "/cancel was answered");
        return text!;
    }

    private Task UntilOriginalSaysAsync(FakeInteraction dream, string prefix) =>
        Eventually.TrueAsync(() => Task.FromResult(dream.Original?.Content.StartsWith(prefix, StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(60), () => $"the original response says \"{prefix}\" (it says \"{dream.Original?.Content}\")\n{_system.Problems()}");

    private async Task AssertNotPaidAndNothingPostedAsync(FakeInteraction dream, GenerationStatus expected)
    {
        var row = await _system.FinishedAsync(dream.Id);
        Assert.True(row.Status == expected, $"{row.Status}: {row.Error}\n{_system.Problems()}");
        Assert.True(row.Refunded, "the units were refunded");
        Assert.Empty(_system.Discord.ResultEdits(dream));
        Assert.Empty(_system.Discord.ResultsOutsideOriginals(DreamBotSystem.ChannelId, [dream]));
    }

    private async Task<Generation> RowAsync(FakeInteraction dream)
    {
        await using var db = _system.Database.CreateContext();
        return await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == dream.Id);
    }
}
