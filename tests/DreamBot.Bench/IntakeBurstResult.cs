using System.Globalization;

namespace DreamBot.Bench;

/// <summary>
/// One burst of /dream from users with nothing queued: how fast and how they were acknowledged, what the Bot spent on
/// them, and whether the database holds exactly one row for each request the users were told is queued.
/// </summary>
/// <param name="Rate">The others' rate, with the single user's when one sent alongside.</param>
/// <param name="Ack">Acknowledgement latency of the others' interactions, send to HTTP response.</param>
/// <param name="Missing">Told "queued" (or deferred and recorded nowhere) but no row.</param>
/// <param name="RecordedThoughRefused">Told "no" privately, yet a row exists.</param>
/// <param name="RecordedUnanswered">No acknowledgement (error or timeout), yet a row exists: Discord showed the user a failure.</param>
/// <param name="Unresolved">Deferred, and no reply had replaced the deferral when the benchmark stopped waiting.</param>
public sealed record IntakeBurstResult(
    int Backlog, int QueuedAtStart, string Rate, LatencySummary Ack, int Late, double DeferredPercent, int Refused, int Errors,
    double BotCpuMsPerInteraction, int PeakConnections, int Missing, int Duplicated, int RecordedThoughRefused,
    int RecordedUnanswered, int Unresolved, string? SingleUser)
{
    // Discord shows "The application did not respond" to an acknowledgement later than this.
    private const double DiscordDeadlineMs = 3000;

    public bool RecordedExactlyOnce => Missing == 0 && Duplicated == 0 && RecordedThoughRefused == 0;

    public static IntakeBurstResult From(
        int backlog, int queuedAtStart, string rate, IReadOnlyList<IntakeOutcome> others, IReadOnlyList<IntakeOutcome> singleUser,
        IReadOnlyDictionary<long, int> recorded, TimeSpan botCpu, int peakConnections)
    {
        var all = others.Concat(singleUser).ToList();
        bool Has(IntakeOutcome o) => recorded.ContainsKey(o.Interaction.Id);
        var acknowledged = others.Where(o => o.Acknowledged).ToList();
        return new IntakeBurstResult(
            backlog, queuedAtStart, rate,
            LatencySummary.From("http", others.Count, [.. acknowledged.Select(o => o.LatencyMs)]),
            acknowledged.Count(o => o.LatencyMs > DiscordDeadlineMs),
            acknowledged.Count == 0 ? 0 : 100.0 * acknowledged.Count(o => o.Deferred) / acknowledged.Count,
            others.Count(o => o.Refused == true),
            others.Count(o => !o.Acknowledged),
            all.Count == 0 ? 0 : botCpu.TotalMilliseconds / all.Count,
            peakConnections,
            Missing: all.Count(o => o.Acknowledged && o.Refused != true && !Has(o)),
            Duplicated: recorded.Values.Count(n => n > 1),
            RecordedThoughRefused: all.Count(o => o.Refused == true && Has(o)),
            RecordedUnanswered: all.Count(o => !o.Acknowledged && Has(o)),
            Unresolved: all.Count(o => o.Acknowledged && o.Refused is null),
            SingleUser: singleUser.Count == 0 ? null : Describe(singleUser));
    }

    private static string Describe(IReadOnlyList<IntakeOutcome> outcomes)
    {
        var ack = LatencySummary.From("single", outcomes.Count, [.. outcomes.Where(o => o.Acknowledged).Select(o => o.LatencyMs)]);
        return string.Create(CultureInfo.InvariantCulture,
            $"single user: sent {ack.Sent}, acknowledged {ack.Acknowledged}, refused {outcomes.Count(o => o.Refused == true)}, ack p50 {ack.P50Ms:0.0} ms, p99 {ack.P99Ms:0.0} ms");
    }

    public static void Print(IReadOnlyList<IntakeBurstResult> rows, IntakeBenchArguments args)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"/dream intake with a deep queue in one guild: bursts of {args.Duration.TotalSeconds:0} s from users with nothing queued, Bot on CPUs {args.BotCpus} ({Environment.ProcessorCount} cores in all)"));
        Console.WriteLine("| backlog | queued at start | rate /s | sent | ack p50 ms | ack p99 ms | max ms | over 3 s | deferred % | refused | errors | Bot CPU ms/interaction | peak PG connections | recorded exactly once |");
        Console.WriteLine("|--------:|----------------:|--------:|-----:|-----------:|-----------:|-------:|---------:|-----------:|--------:|-------:|-----------------------:|--------------------:|:---------------------:|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Backlog:N0} | {r.QueuedAtStart:N0} | {r.Rate} | {r.Ack.Sent:N0} | {r.Ack.P50Ms:0.0} | {r.Ack.P99Ms:0.0} | {r.Ack.MaxMs:0.0} | {r.Late} | {r.DeferredPercent:0.0} | {r.Refused} | {r.Errors} | {r.BotCpuMsPerInteraction:0.00} | {r.PeakConnections} | {(r.RecordedExactlyOnce ? "yes" : "no")} |"));
        }
        foreach (var r in rows.Where(r => !r.RecordedExactlyOnce || r.RecordedUnanswered > 0 || r.Unresolved > 0 || r.SingleUser is not null))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- backlog {r.Backlog:N0}, {r.Rate}: missing {r.Missing}, duplicated {r.Duplicated}, recorded though refused {r.RecordedThoughRefused}, recorded though unanswered {r.RecordedUnanswered}, deferred replies not in when the benchmark stopped waiting {r.Unresolved}{(r.SingleUser is { } s ? "; " + s : "")}"));
        }
    }
}
