using DreamBot.ModelBuilder;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>generate-tiny-model</c>: writes a tiny random-weight model folder for trying the pipeline without real weights, or
/// with <c>--full-size</c> one of Stable Diffusion 1.5's or (<c>--family sdxl</c>) SDXL's real sizes for benchmarking
/// without downloading weights; <c>--optimized</c> writes that one in float16 with ONNX Runtime's fused CUDA operators,
/// as the optimised exports people run are.
/// </summary>
public sealed class GenerateTinyModelCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate-tiny-model --out DIR [--full-size [--optimized]] [--tokenizer DIR] [--layout dreambot|diffusers-script-old|diffusers-script|optimum-old|optimum] [--fp16] [--timestep float|int64] [--timestep-shape scalar|N] [--pad-token TOKEN] [--family sd|sd2|lcm|inpaint|sdxl|sdxl-turbo] [--hidden-states] [--safety-checker] [--no-vae-encoder]";

    private static readonly string[] Options = ["out", "tokenizer", "timestep", "layout", "timestep-shape", "pad-token", "family"];
    private static readonly string[] Flags = ["full-size", "optimized", "fp16", "safety-checker", "no-vae-encoder", "hidden-states"];

    public Task<int> RunAsync(string[] args) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, Flags);
            var outDirectory = parsed.Required("out");
            // Without --tokenizer the model gets a byte-level stand-in vocabulary, enough for a demo.
            var tokenizer = parsed.String("tokenizer");
            if (tokenizer is not null && (!File.Exists(Path.Combine(tokenizer, "vocab.json")) || !File.Exists(Path.Combine(tokenizer, "merges.txt"))))
                throw new CliUsageException($"--tokenizer: '{tokenizer}' has no vocab.json and merges.txt");
            bool? floatTimestep = parsed.String("timestep") switch
            {
                null => null,
                "int64" => false,
                "float" => true,
                var other => throw new CliUsageException($"--timestep must be float or int64, not '{other}'"),
            };
            var layout = Layout(parsed.String("layout"));
            if (layout != ExportLayout.DreamBot && parsed.Flag("full-size"))
                throw new CliUsageException("--full-size writes the dreambot layout only; leave out --layout");
            var family = Family(parsed.String("family"));
            if (family == ModelFamily.Inpaint && parsed.Flag("no-vae-encoder"))
                throw new CliUsageException("--family inpaint needs the VAE encoder (it encodes the masked image); leave out --no-vae-encoder");
            if (parsed.Flag("full-size") && (family is ModelFamily.Sd2 or ModelFamily.Lcm or ModelFamily.Inpaint || parsed.Flag("hidden-states")))
                throw new CliUsageException("--full-size writes Stable Diffusion 1.5 or SDXL only; use --family sd, sdxl or sdxl-turbo and leave out --hidden-states");
            var optimized = parsed.Flag("optimized");
            if (optimized && !parsed.Flag("full-size"))
                throw new CliUsageException("--optimized fuses the full-size graphs; add --full-size");
            var options = new TinyModelOptions(
                Float16: parsed.Flag("fp16") || optimized,
                FloatTimestep: floatTimestep,
                SafetyChecker: parsed.Flag("safety-checker"),
                VaeEncoder: !parsed.Flag("no-vae-encoder"),
                FullSize: parsed.Flag("full-size"),
                Layout: layout,
                TimestepLength: TimestepLength(parsed.String("timestep-shape")),
                PadToken: parsed.String("pad-token"),
                Family: family,
                HiddenStates: parsed.Flag("hidden-states"),
                Fused: optimized);
            TinyModelGenerator.Write(outDirectory, tokenizer, options);
            await output.WriteLineAsync($"wrote {(options.FullSize ? "full-size" : "tiny")} model to {Path.GetFullPath(outDirectory)}");
            return 0;
        });

    private static ExportLayout Layout(string? name) => name switch
    {
        null or "dreambot" => ExportLayout.DreamBot,
        "diffusers-script-old" => ExportLayout.DiffusersScriptOld,
        "diffusers-script" => ExportLayout.DiffusersScript,
        "optimum-old" => ExportLayout.OptimumOld,
        "optimum" => ExportLayout.Optimum,
        _ => throw new CliUsageException($"--layout must be dreambot, diffusers-script-old, diffusers-script, optimum-old or optimum, not '{name}'"),
    };

    private static ModelFamily Family(string? name) => name switch
    {
        null or "sd" => ModelFamily.Sd,
        "sd2" => ModelFamily.Sd2,
        "lcm" => ModelFamily.Lcm,
        "inpaint" => ModelFamily.Inpaint,
        "sdxl" => ModelFamily.Sdxl,
        "sdxl-turbo" => ModelFamily.SdxlTurbo,
        _ => throw new CliUsageException($"--family must be sd, sd2, lcm, inpaint, sdxl or sdxl-turbo, not '{name}'"),
    };

    private static int? TimestepLength(string? shape) => shape switch
    {
        null => null,
        "scalar" => 0,
        _ when int.TryParse(shape, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) && length is > 0 and <= 64 => length,
        _ => throw new CliUsageException($"--timestep-shape must be scalar or a length from 1 to 64, not '{shape}'"),
    };
}
