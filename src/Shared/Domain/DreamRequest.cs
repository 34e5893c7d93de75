using DreamBot.Shared.Data;

namespace DreamBot.Shared.Domain;

/// <summary>An accepted /dream or button press: what to render, who asked and where, and the result it repeats (if any).</summary>
public sealed record DreamRequest(DreamParameters Parameters, DreamRequestOrigin Origin, long? ParentGenerationId = null)
{
    /// <summary>The generation row the request becomes when it is accepted.</summary>
    public Generation ToGeneration(DateTimeOffset now) => new()
    {
        UserId = Origin.UserId,
        UserName = Origin.UserName,
        GuildId = Origin.GuildId,
        ChannelId = Origin.ChannelId,
        ChannelNsfw = Origin.ChannelNsfw,
        InteractionId = Origin.InteractionId,
        InteractionToken = Origin.InteractionToken,
        ParentGenerationId = ParentGenerationId,
        Parameters = Parameters,
        Status = GenerationStatus.Queued,
        AwaitingAcknowledgement = true,
        QueuedAt = now,
        CostUnits = Parameters.Cost,
    };
}
