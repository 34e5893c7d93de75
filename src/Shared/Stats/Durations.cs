namespace DreamBot.Shared.Stats;

/// <summary>Which duration histograms an hourly read fetches; they are most of what it reads.</summary>
[Flags]
public enum Durations
{
    None = 0,
    Wait = 1,
    Render = 2,
    Both = Wait | Render,
}
