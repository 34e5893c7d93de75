using System.Globalization;

namespace DreamBot.Bench;

public sealed record LatencySummary(string Transport, int Sent, int Acknowledged, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary From(string transport, int sent, IReadOnlyCollection<double> latenciesMs)
    {
        var sorted = latenciesMs.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new(transport, sent, sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    public static void Print(IEnumerable<LatencySummary> rows, BenchArguments args)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Acknowledgement latency, {args.Rate} interactions/s for {args.Duration.TotalSeconds:0} s ({Environment.ProcessorCount} cores)"));
        Console.WriteLine("| transport | sent | acked | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|-----------|-----:|------:|-------:|-------:|-------:|-------:|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Transport,-9} | {r.Sent,4} | {r.Acknowledged,5} | {r.P50Ms,6:0.0} | {r.P95Ms,6:0.0} | {r.P99Ms,6:0.0} | {r.MaxMs,6:0.0} |"));
        }
    }
}
