using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>generate</c>: one request through the real pipeline, PNGs to disk, the seed and stage times to the console.
/// Exit codes: 0 done, 1 the model or runtime failed, 2 bad arguments.
/// </summary>
public sealed class GenerateCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate --model DIR --prompt TEXT [--negative TEXT] [--steps N] [--guidance G] [--seed S] "
        + "[--width W] [--height H] [--sampler NAME] [--count N] [--init-image FILE --strength S] [--device auto|cpu|cuda] --out FILE.png";

    private static readonly string[] Options =
        ["model", "prompt", "negative", "steps", "guidance", "seed", "width", "height", "sampler", "count", "init-image", "strength", "device", "out"];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, []);
            var (parameters, initImage) = ReadRequest(parsed);
            var outPath = parsed.Required("out");
            var settings = CliModelSettings.From(parsed);

            using var loggers = CliLogging.Create();
            var loadStarted = TimeProvider.System.GetTimestamp();
            using var model = StableDiffusionModel.Load(settings.Path, settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Diffusion"), settings.CudaOptions);
            await output.WriteLineAsync($"model: {model.Name} on {model.Device}, loaded in {Ms(TimeProvider.System.GetElapsedTime(loadStarted))}");

            using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
            var result = await pipeline.GenerateAsync(parameters, initImage, null, cancellationToken);
            await output.WriteLineAsync($"seed: {result.Seed}");
            if (result.DroppedPromptText is { } dropped)
                await output.WriteLineAsync($"prompt longer than the model takes; dropped: {dropped}");
            await WriteTimingsAsync(result);
            for (var i = 0; i < result.Images.Count; i++)
            {
                var path = result.Images.Count == 1 ? outPath : NumberedPath(outPath, i + 1);
                await File.WriteAllBytesAsync(path, result.Images[i].Png, cancellationToken);
                var flag = result.Images[i].Flagged is true ? " (flagged by the safety checker)" : "";
                await output.WriteLineAsync($"wrote {path} (seed {result.Images[i].Seed}){flag}");
            }
            return 0;
        });

    /// <summary>FILE.png -> FILE-2.png.</summary>
    public static string NumberedPath(string path, int number) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-{number}{Path.GetExtension(path)}");

    /// <summary>The same parameters, with the same defaults, that /dream would use for these options.</summary>
    private static (DreamParameters Parameters, byte[]? InitImage) ReadRequest(CliArguments args)
    {
        var initPath = args.String("init-image");
        var initImage = initPath is null ? null : ReadImage(initPath);
        var width = args.Int("width", 0);
        var height = args.Int("height", 0);
        if (initImage is not null && width == 0 && height == 0)
        {
            var (imageWidth, imageHeight) = UntrustedImageDecoder.Identify(initImage, ImageLimits.Default);
            (width, height) = ImageFitting.FitSize(imageWidth, imageHeight, DreamLimits.DefaultSide * DreamLimits.DefaultSide,
                DreamLimits.SideStep, DreamLimits.MinSide, DreamLimits.Hard.MaxSide);
        }
        var strength = args.String("strength") is null ? (double?)null : args.Double("strength", DreamLimits.DefaultStrength);
        return (CliParameters.Checked(new DreamParameters
        {
            Prompt = args.Required("prompt"),
            NegativePrompt = args.String("negative") ?? "",
            Steps = args.Int("steps", DreamLimits.DefaultSteps),
            Guidance = args.Double("guidance", DreamLimits.DefaultGuidance),
            Seed = args.Long("seed") ?? DreamParameters.NewSeed(Random.Shared),
            Width = width == 0 ? DreamLimits.DefaultSide : width,
            Height = height == 0 ? DreamLimits.DefaultSide : height,
            Sampler = args.String("sampler") ?? DreamLimits.DefaultSampler,
            Count = args.Int("count", DreamLimits.DefaultCount),
            InitImage = initPath is null ? null : Path.GetFullPath(initPath),
            Strength = strength ?? (initPath is null ? null : DreamLimits.DefaultStrength),
        }), initImage);
    }

    private static byte[] ReadImage(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
            throw new CliUsageException($"--init-image: no file '{file}'");
        if (info.Length > ImageLimits.Default.MaxBytes)
            throw new InvalidImageException($"The image is {info.Length / 1024} KiB; the limit is {ImageLimits.Default.MaxBytes / 1024} KiB.");
        return File.ReadAllBytes(file);
    }

    private async Task WriteTimingsAsync(GenerationResult result)
    {
        var t = result.Timings;
        await output.WriteLineAsync($"tokenize {Ms(t.Tokenize)}, text encode {Ms(t.TextEncode)}, prepare latents {Ms(t.PrepareLatents)}");
        await output.WriteLineAsync($"denoise {Ms(t.Denoise)} for {t.Steps} steps ({Ms(t.Denoise / Math.Max(1, t.Steps))}/step, {t.OutsideOrtShare:P1} outside ONNX Runtime)");
        await output.WriteLineAsync($"vae decode {Ms(t.VaeDecode)}, safety check {Ms(t.SafetyCheck)}, png encode {Ms(t.PngEncode)}");
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F1} ms";
}
