using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using System.Diagnostics;
using System.Globalization;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Jobs;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Bench;

/// <summary>
/// The Worker's efficiency: a full Worker (PostgreSQL, Hangfire, the pipeline on a tiny model, the fake Discord with an
/// upload latency) under a full queue, against the bare pipeline rendering the same requests in the same process.
/// Efficiency is the Worker's images/s over the pipeline's: what the claim, progress, upload and database writes around
/// each render cost the GPU (here the CPU).
/// </summary>
public static class WorkerBenchmark
{
    public static async Task<int> RunAsync(WorkerBenchArguments args)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres to a PostgreSQL server the benchmark may create a database on.");
        var model = TestPaths.NewTempDirectory("bench-worker-model");
        TinyModelGenerator.Write(model, Directory.Exists(TestPaths.Clip) ? TestPaths.Clip : null, new TinyModelOptions());
        var request = new DreamParameters
        {
            Prompt = "a lighthouse at dusk", Sampler = Samplers.Euler, Steps = args.Steps, Width = args.Size, Height = args.Size, Seed = 1,
        };
        try
        {
            var rows = new List<(int Batch, double Bare, double Worker, double Busy)>();
            foreach (var batch in args.Batches)
            {
                var bare = await BarePipelineAsync(model, request, args.Jobs, batch);
                var (worker, busy) = await WorkerAsync(server, model, request, args, batch);
                rows.Add((batch, bare, worker, busy));
            }
            Print(args, rows);
        }
        finally
        {
            Directory.Delete(model, recursive: true);
        }
        return 0;
    }

    /// <summary>Seconds per image of the pipeline alone rendering batches of <paramref name="batch"/>, PNG encoding included, after one warm-up.</summary>
    private static async Task<double> BarePipelineAsync(string modelPath, DreamParameters request, int count, int batch)
    {
        using var model = StableDiffusionModel.Load(modelPath, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var requests = Enumerable.Range(0, count).Select(i => request with { Seed = i + 2 }).ToList();
        await pipeline.GenerateBatchAsync(requests[..batch], new Action<GenerationProgress>?[batch], CancellationToken.None);
        var clock = Stopwatch.StartNew();
        foreach (var chunk in requests.Chunk(batch))
            await pipeline.GenerateBatchAsync(chunk, new Action<GenerationProgress>?[chunk.Length], CancellationToken.None);
        return clock.Elapsed.TotalSeconds / count;
    }

    /// <summary>
    /// Seconds per image of the Worker from the first claim to the last recorded result, with a full queue, and the
    /// share of that time the device was held for rendering.
    /// </summary>
    private static async Task<(double SecondsPerImage, double BusyShare)> WorkerAsync(string server, string modelPath, DreamParameters request, WorkerBenchArguments args, int batch)
    {
        var database = await QueueBenchDatabase.CreateAsync(server);
        try
        {
            await using var discord = await FakeDiscord.StartAsync();
            discord.ValidatesBodies = false;
            discord.UploadLatency = TimeSpan.FromMilliseconds(args.UploadMs);
            var worker = await BenchWorker.StartAsync(database.ConnectionString, discord, workers: args.Workers, maxBatch: batch, modelPath);
            try
            {
                var slots = worker.Services.GetRequiredService<DreamSlots>();
                var contexts = worker.Services.GetRequiredService<IDbContextFactory<DreamBotDb>>();
                var device = worker.Services.GetRequiredService<DeviceGate>();
                // The warm-up job, then the measured queue, all waiting before the first one starts.
                await RunAsync(discord, slots, contexts, request, 1);
                var busyBefore = device.Busy;
                var rows = await RunAsync(discord, slots, contexts, request, args.Jobs);
                var span = rows.Max(r => r.FinishedAt) - rows.Min(r => r.StartedAt);
                return (span.TotalSeconds / args.Jobs, (device.Busy - busyBefore) / span);
            }
            finally
            {
                await worker.StopAsync();
                await worker.DisposeAsync();
            }
        }
        finally
        {
            await database.DropAsync();
        }
    }

    private static async Task<List<(DateTimeOffset StartedAt, DateTimeOffset FinishedAt)>> RunAsync(
        FakeDiscord discord, DreamSlots slots, IDbContextFactory<DreamBotDb> contexts, DreamParameters request, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var interaction = discord.CreateInteraction(BenchWorker.ChannelId);
            await DiscordRelay.ForwardAckAsync(discord, interaction, """{"type":4,"data":{"content":"Queued"}}""");
            ids.Add(await BenchWorker.EnqueueAsync(interaction, userId: 1_000 + i, request with { Seed = i + 2 }, contexts, slots, CancellationToken.None));
        }
        await using var db = await contexts.CreateDbContextAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (await db.Generations.CountAsync(g => ids.Contains(g.Id) && g.FinishedAt != null) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Not every job finished within 10 minutes.");
            await Task.Delay(50);
        }
        var rows = await db.Generations.AsNoTracking().Where(g => ids.Contains(g.Id)).Select(g => new { g.Status, g.StartedAt, g.FinishedAt }).ToListAsync();
        if (rows.FirstOrDefault(r => r.Status != GenerationStatus.Succeeded) is { } failed)
            throw new InvalidOperationException($"A benchmark job ended {failed.Status}.");
        return rows.Select(r => (r.StartedAt!.Value, r.FinishedAt!.Value)).ToList();
    }

    private static void Print(WorkerBenchArguments args, List<(int Batch, double Bare, double Worker, double Busy)> rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tiny model on the CPU, {args.Size}x{args.Size}, {args.Steps} steps, {args.Jobs} queued compatible requests, upload latency {args.UploadMs} ms, {args.Workers} job slots"));
        Console.WriteLine("| Queue:MaxBatch | bare pipeline, images/s | Worker end to end, images/s | efficiency (Worker / pipeline) | device busy | outside rendering, ms per image |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var (batch, bare, worker, busy) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {batch} | {1 / bare:0.00} | {1 / worker:0.00} | {bare / worker:0.0 %} | {busy:0.0 %} | {(worker - bare) * 1000:0} |"));
        }
    }
}
