namespace DreamBot.Worker.Dataset;

/// <summary>What an export wrote, for the card and the command's output.</summary>
public sealed record DatasetSummary(int Rows, int Shards, int RatedRows, int Ratings, int MissingImages, int BlockedResults, int RemovedImages, IReadOnlyDictionary<string, int> Licences,
    IReadOnlyDictionary<string, DatasetGuildRows> Guilds);
