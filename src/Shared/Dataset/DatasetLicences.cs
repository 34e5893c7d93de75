namespace DreamBot.Shared.Dataset;

/// <summary>The licences a guild may contribute its results under, by their SPDX-style short names.</summary>
public static class DatasetLicences
{
    public const string Cc0 = "cc0";
    public const string CcBy = "cc-by-4.0";
    public const string CcBySa = "cc-by-sa-4.0";

    public static IReadOnlyList<string> All { get; } = [Cc0, CcBy, CcBySa];
}
