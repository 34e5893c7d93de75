using DreamBot.Worker.ModelBuilder;

namespace DreamBot.Worker.Cli;

/// <summary>
/// <c>generate-tiny-model</c>: writes a tiny random-weight model folder for trying the pipeline without real weights, or
/// with <c>--full-size</c> one of Stable Diffusion 1.5's real sizes for benchmarking without downloading weights.
/// </summary>
public sealed class GenerateTinyModelCommand(TextWriter output, TextWriter error)
{
    public const string Usage = "generate-tiny-model --out DIR [--full-size] [--tokenizer DIR] [--fp16] [--timestep float|int64] [--safety-checker] [--no-vae-encoder]";

    private static readonly string[] Options = ["out", "tokenizer", "timestep"];
    private static readonly string[] Flags = ["full-size", "fp16", "safety-checker", "no-vae-encoder"];

    public Task<int> RunAsync(string[] args) =>
        CliErrors.RunAsync(error, async () =>
        {
            var parsed = CliArguments.Parse(args, Options, Flags);
            var outDirectory = parsed.Required("out");
            // Without --tokenizer the model gets a byte-level stand-in vocabulary, enough for a demo.
            var tokenizer = parsed.String("tokenizer");
            if (tokenizer is not null && (!File.Exists(Path.Combine(tokenizer, "vocab.json")) || !File.Exists(Path.Combine(tokenizer, "merges.txt"))))
                throw new CliUsageException($"--tokenizer: '{tokenizer}' has no vocab.json and merges.txt");
            var floatTimestep = parsed.String("timestep") switch
            {
                null or "int64" => false,
                "float" => true,
                var other => throw new CliUsageException($"--timestep must be float or int64, not '{other}'"),
            };
            var options = new TinyModelOptions(
                Float16: parsed.Flag("fp16"),
                FloatTimestep: floatTimestep,
                SafetyChecker: parsed.Flag("safety-checker"),
                VaeEncoder: !parsed.Flag("no-vae-encoder"),
                FullSize: parsed.Flag("full-size"));
            TinyModelGenerator.Write(outDirectory, tokenizer, options);
            await output.WriteLineAsync($"wrote {(options.FullSize ? "full-size" : "tiny")} model to {Path.GetFullPath(outDirectory)}");
            return 0;
        });
}
