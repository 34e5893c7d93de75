using DreamBot.Bot.Admin;
using DreamBot.Shared.Stats;

namespace DreamBot.Tests.Shared.Stats;

/// <summary>Counts must match exactly; percentiles within the histogram's stated error; unit sums up to rounding.</summary>
internal static class StatsAssert
{
    public static void Matches(GenerationStats direct, GenerationStats read)
    {
        Assert.Equal((direct.ImagesToday, direct.Images7Days, direct.Images30Days), (read.ImagesToday, read.Images7Days, read.Images30Days));
        Assert.Equal((direct.ActiveUsers7Days, direct.ActiveUsers30Days), (read.ActiveUsers7Days, read.ActiveUsers30Days));
        Assert.Equal((direct.Queued, direct.Running), (read.Queued, read.Running));
        Near(direct.Timings.WaitP50Seconds, read.Timings.WaitP50Seconds);
        Near(direct.Timings.WaitP95Seconds, read.Timings.WaitP95Seconds);
        Near(direct.Timings.RenderP50Seconds, read.Timings.RenderP50Seconds);
        Near(direct.Timings.RenderP95Seconds, read.Timings.RenderP95Seconds);
        Assert.Equal(direct.FailureRate7Days, read.FailureRate7Days, 12);
        TopUsers(direct.TopUsers, read.TopUsers);
        Assert.Equal(direct.Workers.Select(w => (w.Worker, w.Images)), read.Workers.Select(w => (w.Worker, w.Images)));
        foreach (var (expected, actual) in direct.Workers.Zip(read.Workers))
            Near(expected.RenderP50Seconds, actual.RenderP50Seconds);
    }

    public static void Matches(IReadOnlyList<DashboardQueries.HourPoint> direct, IReadOnlyList<DashboardQueries.HourPoint> read)
    {
        Assert.Equal(direct.Select(h => (h.Hour, h.Images)), read.Select(h => (h.Hour, h.Images)));
        foreach (var (expected, actual) in direct.Zip(read))
        {
            Near(expected.WaitP50Seconds, actual.WaitP50Seconds);
            Near(expected.WaitP95Seconds, actual.WaitP95Seconds);
            Near(expected.RenderP50Seconds, actual.RenderP50Seconds);
            Near(expected.RenderP95Seconds, actual.RenderP95Seconds);
        }
    }

    public static void Matches(IReadOnlyList<DashboardQueries.GuildUsage> direct, IReadOnlyList<DashboardQueries.GuildUsage> read)
    {
        Assert.Equal(direct.Select(g => (g.GuildId, g.Images, g.Users)), read.Select(g => (g.GuildId, g.Images, g.Users)));
        Assert.All(direct.Zip(read), pair => Assert.Equal(pair.First.Units, pair.Second.Units, 6));
    }

    public static void Near(double? exact, double? read)
    {
        Assert.Equal(exact is null, read is null);
        if (exact is { } e && read is { } r)
            Assert.True(Math.Abs(r - e) <= Math.Abs(e) * TimeHistogram.RelativeError + TimeHistogram.AbsoluteErrorSeconds,
                $"Read {r} s where the exact percentile is {e} s.");
    }

    /// <summary>
    /// Users tied on cost may come in either order, so the top list is checked against all users' costs: it must
    /// hold the highest costs, and each listed user's own cost and images.
    /// </summary>
    private static void TopUsers(IReadOnlyList<UserCost> everyUser, IReadOnlyList<UserCost> top)
    {
        Assert.Equal(Math.Min(5, everyUser.Count), top.Count);
        Assert.All(everyUser.Take(top.Count).Zip(top), pair => Assert.Equal(pair.First.Units, pair.Second.Units, 6));
        var byUser = everyUser.ToDictionary(u => u.UserId);
        Assert.All(top, user =>
        {
            Assert.Equal(byUser[user.UserId].Units, user.Units, 6);
            Assert.Equal(byUser[user.UserId].Images, user.Images);
        });
    }
}
