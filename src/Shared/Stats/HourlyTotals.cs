namespace DreamBot.Shared.Stats;

/// <summary>Succeeded and failed requests, images and durations summed over some hours.</summary>
public sealed class HourlyTotals
{
    public long Images { get; set; }
    public long Succeeded { get; set; }
    public long Failed { get; set; }
    public TimeHistogram Wait { get; } = new();
    public TimeHistogram Render { get; } = new();
}
