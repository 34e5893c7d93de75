namespace DreamBot.Bench;

/// <param name="Backlogs">Requests waiting in the one guild before the bursts, one fresh database and Bot each.</param>
/// <param name="Rates">Interactions per second of each burst, from users with nothing queued.</param>
/// <param name="Duration">How long each burst lasts.</param>
/// <param name="BotCpus">The CPU list the Bot process is pinned to (taskset -c).</param>
/// <param name="FillConcurrency">Interactions in flight while the backlog is filled.</param>
/// <param name="SingleUserRate">When above 0, each burst runs again beside one user sending this many /dream per second.</param>
/// <param name="Warmup">/dream requests sent and claimed before each fill, so the Bot runs compiled code.</param>
/// <param name="Claims">Claims timed per batch size after the bursts.</param>
public sealed record IntakeBenchArguments(
    int[] Backlogs, int[] Rates, TimeSpan Duration, string BotCpus, int FillConcurrency, int SingleUserRate, int Warmup, int Claims)
{
    public static IntakeBenchArguments Parse(IEnumerable<string> args)
    {
        var options = new BenchOptions(args);
        return new IntakeBenchArguments(
            options.Ints("backlogs", [0, 1000, 10_000]), options.Ints("rates", [100, 500]), TimeSpan.FromSeconds(options.Double("seconds", 10)),
            options.Text("bot-cpus", "0"), options.Int("fill-concurrency", 16), options.Int("single-user-rate", 0),
            options.Int("warmup", 200), options.Int("claims", 20));
    }
}
