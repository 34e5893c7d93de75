namespace DreamBot.Worker.Dataset;

/// <summary>Which eligible images an export takes: days are UTC and inclusive, by when the result was asked for.</summary>
public sealed record DatasetFilter(DateOnly? Since, DateOnly? Until, long? GuildId, int MinRatings, bool IncludeNsfw);
