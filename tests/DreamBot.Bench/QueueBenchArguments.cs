using System.Globalization;

namespace DreamBot.Bench;

/// <param name="Jobs">Generations in the burst phase; the paced phase runs a tenth of them.</param>
/// <param name="Workers">Hangfire worker threads in the one Worker host (Queue:WorkerCount).</param>
/// <param name="PacedRate">Enqueues per second in the paced phase, where start latency is measured without a backlog.</param>
public sealed record QueueBenchArguments(int Jobs, int Workers, int PacedRate)
{
    public static QueueBenchArguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
                throw new ArgumentException($"Expected --name value, got '{key}'.");
            values[key[2..]] = e.Current;
        }

        int Get(string name, int fallback) =>
            values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new QueueBenchArguments(Get("jobs", 2000), Get("workers", 16), Get("rate", 50));
    }
}
