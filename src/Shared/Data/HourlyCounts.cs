namespace DreamBot.Shared.Data;

/// <summary>
/// What finished in one hour (by queue time) on one worker, for the stats rollups. Only generations that had finished
/// by the rollup's settle time are in it. The histograms are <see cref="Stats.TimeHistogram"/>s packed as bytes.
/// </summary>
public abstract class HourlyCounts
{
    public long Id { get; set; }
    public DateTimeOffset Hour { get; set; }
    public string? Worker { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public long Images { get; set; }
// Written and read by the rollup SQL and TimeHistogram, never through EF.
    public byte[] WaitHistogram { get; set; } = [];
    public byte[] RenderHistogram { get; set; } = [];
}
