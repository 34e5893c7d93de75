using System.Globalization;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Waiting;

/// <summary>/cancel [id]: cancels one of the caller's own requests (the most recent one when no id is given).</summary>
public sealed class CancelCommand(IServiceScopeFactory scopes, TimeProvider time) : ISlashCommand
{
    public const string IdOption = "id";

    public ApplicationCommand Definition { get; } = new("cancel", "Cancel one of your requests that has not finished")
    {
        Options = [new(ApplicationCommandOptionType.Integer, IdOption, "The request number shown by /queue (your latest when left out)") { MinValue = 1 }],
    };

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.Invoker?.Id is not { } userId || interaction.Data is not { } data)
            return CommandReply.Private("I can't tell who you are from this interaction.");
        var options = new CommandOptions(data);
        var id = options.Integer(IdOption);
        if (options.Problems.Count > 0)
            return CommandReply.Private(string.Join('\n', options.Problems));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        var active = db.Generations.Where(g => g.UserId == userId && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running || g.Status == GenerationStatus.Posting));
        var target = id is { } wanted
            ? await db.Generations.AsNoTracking().Where(g => g.Id == wanted).Select(g => new { g.Id, g.UserId, g.Status }).SingleOrDefaultAsync(cancellationToken)
            : await active.OrderByDescending(g => g.QueuedAt).Select(g => new { g.Id, g.UserId, g.Status }).FirstOrDefaultAsync(cancellationToken);

        if (target is null || target.UserId != userId)
            return CommandReply.Private(id is null ? "You have nothing to cancel." : $"You have no request #{id}. See `/queue` for yours.");
        if (target.Status is not (GenerationStatus.Queued or GenerationStatus.Running))
            return CommandReply.Private(GenerationCancellation.Refusal(target.Status == GenerationStatus.Posting ? CancelOutcome.Finishing : CancelOutcome.Finished, target.Id));

        var outcome = await db.CancelAsync(target.Id, time.GetUtcNow(), cancellationToken);
        return CommandReply.Private(outcome == CancelOutcome.Cancelled
            ? string.Create(CultureInfo.InvariantCulture, $"Cancelled request #{target.Id}; its units were refunded.")
            : GenerationCancellation.Refusal(outcome, target.Id));
    }
}
