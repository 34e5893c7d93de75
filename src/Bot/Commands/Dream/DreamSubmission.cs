using DreamBot.Bot.Queue;

namespace DreamBot.Bot.Commands.Dream;

/// <summary>The queue's answer: accepted (with the queue position as the requester sees it), or refused with a reason the user can act on.</summary>
public sealed record DreamSubmission(bool Accepted, string Message)
{
    public static DreamSubmission Queued(long position, TimeSpan? wait = null) => new(true, QueueText.Queued(position, wait));

    public static DreamSubmission Refused(string message) => new(false, message);

    /// <summary>Accepted requests are answered in the channel; refusals only to the requester.</summary>
    public CommandReply ToReply() => Accepted ? CommandReply.Public(Message) : CommandReply.Private(Message);
}
