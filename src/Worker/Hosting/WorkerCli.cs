namespace DreamBot.Worker.Hosting;

/// <summary>The Worker's command-line verbs (generate, generate-tiny-model, bench, models ...); anything else runs the job server.</summary>
public static class WorkerCli
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal);

    public static bool Handles(string verb) => Commands.ContainsKey(verb) || verb is "help" or "--help" or "-h";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Commands.TryGetValue(args[0], out var run))
            return await run(args[1..]);
        await Console.Out.WriteLineAsync("usage: DreamBot.Worker [" + string.Join(" | ", Commands.Keys) + "] ...  (no verb: run the job server)");
        return 0;
    }
}
