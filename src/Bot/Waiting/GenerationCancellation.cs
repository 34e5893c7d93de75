using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Waiting;

public enum CancelOutcome
{
    Cancelled,

    /// <summary>The result is being posted; the user gets it and pays for it.</summary>
    Finishing,
    Finished,
}

/// <summary>
/// Cancels a generation that has not finished. A queued one never starts; a running one is stopped by its worker at
/// the next step, and its worker then posts nothing. Either way the units are refunded. Once the worker has started
/// posting, the cancellation loses.
/// </summary>
public static class GenerationCancellation
{
    public static async Task<CancelOutcome> CancelAsync(this DreamBotDb db, long generationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.TryCancelAsync(generationId, now, cancellationToken))
            return CancelOutcome.Cancelled;
        var status = await db.Generations.Where(g => g.Id == generationId).Select(g => g.Status).SingleAsync(cancellationToken);
        return status == GenerationStatus.Posting ? CancelOutcome.Finishing : CancelOutcome.Finished;
    }

    /// <summary>What the user or moderator is told when the cancellation did not happen.</summary>
    public static string Refusal(CancelOutcome outcome, long generationId)
    {
        var id = generationId.ToString(CultureInfo.InvariantCulture);
        return outcome == CancelOutcome.Finishing
            ? $"Request #{id} is already finishing: its result is being posted."
            : $"Request #{id} has already finished.";
    }
}
