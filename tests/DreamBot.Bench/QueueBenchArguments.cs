namespace DreamBot.Bench;

/// <param name="Jobs">Generations in the burst phase; the paced phase runs a tenth of them.</param>
/// <param name="Workers">Hangfire worker threads in the one Worker host (Queue:WorkerCount).</param>
/// <param name="PacedRate">Enqueues per second in the paced phase, where start latency is measured without a backlog.</param>
/// <param name="MaxBatch">Requests one job claims together (Queue:MaxBatch); every benchmark request is compatible.</param>
public sealed record QueueBenchArguments(int Jobs, int Workers, int PacedRate, int MaxBatch)
{
    public static QueueBenchArguments Parse(IEnumerable<string> args)
    {
        var options = new BenchOptions(args);
        return new QueueBenchArguments(options.Int("jobs", 2000), options.Int("workers", 16), options.Int("rate", 50), options.Int("batch", 1));
    }
}
