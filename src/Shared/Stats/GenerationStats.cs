namespace DreamBot.Shared.Stats;

/// <summary>How DreamBot has been used, for /stats and the admin dashboard. Durations are in seconds.</summary>
public sealed record GenerationStats(
    long ImagesToday,
    long Images7Days,
    long Images30Days,
    long ActiveUsers7Days,
    long ActiveUsers30Days,
    long Queued,
    long Running,
    TimingPercentiles Timings,
    double FailureRate7Days,
    IReadOnlyList<UserCost> TopUsers,
    IReadOnlyList<WorkerThroughput> Workers);

public sealed record TimingPercentiles(double? WaitP50Seconds, double? WaitP95Seconds, double? RenderP50Seconds, double? RenderP95Seconds);

public sealed record UserCost(long UserId, string UserName, double Units, long Images);

public sealed record WorkerThroughput(string Worker, long Images, double ImagesPerHour, double? RenderP50Seconds);
