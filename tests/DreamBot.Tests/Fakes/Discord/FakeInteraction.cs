namespace DreamBot.Tests.Fakes.Discord;

/// <summary>
/// An interaction the fake issued (id and token to put in an INTERACTION_CREATE), with how it was answered:
/// the callback type, the original response and the follow-ups.
/// </summary>
public sealed class FakeInteraction(long id, string token, long channelId, DateTimeOffset createdAt, FakeMessage? sourceMessage)
{
    private readonly List<FakeMessage> _followups = [];

    public long Id { get; } = id;
    public string Token { get; } = token;
    public long ChannelId { get; } = channelId;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>For a component interaction: the message whose button was pressed (what @original then refers to).</summary>
    public FakeMessage? SourceMessage { get; } = sourceMessage;

    /// <summary>Discord accepts the first answer only this long after it created the interaction.</summary>
    public static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    /// <summary>When the callback reached the fake; null while unanswered.</summary>
    public DateTimeOffset? AcknowledgedAt { get; internal set; }

    /// <summary>Answered within Discord's deadline, measured as Discord would: from creation to the callback's arrival.</summary>
    public bool AcknowledgedInTime => AcknowledgedAt - CreatedAt < AckDeadline;

    /// <summary>The callback type DreamBot answered with (4, 5, 6, 7…); null while unanswered.</summary>
    public int? CallbackType { get; internal set; }

    /// <summary>The message the interaction's @original refers to, once there is one.</summary>
    public FakeMessage? Original { get; internal set; }

    /// <summary>The suggestions of an autocomplete result (callback type 8), which creates no message.</summary>
    public System.Text.Json.Nodes.JsonArray? Choices { get; internal set; }

    /// <summary>Once expired, webhook routes for this token answer 401 / 50027 Invalid Webhook Token.</summary>
    public bool Expired { get; set; }

    public IReadOnlyList<FakeMessage> Followups
    {
        get { lock (_followups) return [.. _followups]; }
    }

    internal void AddFollowup(FakeMessage message)
    {
        lock (_followups)
            _followups.Add(message);
    }
}
