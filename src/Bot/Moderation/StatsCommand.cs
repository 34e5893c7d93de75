using System.Globalization;
using System.Text;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Stats;

namespace DreamBot.Bot.Moderation;

/// <summary>/stats: this server's usage, for its moderators.</summary>
public sealed class StatsCommand(IServiceScopeFactory scopes, TimeProvider time) : ISlashCommand
{
    public ApplicationCommand Definition { get; } = new("stats", "DreamBot usage in this server (moderators)")
    {
        DefaultMemberPermissions = ModeratorCheck.ManageGuild,
        Contexts = [InteractionContextType.Guild],
    };

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        if (await ModeratorContext.TryCreateAsync(db, interaction, time.GetUtcNow(), cancellationToken) is not { } mod)
            return CommandReply.Private(ModeratorContext.NotAllowed);
        var stats = await StatsQueries.ComputeAsync(db, mod.GuildId, mod.Now, cancellationToken);
        var topRated = TopRatedImages.Describe(mod.GuildId, await TopRatedImages.ListAsync(db, mod.GuildId, mod.Now, cancellationToken));
        return CommandReply.Private(topRated.Length == 0 ? Describe(stats) : Describe(stats) + "\n" + topRated);
    }

    public static string Describe(GenerationStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"**Images:** {s.ImagesToday} today, {s.Images7Days} in 7 days, {s.Images30Days} in 30 days\n");
        text.Append(c, $"**Active users:** {s.ActiveUsers7Days} in 7 days, {s.ActiveUsers30Days} in 30 days\n");
        text.Append(c, $"**Queue now:** {s.Queued} waiting, {s.Running} rendering\n");
        text.Append(c, $"**Wait:** p50 {Seconds(s.Timings.WaitP50Seconds)}, p95 {Seconds(s.Timings.WaitP95Seconds)} · **Render:** p50 {Seconds(s.Timings.RenderP50Seconds)}, p95 {Seconds(s.Timings.RenderP95Seconds)}\n");
        text.Append(c, $"**Failure rate (7 days):** {s.FailureRate7Days:P1}\n");
        if (s.TopUsers.Count > 0)
            text.Append("**Top users (30 days):** ").AppendJoin(", ", s.TopUsers.Select(u => string.Create(c, $"<@{u.UserId}> {u.Units:0.#} units"))).Append('\n');
        if (s.Workers.Count > 0)
            text.Append("**Workers (7 days):** ").AppendJoin(", ", s.Workers.Select(w => string.Create(c, $"{w.Worker} {w.Images} images ({w.ImagesPerHour:0.#}/h)"))).Append('\n');
        return text.ToString().TrimEnd();
    }

    private static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "–";
}
