using DreamBot.Shared.Data;

namespace DreamBot.Shared.Domain;

public static class DreamRequestMapping
{
    /// <summary>The generation row a request becomes when it is accepted.</summary>
    public static Generation ToGeneration(this DreamRequest request, DateTimeOffset now, long? parentGenerationId = null) => new()
    {
        UserId = request.Origin.UserId,
        UserName = request.Origin.UserName,
        GuildId = request.Origin.GuildId,
        ChannelId = request.Origin.ChannelId,
        ChannelNsfw = request.Origin.ChannelNsfw,
        InteractionId = request.Origin.InteractionId,
        InteractionToken = request.Origin.InteractionToken,
        ParentGenerationId = parentGenerationId,
        Prompt = request.Prompt,
        NegativePrompt = request.NegativePrompt ?? "",
        Model = request.Model,
        Sampler = request.Sampler,
        Steps = request.Steps,
        Guidance = (float)request.Guidance,
        Width = request.Width,
        Height = request.Height,
        Count = request.Count,
        Seed = request.Seed,
        InitImageUrl = request.InitImage?.Url,
        Strength = request.InitImage is null ? null : (float?)request.Strength,
        Status = GenerationStatus.Queued,
        QueuedAt = now,
        CostUnits = request.Cost,
    };
}
