using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DreamBot.Bench;

/// <summary>
/// The /dream traffic of one Bot and database: the warm-up, the backlog fill (as fast as the Bot takes it, not
/// measured) and the measured bursts. Every user sends from an id of its own, so no per-user limit is reached except the
/// single user's.
/// </summary>
public sealed class IntakeLoad(IntakeBenchArguments args, BotProcess bot, IntakeClient client, string connectionString)
{
    private const long WarmupUsers = 3_000_000_000;
    private const long FillUsers = 1_000_000_000;
    private const long BurstUsers = 2_000_000_000;
    private const long SingleUsers = 4_000_000_000;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    private readonly IntakeRows _rows = new(connectionString);
    private long _fillUser = FillUsers;
    private long _burstUser = BurstUsers;
    private int _bursts;

    /// <summary>Requests whose rows are then claimed, so the Bot's code is compiled and the queue is empty again.</summary>
    public async Task WarmUpAsync()
    {
        var user = WarmupUsers;
        await SendAllAsync(args.Warmup, () => Interlocked.Increment(ref user));
        await IntakeRows.SettleAsync(_rows.QueuedAsync, args.Warmup, TimeSpan.FromSeconds(5), SettleTimeout);
        await ClaimTimes.ClaimAllAsync(connectionString, SettleTimeout);
    }

    /// <summary>Fills the queue to <paramref name="backlog"/> waiting requests, topping up what failed, in three rounds at most.</summary>
    public async Task FillAsync(int backlog)
    {
        var clock = Stopwatch.StartNew();
        var queued = await _rows.QueuedAsync();
        var (sent, failed) = (0, 0);
        for (var round = 0; round < 3 && queued < backlog; round++)
        {
            var outcomes = await SendAllAsync(backlog - queued, () => Interlocked.Increment(ref _fillUser));
            (sent, failed) = (sent + outcomes.Count, failed + outcomes.Count(o => !o.Acknowledged || o.Refused == true));
            queued = await IntakeRows.SettleAsync(_rows.QueuedAsync, backlog, TimeSpan.FromSeconds(5), SettleTimeout);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backlog {backlog:N0}: {queued:N0} queued after {sent:N0} sent in {clock.Elapsed.TotalSeconds:0.0} s ({sent / clock.Elapsed.TotalSeconds:0} /s, {failed} not queued)"));
        if (queued < backlog)
            throw new InvalidOperationException($"The backlog reached only {queued} of {backlog}.\n{bot.Tail()}");
    }

    /// <summary>The Bot's CPU time per second while nothing is sent: what its background services cost.</summary>
    public async Task<double> IdleCpuMsPerSecondAsync(TimeSpan span)
    {
        var before = bot.CpuTime();
        await Task.Delay(span);
        return (bot.CpuTime() - before).TotalMilliseconds / span.TotalSeconds;
    }

    /// <summary>A burst at <paramref name="rate"/> /s from new users, beside one user at <paramref name="singleUserRate"/> /s when above 0.</summary>
    public async Task<IntakeBurstResult> BurstAsync(int backlog, int rate, int singleUserRate)
    {
        var queuedAtStart = await _rows.QueuedAsync();
        var singleUser = SingleUsers + Interlocked.Increment(ref _bursts);
        var others = new ConcurrentQueue<IntakeOutcome>();
        var single = new ConcurrentQueue<IntakeOutcome>();
        var cpuBefore = bot.CpuTime();
        int peak;
        await using (var sampler = await PostgresConnectionSampler.StartAsync(connectionString, TimeSpan.FromMilliseconds(75)))
        {
            await Task.WhenAll(
                OpenLoop.PaceAsync(rate, args.Duration, async () => others.Enqueue(await client.DreamAsync(Interlocked.Increment(ref _burstUser)))),
                singleUserRate > 0 ? OpenLoop.PaceAsync(singleUserRate, args.Duration, async () => single.Enqueue(await client.DreamAsync(singleUser))) : Task.CompletedTask);
            await SettleAsync([.. others, .. single]);
            peak = sampler.Peak;
        }
        var cpu = bot.CpuTime() - cpuBefore;
        var recorded = await _rows.RecordedAsync([.. others.Concat(single).Select(o => o.Interaction.Id)]);
        var label = singleUserRate > 0 ? string.Create(CultureInfo.InvariantCulture, $"{rate} + 1 user at {singleUserRate}") : rate.ToString(CultureInfo.InvariantCulture);
        return IntakeBurstResult.From(backlog, queuedAtStart, label, [.. others], [.. single], recorded, cpu, peak);
    }

    /// <summary>Waits for deferred replies to replace their deferrals, then for the rows of everything not refused.</summary>
    private async Task SettleAsync(IReadOnlyList<IntakeOutcome> outcomes)
    {
        await IntakeRows.SettleAsync(() => Task.FromResult(outcomes.Count(o => o.Acknowledged && o.Refused is not null)),
            outcomes.Count(o => o.Acknowledged), TimeSpan.FromSeconds(20), SettleTimeout);
        var expected = outcomes.Where(o => o.Acknowledged && o.Refused != true).Select(o => o.Interaction.Id).ToList();
        await IntakeRows.SettleAsync(async () => (await _rows.RecordedAsync(expected)).Count, expected.Count, TimeSpan.FromSeconds(5), SettleTimeout);
    }

    private async Task<List<IntakeOutcome>> SendAllAsync(int count, Func<long> nextUser)
    {
        var outcomes = new ConcurrentQueue<IntakeOutcome>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = args.FillConcurrency },
            async (_, _) => outcomes.Enqueue(await client.DreamAsync(nextUser())));
        return [.. outcomes];
    }
}
