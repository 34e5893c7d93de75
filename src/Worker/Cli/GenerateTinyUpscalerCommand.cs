using DreamBot.Worker.ModelBuilder;

namespace DreamBot.Worker.Cli;

/// <summary><c>generate-tiny-upscaler</c>: a random-weight super-resolution graph with Real-ESRGAN's export conventions, for trying upscaling without real weights.</summary>
public sealed class GenerateTinyUpscalerCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate-tiny-upscaler --out FILE.onnx [--scale 2|4] [--fp16] [--fixed-side N] [--features N]";

    private static readonly string[] Options = ["out", "scale", "fixed-side", "features"];
    private static readonly string[] Flags = ["fp16"];

    public Task<int> RunAsync(string[] args) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, Flags);
            var path = parsed.Required("out");
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
