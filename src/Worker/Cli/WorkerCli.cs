
namespace DreamBot.Worker.Cli;

/// <summary>The Worker's command-line verbs (generate, generate-tiny-model, bench, models, dataset ...); anything else runs the job server.</summary>
public static class WorkerCli
{
    private static readonly Dictionary<string, (string Usage, Func<string[], Task<int>> Run)> Commands = new(StringComparer.Ordinal)
    {
        ["generate"] = (GenerateCommand.Usage, args => new GenerateCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC())),
        ["generate-tiny-model"] = (GenerateTinyModelCommand.Usage, args => new GenerateTinyModelCommand(Console.Out, Console.Error).RunAsync(args)),
        ["generate-tiny-upscaler"] = (GenerateTinyUpscalerCommand.Usage, args => new GenerateTinyUpscalerCommand(Console.Out, Console.Error).RunAsync(args)),
        ["outpaint"] = (GenerateCommand.OutpaintUsage, args => new GenerateCommand(Console.Out, Console.Error).RunOutpaintAsync(args, CancelOnCtrlC())),
        ["upscale"] = (UpscaleCommand.Usage, args => new UpscaleCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC())),
        ["check-device"] = (CheckDeviceCommand.Usage, args => new CheckDeviceCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC())),
        ["bench"] = (BenchCommand.Usage, args => new BenchCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC())),
        ["models"] = (ModelsCommand.Usage, args => new ModelsCommand(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args, CancelOnCtrlC())),
        ["dataset"] = (DatasetExportCommand.Usage, args => new DatasetExportCommand(Console.Out, Console.Error, CliConfiguration.Read()).RunAsync(args, CancelOnCtrlC())),
    };

    public static bool Handles(string verb) => Commands.ContainsKey(verb) || IsHelp(verb) || verb == "help";

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    /// <summary>Runs a verb; <c>--help</c> or <c>-h</c> anywhere after it prints the verb's usage instead.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (Commands.TryGetValue(args[0], out var command))
        {
            if (!args[1..].Any(IsHelp))
                return await command.Run(args[1..]);
            await output.WriteLineAsync("usage: DreamBot.Worker " + command.Usage);
            return 0;
        }
        await output.WriteLineAsync("usage: DreamBot.Worker [" + string.Join(" | ", Commands.Keys) + "] ...  (no verb: run the job server)");
        foreach (var (usage, _) in Commands.Values)
            await output.WriteLineAsync("  " + usage);
        return 0;
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    private static CancellationToken CancelOnCtrlC()
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return cancellation.Token;
    }
}
