namespace DreamBot.Bench;

/// <param name="Jobs">Requests queued at once and measured.</param>
/// <param name="Size">Image side; larger sides slow the tiny model towards a real one's time per image.</param>
/// <param name="Steps">Denoising steps per request.</param>
/// <param name="UploadMs">How long the fake Discord takes to answer a request carrying an image.</param>
/// <param name="Workers">The Worker's job threads (Queue:WorkerCount).</param>
/// <param name="Batches">The Queue:MaxBatch values to measure, one table row each.</param>
public sealed record WorkerBenchArguments(int Jobs, int Size, int Steps, int UploadMs, int Workers, int[] Batches)
{
    public static WorkerBenchArguments Parse(IEnumerable<string> args)
    {
        var options = new BenchOptions(args);
        return new WorkerBenchArguments(options.Int("jobs", 20), options.Int("size", 512), options.Int("steps", 20), options.Int("upload-ms", 200), options.Int("workers", 2), options.Ints("batches", [1, 2, 4, 8]));
    }
}
