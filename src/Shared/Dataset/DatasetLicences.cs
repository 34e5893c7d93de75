namespace DreamBot.Shared.Dataset;

/// <summary>The licences a guild may contribute its results under, by their SPDX-style short names.</summary>
public static class DatasetLicences
{
    public const string Cc0 = "cc0";
    public const string CcBy = "cc-by-4.0";
    public const string CcBySa = "cc-by-sa-4.0";

    public static IReadOnlyList<string> All { get; } = [Cc0, CcBy, CcBySa];

    /// <summary>The licence's SPDX identifier, as dataset cards name licences (<c>cc0-1.0</c> for <see cref="Cc0"/>).</summary>
    public static string SpdxId(string licence) => licence == Cc0 ? "cc0-1.0" : licence;
}
