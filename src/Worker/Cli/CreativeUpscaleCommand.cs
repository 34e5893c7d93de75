using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using System.Globalization;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>upscale --creative</c>: Upscale (creative) as the button runs it: the upscaler, then image-to-image at
/// <see cref="ResultButtons.CreativeUpscaleStrength"/> (or <c>--strength</c>) at ×2 within <c>--max-side</c>.
/// Exit codes: 0 done, 1 the model or runtime failed, 2 bad arguments.
/// </summary>
public sealed class CreativeUpscaleCommand(TextWriter output, TextWriter error)
{
    public Task<int> RunAsync(string[] args, IReadOnlyCollection<string> options, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, options, []);
            var upscalerPath = parsed.Required("upscaler");
            if (!File.Exists(upscalerPath))
                throw new CliUsageException($"--upscaler: no file '{upscalerPath}'");
            var imagePath = parsed.Required("image");
            var source = GenerateCommand.ReadImage("image", imagePath);
            var outPath = parsed.Required("out");
            var (imageWidth, imageHeight) = UntrustedImageDecoder.Identify(source, ImageLimits.Default);
            var maxSide = parsed.Int("max-side", DreamLimits.Hard.MaxSide);
            var (width, height) = DreamRules.CreativeUpscaleSize(imageWidth, imageHeight, Math.Min(maxSide, DreamLimits.Hard.MaxSide), DreamLimits.Hard.MaxPixels)
                ?? throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                    $"the image is {imageWidth}×{imageHeight}; with sides up to {maxSide} there is no larger size to render it at"));
            var parameters = CliParameters.Checked(GenerateCommand.Common(parsed) with
            {
                Width = width,
                Height = height,
                Count = 1,
                InitImage = Path.GetFullPath(imagePath),
                Upscaler = Path.GetFileNameWithoutExtension(upscalerPath),
                Strength = parsed.String("strength") is null ? ResultButtons.CreativeUpscaleStrength : parsed.Double("strength", 0),
            });
            var settings = CliModelSettings.From(parsed);

            using var loggers = CliLogging.Create();
            var factory = new OnnxSessionFactory(settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Upscaling"), settings.CudaOptions);
            byte[] enlarged;
            using (var upscaler = Upscaler.Load(upscalerPath, factory))
                enlarged = CreativeUpscale.Enlarge(upscaler, source, ImageLimits.Default);
            using var model = StableDiffusionModel.Load(settings.Path, settings.Device, settings.DeviceId, loggers.CreateLogger("DreamBot.Worker.Diffusion"), settings.CudaOptions);
            using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
            var result = await pipeline.GenerateAsync(CreativeUpscale.DiffusionOf(parameters), enlarged, null, cancellationToken);
            await new GenerateCommand(output, error).WriteTimingsAsync(result);
            await File.WriteAllBytesAsync(outPath, result.Images[0].Png, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {imageWidth}×{imageHeight} -> {width}×{height}, strength {parameters.Strength}, seed {result.Seed}"));
            return 0;
        });
}
