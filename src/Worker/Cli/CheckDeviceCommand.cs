using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using System.Diagnostics;
using System.Globalization;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>check-device</c>: renders one request on the CPU and twice on CUDA and compares the images, so an operator can
/// see that a GPU set-up computes what the CPU computes, and does so deterministically. Uses <c>--model</c>, else
/// <c>Model:Path</c>, else a tiny model it writes for the check. Exit codes: 0 all checks passed, 1 a check failed or
/// CUDA is unavailable, 2 bad arguments.
/// </summary>
public sealed class CheckDeviceCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "check-device [--model DIR] [--size 256] [--steps 10]";

    // Kernels on two devices round differently, which moves a pixel by a level here and there; a GPU that computes
    // something else moves the mean by tens of levels.
    private const double MaxMeanLevels = 1.0;

    private static readonly string[] Options = ["model", "size", "steps"];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, []);
            var size = parsed.Int("size", 256);
            var request = CliParameters.Checked(new DreamParameters
            {
                Prompt = "a lighthouse on a cliff at dusk",
                Steps = parsed.Int("steps", 10), Width = size, Height = size, Seed = 1234, Sampler = Samplers.Euler,
            });

            var scratch = Directory.CreateTempSubdirectory("dreambot-check-device-");
            try
            {
                var settings = CliModelSettings.From(parsed, fallbackPath: scratch.FullName);
                if (settings.Path == scratch.FullName)
                    TinyModelGenerator.Write(scratch.FullName, tokenizerDirectory: null, new TinyModelOptions());
                var (cpu, precision) = await RenderAsync(settings with { Device = ExecutionDevice.Cpu }, request, 1, cancellationToken);
                var cudaOptions = new Dictionary<string, string>(settings.CudaOptions, StringComparer.Ordinal);
                // TF32 would round a float32 model's matrix products to 10-bit mantissas: compare at full precision.
                if (precision == TensorElementType.Float)
                    cudaOptions.TryAdd("use_tf32", "0");
                var (cuda, _) = await RenderAsync(settings with { Device = ExecutionDevice.Cuda, CudaOptions = cudaOptions }, request, 2, cancellationToken);

                var difference = PixelDifference.Between(cpu[0], cuda[0]);
                var agrees = difference.MeanLevels <= MaxMeanLevels;
                var deterministic = cuda[0].AsSpan().SequenceEqual(cuda[1]);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"CUDA vs CPU: mean difference {difference.MeanLevels:F3} levels, largest {difference.MaxLevels}: {(agrees ? "ok" : "FAILED")}"));
                await output.WriteLineAsync($"CUDA, same seed twice: {(deterministic ? "identical PNG: ok" : "different PNGs: FAILED")}");
                return agrees && deterministic ? 0 : CliErrors.Failed;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });

    private async Task<(List<byte[]> Images, TensorElementType Precision)> RenderAsync(CliModelSettings settings, DreamParameters request, int times, CancellationToken cancellationToken)
    {
        using var loggers = CliLogging.Create();
        using var model = StableDiffusionModel.Load(settings.Path, settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Diffusion"), settings.CudaOptions);
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        var images = new List<byte[]>();
        for (var i = 0; i < times; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await pipeline.GenerateAsync(request, null, null, cancellationToken);
            images.Add(result.Images[0].Png);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(model.Device == ExecutionDevice.Cuda ? $"CUDA device {settings.DeviceId}" : "CPU")}: {model.Name}, {request.Width}x{request.Height}, {result.StepsRun} steps in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms"));
        }
        return (images, model.UNet.ElementType);
    }
}
