using System.Globalization;
using DreamBot.ModelBuilder;
using DreamBot.ModelBuilder.FullSize;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>generate-tiny-upscaler</c>: a random-weight super-resolution graph with Real-ESRGAN's export conventions, for
/// trying upscaling without real weights; <c>--full-size</c>: one shaped as Real-ESRGAN x4plus, for timing it.
/// </summary>
public sealed class GenerateTinyUpscalerCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate-tiny-upscaler --out FILE.onnx [--scale 2|4] [--fp16] [--fixed-side N] [--features N]\n"
        + "       generate-tiny-upscaler --full-size --out FILE.onnx [--fp16]";

    private static readonly string[] Options = ["out", "scale", "fixed-side", "features"];
    private static readonly string[] Flags = ["fp16", "full-size"];

    public Task<int> RunAsync(string[] args) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, Flags);
            var path = parsed.Required("out");
            if (parsed.Flag("full-size"))
            {
                if (parsed.String("scale") is not (null or "4") || parsed.String("fixed-side") is not null || parsed.String("features") is not null)
                    throw new CliUsageException("--full-size is Real-ESRGAN x4plus's shape: ×4, symbolic sides, 64 features");
                var parameters = new FullSizeUpscaler(Float16: parsed.Flag("fp16")).Write(path);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"wrote a Real-ESRGAN x4plus-shaped ×4 upscaler ({parameters:N0} parameters, random weights) to {Path.GetFullPath(path)}"));
                return 0;
            }
            var fixedSide = parsed.Int("fixed-side", 0);
            var upscaler = new TinyUpscaler(
                Scale: parsed.Int("scale", 4),
                Float16: parsed.Flag("fp16"),
                FixedSide: fixedSide == 0 ? null : fixedSide,
                Features: parsed.Int("features", 16));
            upscaler.Write(path);
            await output.WriteLineAsync($"wrote a tiny ×{upscaler.Scale} upscaler to {Path.GetFullPath(path)}");
            return 0;
        });
}
