using System.Diagnostics;
using System.Globalization;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Cli;

/// <summary><c>upscale</c>: one image through a super-resolution graph, tiled, with the time and peak memory it took.</summary>
public sealed class UpscaleCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "upscale --upscaler FILE.onnx --image IN --out FILE.png [--tile N] [--overlap N] [--device auto|cpu|cuda]\n"
        + "       upscale --creative --upscaler FILE.onnx --model DIR --image IN --prompt TEXT [--negative TEXT] [--steps N] [--guidance G] "
        + "[--seed S] [--sampler NAME] [--strength S] [--max-side N] [--device auto|cpu|cuda] --out FILE.png";

    private static readonly string[] Options = ["upscaler", "image", "out", "tile", "overlap", "device"];

    private static readonly string[] CreativeOptions =
        ["upscaler", "image", "out", "model", "prompt", "negative", "steps", "guidance", "seed", "sampler", "strength", "max-side", "device"];

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        args.Contains("--creative")
            ? new CreativeUpscaleCommand(output, error).RunAsync([.. args.Where(a => a != "--creative")], CreativeOptions, cancellationToken)
            : RunPlainAsync(args, cancellationToken);

    private Task<int> RunPlainAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, []);
            var upscalerPath = parsed.Required("upscaler");
            var imagePath = parsed.Required("image");
            var outPath = parsed.Required("out");
            var tile = parsed.Int("tile", Upscaler.DefaultTile);
            var overlap = parsed.Int("overlap", Upscaler.DefaultOverlap);
            if (tile < 8 || overlap < 0 || overlap >= tile)
                throw new CliUsageException($"--tile must be at least 8 and --overlap between 0 and the tile size (got {tile} and {overlap})");
            if (!File.Exists(imagePath))
                throw new CliUsageException($"--image: '{imagePath}' does not exist");
            var (device, deviceId, cudaOptions) = CliModelSettings.DeviceFrom(parsed);

            using var image = UntrustedImageDecoder.Decode(await File.ReadAllBytesAsync(imagePath, cancellationToken), ImageLimits.Default);
            using var loggers = CliLogging.Create();
            var factory = new OnnxSessionFactory(device, deviceId, loggers.CreateLogger("DreamBot.Worker.Upscaling"), cudaOptions);
            using var upscaler = Upscaler.Load(upscalerPath, factory);
            var started = Stopwatch.GetTimestamp();
            var planes = upscaler.Upscale(PixelConversion.ToUnitPlanar(image), image.Width, image.Height, tile, overlap);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (width, height) = (image.Width * upscaler.Scale, image.Height * upscaler.Scale);
            using var upscaled = PixelConversion.FromUnitPlanar(planes, width, height);
            await File.WriteAllBytesAsync(outPath, PngEncoding.Encode(upscaled, null), cancellationToken);
            var tiles = upscaler.FixedTile is { } fixedTile ? $"fixed {fixedTile.Width}×{fixedTile.Height}" : tile.ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"×{upscaler.Scale} on {factory.Device}: {image.Width}×{image.Height} -> {width}×{height} in {elapsed.TotalMilliseconds:F0} ms (tile {tiles}, overlap {overlap}); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB"));
            await output.WriteLineAsync($"wrote {outPath}");
            return 0;
        });
}
