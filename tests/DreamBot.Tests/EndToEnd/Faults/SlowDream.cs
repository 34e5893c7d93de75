using DreamBot.Shared.Data;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>
/// A /dream that keeps the tiny model busy for a few seconds (two 768×768 images, 50 steps), so a test can interrupt
/// the Worker while it is visibly mid-render.
/// </summary>
public static class SlowDream
{
    public const string Prompt = "a lighthouse in a storm";
    public const int Images = 2;

    public static async Task<FakeInteraction> SendAsync(DreamBotSystem system, string prompt = Prompt)
    {
        var (interaction, ack) = await system.DreamAsync(prompt, ("steps", 4, 50), ("width", 4, 768), ("height", 4, 768), ("count", 4, Images));
        var text = system.Discord.AcknowledgementText(interaction, ack);
        Assert.True(ack["type"]!.GetValue<int>() == 5 || text?.StartsWith("Queued", StringComparison.Ordinal) == true, $"Not queued: {ack.ToJsonString()}");
        return interaction;
    }

    public static async Task<List<Generation>> RowsAsync(DreamBotSystem system)
    {
        await using var db = system.Database.CreateContext();
        return await db.Generations.AsNoTracking().OrderBy(g => g.Id).ToListAsync();
    }

    /// <summary>Waits until <paramref name="count"/> requests are recorded and released to the workers.</summary>
    public static Task UntilReleasedAsync(DreamBotSystem system, int count) =>
        Eventually.TrueAsync(
            async () => (await RowsAsync(system)) is var rows && rows.Count == count && rows.All(g => !g.AwaitingAcknowledgement),
            TimeSpan.FromSeconds(30),
            () => $"{count} requests were released\n" + system.Problems());

    public static async Task<Generation> RowAsync(DreamBotSystem system) =>
        await RowOrNullAsync(system) ?? throw new InvalidOperationException("The /dream was not recorded.");

    /// <summary>Null until the Bot has recorded the request (a deferred acknowledgement records it a little later).</summary>
    private static async Task<Generation?> RowOrNullAsync(DreamBotSystem system, FakeInteraction? interaction = null)
    {
        await using var db = system.Database.CreateContext();
        return await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => interaction == null || g.InteractionId == interaction.Id);
    }

    /// <summary>Waits until <paramref name="worker"/> has claimed the generation and Discord has seen its first progress edit.</summary>
    public static Task UntilRenderingAsync(DreamBotSystem system, WorkerProcess worker, FakeInteraction interaction) =>
        Eventually.TrueAsync(
            async () =>
            {
                var row = await RowOrNullAsync(system, interaction);
                return row?.Status == GenerationStatus.Running && worker.Owns(row.Worker)
                    && interaction.Original?.Content.StartsWith("Rendering", StringComparison.Ordinal) == true;
            },
            TimeSpan.FromSeconds(90),
            () => "the worker process started rendering\n" + worker.Output + "\n" + system.Problems());

    public static Task UntilFinishedAsync(DreamBotSystem system, WorkerProcess crashed) =>
        Eventually.TrueAsync(
            async () => (await RowAsync(system)).Status is GenerationStatus.Succeeded or GenerationStatus.Failed or GenerationStatus.Cancelled,
            TimeSpan.FromSeconds(90),
            () => "another worker finished the generation\n" + system.Problems() + "\n--- crashed worker ---\n" + crashed.Output);
}
