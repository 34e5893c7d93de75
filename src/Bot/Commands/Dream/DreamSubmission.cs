namespace DreamBot.Bot.Commands.Dream;

/// <summary>The queue's answer: accepted at a position, or refused with a reason the user can act on.</summary>
public sealed record DreamSubmission(bool Accepted, string? Message, int? QueuePosition)
{
    public static DreamSubmission Queued(int position, string? message = null) => new(true, message, position);

    public static DreamSubmission Refused(string message) => new(false, message, null);
}
