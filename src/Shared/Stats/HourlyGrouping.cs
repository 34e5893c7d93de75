namespace DreamBot.Shared.Stats;

/// <summary>
/// What hourly sums are grouped by: the key's SQL over the rollup tables and over the generations table, and a
/// predicate (ending in AND) that both sides must meet.
/// </summary>
public sealed record HourlyGrouping<TKey>(string Rollup, string Fresh, string Filter = "") where TKey : notnull;
