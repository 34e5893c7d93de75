using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using System.Diagnostics;
using System.Globalization;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>bench</c>: times each pipeline stage over a few runs, the share of the denoising loop spent outside ONNX Runtime,
/// peak working set, and whether memory grows over a soak of consecutive generations.
/// </summary>
public sealed class BenchCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "bench [--model DIR] [--size 512] [--steps 20] [--guidance 7.5] [--runs N] [--soak 200] [--batches 1,4,8] [--sampler NAME] [--device auto|cpu|cuda]";

    private static readonly string[] Options = ["model", "size", "steps", "guidance", "runs", "soak", "batches", "sampler", "device"];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, []);
            var size = parsed.Int("size", 512);
            var runs = parsed.Int("runs", 5);
            var soak = parsed.Int("soak", 200);
            if (runs < 1 || soak < 0)
                throw new CliUsageException("--runs must be at least 1 and --soak at least 0");
            var request = CliParameters.Checked(new DreamParameters
            {
                Prompt = "a photograph of an astronaut riding a horse",
                Steps = parsed.Int("steps", 20), Width = size, Height = size, Seed = 1, Sampler = parsed.String("sampler") ?? Samplers.Euler,
                Guidance = parsed.Double("guidance", DreamLimits.DefaultGuidance),
            });
            var batches = Batches(parsed.String("batches"));
            var settings = CliModelSettings.From(parsed);
            using var loggers = CliLogging.Create();
            using var model = StableDiffusionModel.Load(settings.Path, settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Diffusion"), settings.CudaOptions);
            using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

            await pipeline.GenerateAsync(request, null, null, cancellationToken); // warm-up: JIT, ORT arenas
            var results = new List<GenerationTimings>();
            for (var i = 0; i < runs; i++)
                results.Add((await pipeline.GenerateAsync(request, null, null, cancellationToken)).Timings);
            await WriteTableAsync(model, request, results);
            if (batches.Length > 0)
                await WriteBatchTableAsync(pipeline, request, batches, runs, cancellationToken);
            await SoakAsync(pipeline, request, soak, cancellationToken);
            return 0;
        });

    private async Task WriteTableAsync(StableDiffusionModel model, DreamParameters request, List<GenerationTimings> runs)
    {
        var steps = runs[0].Steps;
        double Mean(Func<GenerationTimings, TimeSpan> stage) => runs.Average(r => stage(r).TotalMilliseconds);
        var outside = Mean(r => r.Denoise - r.UNet);
        var total = Mean(r => r.Tokenize + r.TextEncode + r.PrepareLatents + r.Denoise + r.VaeDecode + r.SafetyCheck + r.PngEncode);
        await output.WriteLineAsync($"model {model.Name} on {model.Device}, {request.Width}x{request.Height}, {steps} steps of {request.Sampler}, "
            + $"guidance {request.Guidance}, mean of {runs.Count} runs after one warm-up");
        await output.WriteLineAsync("| stage | ms per image | ms per step |");
        await output.WriteLineAsync("|---|---:|---:|");
        await Row("tokenize", Mean(r => r.Tokenize));
        await Row("text encode", Mean(r => r.TextEncode));
        await Row("prepare latents", Mean(r => r.PrepareLatents));
        await Row("UNet (inside ONNX Runtime)", Mean(r => r.UNet), Mean(r => r.UNet) / steps);
        await Row("loop outside ONNX Runtime", outside, outside / steps);
        await Row("  of which scheduler step", Mean(r => r.Scheduler), Mean(r => r.Scheduler) / steps);
        await Row("VAE decode", Mean(r => r.VaeDecode));
        await Row("safety check", Mean(r => r.SafetyCheck));
        await Row("PNG encode", Mean(r => r.PngEncode));
        await Row("total", total);
        await output.WriteLineAsync($"outside-ORT share of step time: {runs.Average(r => r.OutsideOrtShare):P2}");
        using var process = Process.GetCurrentProcess();
        await output.WriteLineAsync($"peak working set: {process.PeakWorkingSet64 / 1048576.0:F0} MiB");

        Task Row(string stage, double ms, double? perStep = null) =>
            output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {ms:F2} | {(perStep is { } p ? p.ToString("F3", CultureInfo.InvariantCulture) : "")} |"));
    }

    private static int[] Batches(string? list)
    {
        if (list is null)
            return [];
        var sizes = list.Split(',').Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0).ToArray();
        if (sizes.Any(size => size is < 1 or > 64))
            throw new CliUsageException($"--batches takes batch sizes from 1 to 64 separated by commas, not '{list}'");
        return sizes;
    }

    /// <summary>Whole requests (PNG included) at each batch size, each request with its own seed, as a Worker's batch runs them.</summary>
    private async Task WriteBatchTableAsync(StableDiffusionPipeline pipeline, DreamParameters request, int[] sizes, int runs, CancellationToken cancellationToken)
    {
        if (sizes.Any(size => size > 1) && !pipeline.Batches)
            throw new CliUsageException("this model renders one request at a time (a fixed batch axis, SDXL or inpainting); leave out --batches");
        await output.WriteLineAsync($"batches: mean of {runs} runs after one warm-up per size");
        await output.WriteLineAsync("| batch | ms per batch | ms per image | images/s |");
        await output.WriteLineAsync("|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var batch = Enumerable.Range(0, size).Select(i => request with { Seed = 100 + i }).ToArray();
            var progress = new Action<GenerationProgress>?[size];
            await pipeline.GenerateBatchAsync(batch, progress, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            for (var run = 0; run < runs; run++)
                await pipeline.GenerateBatchAsync(batch, progress, cancellationToken);
            var perBatch = Stopwatch.GetElapsedTime(started).TotalMilliseconds / runs;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {perBatch:F1} | {perBatch / size:F1} | {1000 * size / perBatch:F2} |"));
        }
    }

    /// <summary>Memory after the first tenth, half and all of the soak: pools fill early, a leak keeps climbing.</summary>
    private async Task SoakAsync(StableDiffusionPipeline pipeline, DreamParameters request, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
            return;
        var checkpoints = new SortedSet<int> { Math.Max(1, count / 10), Math.Max(1, count / 2), count };
        var readings = new List<string>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            await pipeline.GenerateAsync(request with { Seed = i }, null, null, cancellationToken);
            if (checkpoints.Contains(i))
            {
                var (workingSet, heap) = Memory();
                readings.Add(string.Create(CultureInfo.InvariantCulture, $"after {i}: working set {workingSet:F0} MiB, managed heap {heap:F1} MiB"));
            }
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"soak: {count} generations in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s; {string.Join("; ", readings)}"));
    }

    private static (double WorkingSetMiB, double HeapMiB) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64 / 1048576.0, heap);
    }
}
