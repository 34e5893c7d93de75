using DreamBot.Shared.Domain;

namespace DreamBot.Shared.Data;

/// <summary>One /dream request and everything that happened to it.</summary>
public sealed class Generation
{
    public long Id { get; set; }

    public long UserId { get; set; }
    public string UserName { get; set; } = "";
    public long? GuildId { get; set; }
    public long ChannelId { get; set; }

    /// <summary>Age-restricted channels show images the safety checker flagged without hiding them.</summary>
    public bool ChannelNsfw { get; set; }
    public long InteractionId { get; set; }
    public string InteractionToken { get; set; } = "";

    /// <summary>The result this one repeats (Reroll, Variations), shown as its lineage.</summary>
    public long? ParentGenerationId { get; set; }

    public DreamParameters Parameters { get; set; } = new() { Prompt = "" };

    public GenerationStatus Status { get; set; }

    /// <summary>
    /// Set while the Bot has recorded the request but not yet put its reply in front of the user: no Worker claims it,
    /// so nothing uses the interaction token before Discord has the acknowledgement.
    /// </summary>
    public bool AwaitingAcknowledgement { get; set; }
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>
    /// The request's round among its user's requests in its guild's queue for its model: its key in the fair order,
    /// given by the database when the request is queued (see <c>FairQueue</c>).
    /// </summary>
    public int? QueueRound { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Worker { get; set; }
    public string? Error { get; set; }
    public string? JobId { get; set; }

    /// <summary>What the request costs against quotas; it stops counting once <see cref="Refunded"/> is set.</summary>
    public double CostUnits { get; set; }
    public bool Refunded { get; set; }
    public int FlaggedImages { get; set; }

    /// <summary>The Discord message the result was posted as; set once, so a retried job never posts twice.</summary>
    public long? ResultMessageId { get; set; }

    /// <summary>
    /// Whether the result could be shared when it was made (see <c>DatasetEligibility.ConsentWhenMade</c>): a later
    /// opt-in of its guild or its requester does not reach back to it.
    /// </summary>
    public bool DatasetConsent { get; set; }

    /// <summary>When the requester or a moderator deleted the posted result; a deleted result is never shared.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
