namespace DreamBot.Shared.Domain;

/// <summary>A score a user picked for one image of a result, as read from the rating select.</summary>
public sealed record RatingChoice(long GenerationId, long Seed, int Score);
