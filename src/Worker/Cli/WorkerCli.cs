
namespace DreamBot.Worker.Cli;

/// <summary>The Worker's command-line verbs (generate, generate-tiny-model, bench, models ...); anything else runs the job server.</summary>
public static class WorkerCli
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["generate"] = args => new GenerateCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC()),
        ["generate-tiny-model"] = args => new GenerateTinyModelCommand(Console.Out, Console.Error).RunAsync(args),
        ["check-device"] = args => new CheckDeviceCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC()),
        ["bench"] = args => new BenchCommand(Console.Out, Console.Error).RunAsync(args, CancelOnCtrlC()),
        ["models"] = args => new ModelsCommand(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args, CancelOnCtrlC()),
    };

    public static bool Handles(string verb) => Commands.ContainsKey(verb) || verb is "help" or "--help" or "-h";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Commands.TryGetValue(args[0], out var run))
            return await run(args[1..]);
        await Console.Out.WriteLineAsync("usage: DreamBot.Worker [" + string.Join(" | ", Commands.Keys) + "] ...  (no verb: run the job server)");
        foreach (var usage in new[] { GenerateCommand.Usage, GenerateTinyModelCommand.Usage, BenchCommand.Usage, CheckDeviceCommand.Usage, ModelsCommand.Usage })
            await Console.Out.WriteLineAsync("  " + usage);
        return 0;
    }

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
