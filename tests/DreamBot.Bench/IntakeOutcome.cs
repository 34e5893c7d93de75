using DreamBot.Bot.Replies;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Bench;

/// <summary>
/// One /dream as Discord saw it: how long the acknowledgement took and what it was (type 4 reply or type 5 deferral),
/// or the HTTP status / failure instead of one.
/// </summary>
/// <param name="Status">The HTTP status; 0 when no response came (a timeout, a refused connection).</param>
/// <param name="AckType">The acknowledgement's callback type when the Bot answered 200.</param>
/// <param name="Private">Whether an immediate reply was ephemeral: DreamBot says "no" privately and "queued" publicly.</param>
public sealed record IntakeOutcome(FakeInteraction Interaction, long UserId, double LatencyMs, int Status, int? AckType, bool Private)
{
    private const int Ephemeral = 64;

    public bool Acknowledged => Status == 200 && AckType is 4 or 5;

    public bool Deferred => Acknowledged && AckType == 5;

    /// <summary>
    /// Whether the user was told "no" (a private answer), true or false once known; null while a deferred reply is
    /// still outstanding or when there was no acknowledgement.
    /// </summary>
    public bool? Refused => (Acknowledged, AckType) switch
    {
        (false, _) => null,
        (true, 4) => Private,
        // A private answer to a deferral arrives as the first follow-up; a public one edits the "thinking…" message.
        _ when Interaction.Followups is [var first, ..] => (first.Flags & Ephemeral) != 0,
        _ when Interaction.Original is { EditCount: > 0 } original && original.Content != DeferredReplyDelivery.PrivateNotice => false,
        _ => null,
    };

    public static bool IsPrivate(int? flags) => ((flags ?? 0) & Ephemeral) != 0;
}
