using System.Globalization;
using System.Text;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Waiting;

/// <summary>/queue: the caller's waiting and running requests, and how busy the queue is.</summary>
public sealed class QueueCommand(IServiceScopeFactory scopes) : ISlashCommand
{
    public ApplicationCommand Definition { get; } = new("queue", "Show your requests in the queue and how long the queue is");

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.Invoker?.Id is not { } userId)
            return CommandReply.Private("I can't tell who you are from this interaction.");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        var mine = await db.Generations.AsNoTracking()
            .Where(g => g.UserId == userId && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running))
            .OrderBy(g => g.QueuedAt)
            .Select(g => new { g.Id, g.Status, Prompt = g.Parameters.Prompt })
            .ToListAsync(cancellationToken);
        var queued = await db.Generations.CountAsync(g => g.Status == GenerationStatus.Queued, cancellationToken);
        var running = await db.Generations.CountAsync(g => g.Status == GenerationStatus.Running, cancellationToken);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**Queue:** {queued} waiting, {running} rendering.\n");
        if (mine.Count == 0)
            text.Append("You have nothing in the queue.");
        foreach (var g in mine)
        {
            var where = g.Status == GenerationStatus.Running
                ? "rendering now"
                : (await db.PositionAsync(g.Id, cancellationToken)) is { } position ? $"position {position}" : "starting";
            text.Append(CultureInfo.InvariantCulture, $"• `#{g.Id}` {where} — {Shorten(g.Prompt)}\n");
        }
        if (mine.Count > 0)
            text.Append("Cancel one with `/cancel id:<number>`.");
        return CommandReply.Private(text.ToString());
    }

    private static string Shorten(string prompt) => DiscordLimits.Truncate(prompt, 60);
}
