namespace DreamBot.Worker.Dataset;

/// <summary>One server's share of an export: the licence it chose for its rows, and how many rows it has.</summary>
public sealed record DatasetGuildRows(string License, int Rows);
