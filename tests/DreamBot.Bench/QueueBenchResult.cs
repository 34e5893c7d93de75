using System.Globalization;

namespace DreamBot.Bench;

public sealed record QueueBenchResult(string Phase, int? Rate, int Jobs, int Posted, double P50Ms, double P99Ms, double MaxMs, TimeSpan Span)
{
    public double JobsPerSecond => Jobs / Span.TotalSeconds;

    /// <summary>Claim to result recorded, inside the job: what the job itself costs, apart from the queue.</summary>
    public double InJobP50Ms { get; init; }

    public static QueueBenchResult From(string phase, int? rate, IReadOnlyCollection<double> startLatenciesMs, TimeSpan span, int posted)
    {
        var sorted = startLatenciesMs.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new(phase, rate, sorted.Length, posted, At(0.50), At(0.99), sorted[^1], span);
    }

    public static void Print(IEnumerable<QueueBenchResult> rows, QueueBenchArguments args)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Queue: enqueue -> claim -> no-op render -> result posted, {args.Workers} worker threads, batches of up to {args.MaxBatch}, one PostgreSQL ({Environment.ProcessorCount} cores)"));
        Console.WriteLine("| phase | enqueue rate | jobs | posted | start p50 ms | start p99 ms | start max ms | in-job p50 ms | jobs/s |");
        Console.WriteLine("|-------|-------------:|-----:|-------:|-------------:|-------------:|-------------:|--------------:|-------:|");
        foreach (var r in rows)
        {
            var rate = r.Rate is { } perSecond ? string.Create(CultureInfo.InvariantCulture, $"{perSecond}/s") : "all at once";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Phase} | {rate} | {r.Jobs} | {r.Posted} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.InJobP50Ms:0.0} | {r.JobsPerSecond:0.0} |"));
        }
    }
}
