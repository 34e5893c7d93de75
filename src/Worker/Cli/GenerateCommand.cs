using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>generate</c>: one request through the real pipeline, PNGs to disk, the seed and stage times to the console;
/// <c>outpaint</c>: the same, zooming out of or panning the init image with an inpainting model.
/// Exit codes: 0 done, 1 the model or runtime failed, 2 bad arguments.
/// </summary>
public sealed class GenerateCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate --model DIR --prompt TEXT [--negative TEXT] [--steps N] [--guidance G] [--seed S] "
        + "[--width W] [--height H] [--sampler NAME] [--count N] [--init-image FILE [--strength S] [--mask FILE]] [--device auto|cpu|cuda] --out FILE.png";

    public const string OutpaintUsage = "outpaint --model DIR --init-image FILE (--zoom F | --pan left|right|up|down) --prompt TEXT [--negative TEXT] "
        + "[--steps N] [--guidance G] [--seed S] [--sampler NAME] [--count N] [--strength S] [--device auto|cpu|cuda] --out FILE.png";

    private static readonly string[] Options =
        ["model", "prompt", "negative", "steps", "guidance", "seed", "width", "height", "sampler", "count", "init-image", "strength", "mask", "device", "out"];

    // Beyond 4× the original is a small patch in a canvas the model paints almost alone.
    private const double MaxZoom = 4;

    private static readonly string[] OutpaintOptions =
        ["model", "prompt", "negative", "steps", "guidance", "seed", "sampler", "count", "init-image", "strength", "zoom", "pan", "device", "out"];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) => RunAsync(args, outpaint: false, cancellationToken);

    /// <summary><c>outpaint</c>: the canvas grows around the init image (<c>--zoom</c>) or beside it (<c>--pan</c>), and the model paints the new part.</summary>
    public Task<int> RunOutpaintAsync(string[] args, CancellationToken cancellationToken) => RunAsync(args, outpaint: true, cancellationToken);

    private Task<int> RunAsync(string[] args, bool outpaint, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, outpaint ? OutpaintOptions : Options, []);
            var (parameters, initImage, mask) = outpaint ? ReadOutpaint(parsed) : ReadRequest(parsed);
            var outPath = parsed.Required("out");
            var settings = CliModelSettings.From(parsed);

            using var loggers = CliLogging.Create();
            var loadStarted = TimeProvider.System.GetTimestamp();
            using var model = StableDiffusionModel.Load(settings.Path, settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Diffusion"), settings.CudaOptions);
            await output.WriteLineAsync($"model: {model.Name} on {model.Device}, loaded in {Ms(TimeProvider.System.GetElapsedTime(loadStarted))}");

            using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
            var result = await pipeline.GenerateAsync(parameters, initImage, mask, null, cancellationToken);
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
    private static (DreamParameters Parameters, byte[]? InitImage, byte[]? Mask) ReadRequest(CliArguments args)
    {
        var initPath = args.String("init-image");
        var maskPath = args.String("mask");
        if (maskPath is not null && initPath is null)
            throw new CliUsageException("--mask needs the --init-image it masks");
        var initImage = initPath is null ? null : ReadImage("init-image", initPath);
        var mask = maskPath is null ? null : ReadImage("mask", maskPath);
        var width = args.Int("width", 0);
        var height = args.Int("height", 0);
        if (initImage is not null && width == 0 && height == 0)
        {
            var (imageWidth, imageHeight) = UntrustedImageDecoder.Identify(initImage, ImageLimits.Default);
            (width, height) = ImageFitting.FitSize(imageWidth, imageHeight, DreamLimits.DefaultSide * DreamLimits.DefaultSide,
                DreamLimits.SideStep, DreamLimits.MinSide, DreamLimits.Hard.MaxSide);
        }
        var strength = args.String("strength") is null ? (double?)null : args.Double("strength", DreamLimits.DefaultStrength);
        return (CliParameters.Checked(Common(args) with
        {
            Width = width == 0 ? DreamLimits.DefaultSide : width,
            Height = height == 0 ? DreamLimits.DefaultSide : height,
            InitImage = initPath is null ? null : Path.GetFullPath(initPath),
            Mask = maskPath is null ? null : Path.GetFullPath(maskPath),
            // Inpainting repaints from pure noise unless asked otherwise, as diffusers' inpaint pipeline does.
            Strength = strength ?? (initPath is null ? null : maskPath is null ? DreamLimits.DefaultStrength : 1),
        }), initImage, mask);
    }

    /// <summary>The canvas of --zoom or --pan around the init image, whose size it keeps where the hard limits allow.</summary>
    private static (DreamParameters Parameters, byte[]? InitImage, byte[]? Mask) ReadOutpaint(CliArguments args)
    {
        var initImage = ReadImage("init-image", args.Required("init-image"));
        var (imageWidth, imageHeight) = UntrustedImageDecoder.Identify(initImage, ImageLimits.Default);
        var (zoom, pan) = (args.String("zoom"), args.String("pan"));
        if ((zoom is null) == (pan is null))
            throw new CliUsageException("outpaint needs exactly one of --zoom F and --pan left|right|up|down");
        var (maxSide, maxPixels) = (DreamLimits.Hard.MaxSide, DreamLimits.Hard.MaxPixels);
        var (width, height, placement) = zoom is not null
            ? args.Double("zoom", 0) is var factor and > 1 and <= MaxZoom
                ? Outpaint.ZoomOut(imageWidth, imageHeight, factor, maxSide, maxPixels)
                : throw new CliUsageException($"--zoom must be a number above 1 and at most {MaxZoom}, not '{zoom}'")
            : Enum.TryParse<PanDirection>(pan, ignoreCase: true, out var direction) && Enum.IsDefined(direction) && !char.IsDigit(pan![0])
                ? Outpaint.Pan(imageWidth, imageHeight, direction, maxSide, maxPixels)
                : throw new CliUsageException($"--pan must be left, right, up or down, not '{pan}'");
        return (CliParameters.Checked(Common(args) with
        {
            Width = width,
            Height = height,
            InitImage = Path.GetFullPath(args.Required("init-image")),
            Placement = placement,
            Strength = args.String("strength") is null ? 1 : args.Double("strength", 1),
        }), initImage, null);
    }

    /// <summary>The options generate, outpaint and upscale --creative share, with /dream's defaults.</summary>
    internal static DreamParameters Common(CliArguments args) => new()
    {
        Prompt = args.Required("prompt"),
        NegativePrompt = args.String("negative") ?? "",
        Steps = args.Int("steps", DreamLimits.DefaultSteps),
        Guidance = args.Double("guidance", DreamLimits.DefaultGuidance),
        Seed = args.Long("seed") ?? DreamParameters.NewSeed(Random.Shared),
        Sampler = args.String("sampler") ?? DreamLimits.DefaultSampler,
        Count = args.Int("count", DreamLimits.DefaultCount),
    };

    internal static byte[] ReadImage(string option, string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
            throw new CliUsageException($"--{option}: no file '{file}'");
        if (info.Length > ImageLimits.Default.MaxBytes)
            throw new InvalidImageException($"The image is {info.Length / 1024} KiB; the limit is {ImageLimits.Default.MaxBytes / 1024} KiB.");
        return File.ReadAllBytes(file);
    }

    internal async Task WriteTimingsAsync(GenerationResult result)
    {
        var t = result.Timings;
        await output.WriteLineAsync($"tokenize {Ms(t.Tokenize)}, text encode {Ms(t.TextEncode)}, prepare latents {Ms(t.PrepareLatents)}");
        await output.WriteLineAsync($"denoise {Ms(t.Denoise)} for {t.Steps} steps ({Ms(t.Denoise / Math.Max(1, t.Steps))}/step, {t.OutsideOrtShare:P1} outside ONNX Runtime)");
        await output.WriteLineAsync($"vae decode {Ms(t.VaeDecode)}, safety check {Ms(t.SafetyCheck)}, png encode {Ms(t.PngEncode)}");
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F1} ms";
}
