using DreamBot.Bot.Interactions;
using DreamBot.Bot.Waiting;
namespace DreamBot.Bot.Intake;

/// <summary>
/// The queue's answer: accepted (with the queue position as the requester sees it), or refused with a reason the user
/// can act on. <see cref="Release"/> hands an accepted request to the Workers; it runs once the reply is delivered.
/// </summary>
public sealed record DreamSubmission(bool Accepted, string Message)
{
    public static DreamSubmission Queued(long position, TimeSpan? wait = null) => new(true, QueueText.Queued(position, wait));

    public static DreamSubmission QueuedWithoutPosition() => new(true, QueueText.QueuedWithoutPosition);

    public static DreamSubmission Refused(string message) => new(false, message);

    /// <summary>A user's next request while their last is still being recorded (nothing is recorded or charged).</summary>
    public const string StillRecording = "Your last request is still being recorded; send this one again in a moment.";

    /// <summary>A user sending faster than <c>Intake:PerUserPerMinute</c> once their burst is spent (nothing is recorded or charged).</summary>
    public const string TooFast = "You're sending requests faster than DreamBot takes them; wait a few seconds and send this one again.";

    /// <summary>Every turn at the intake is taken and the line is full (nothing is recorded or charged).</summary>
    public const string Busy = "DreamBot is very busy right now and couldn't take this request. Nothing was charged; please try again in a moment.";

    public Func<CancellationToken, Task>? Release { get; init; }

    /// <summary>Accepted requests are answered in the channel; refusals only to the requester.</summary>
    public CommandReply ToReply() => Accepted
        ? CommandReply.Public(Message) with { OnDelivered = Release }
        : CommandReply.Private(Message);
}
