using DreamBot.Worker.Diffusion.Loading;
using System.Globalization;
using System.Text.RegularExpressions;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Hub;

namespace DreamBot.Worker.Cli;

/// <summary><c>models pull|list|verify</c>: fetch ONNX pipelines from the Hugging Face Hub and check local model folders.</summary>
public sealed partial class ModelsCommand(TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler = null)
{
    public const string Usage = "models pull REPO [--revision R] [--subfolder S] [--to DIR] | models list [--root DIR] | models verify DIR";
    public const string DefaultEndpoint = "https://huggingface.co";

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one read of a file's body may wait for data before the attempt is retried.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliErrors.RunAsync(error, async () =>
        {
            try
            {
                return args switch
                {
                    ["pull", var repo, .. var rest] when !repo.StartsWith("--", StringComparison.Ordinal) => await PullAsync(repo, rest, cancellationToken),
                    ["list", .. var rest] => await ListAsync(CliArguments.Parse(rest, ["root"], [])),
                    ["verify", var directory] when !directory.StartsWith("--", StringComparison.Ordinal) => await VerifyAsync(directory),
                    _ => throw new CliUsageException("usage: " + Usage),
                };
            }
            catch (HubException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return CliErrors.Failed;
            }
        });

    private async Task<int> PullAsync(string repo, string[] rest, CancellationToken cancellationToken)
    {
        if (!RepoId().IsMatch(repo))
            throw new CliUsageException($"'{repo}' is not a Hub repository id (owner/name)");
        var parsed = CliArguments.Parse(rest, ["revision", "subfolder", "to", "root"], []);
        var revision = parsed.String("revision") ?? "main";
        var subfolder = parsed.String("subfolder") ?? "";
        if (subfolder.Split('/').Any(part => part is ".." or "."))
            throw new CliUsageException("--subfolder must be a folder inside the repository");
        var target = Path.GetFullPath(parsed.String("to") ?? Path.Combine(ModelsRoot(parsed), repo[(repo.IndexOf('/', StringComparison.Ordinal) + 1)..]));
        if (Directory.Exists(target))
            throw new CliUsageException($"{target} already exists; delete it or pass another --to");
        var endpointText = environment("HF_ENDPOINT") is { Length: > 0 } configured ? configured : DefaultEndpoint;
        if (!Uri.TryCreate(endpointText.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new CliUsageException($"HF_ENDPOINT '{endpointText}' is not an http(s) URL");

        using var http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) }, disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var hub = new HubClient(http, endpoint, environment("HF_TOKEN"), StallTimeout);
        var downloader = new ModelDownloader(hub, error, TimeProvider.System) { RetryDelay = RetryDelay };
        var files = await downloader.PullAsync(repo, revision, subfolder, target, cancellationToken);
        await output.WriteLineAsync($"pulled {repo}@{revision}: {files.Count} files, {Mib(files.Sum(f => f.SizeBytes))} MiB into {target}");
        return 0;
    }

    private async Task<int> ListAsync(CliArguments parsed)
    {
        var root = ModelsRoot(parsed);
        if (!Directory.Exists(root))
        {
            await output.WriteLineAsync($"no models: {root} does not exist");
            return 0;
        }
        foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var size = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            await output.WriteLineAsync($"{Path.GetFileName(directory),-40} {Mib(size),10} MiB  {Completeness(directory)}");
        }
        return 0;
    }

    private async Task<int> VerifyAsync(string directory)
    {
        if (Completeness(directory) is var state && state != "complete")
            throw new ModelFolderException(Path.GetFullPath(directory), state);
        using var loggers = CliLogging.Create();
        using var model = StableDiffusionModel.Load(directory, ExecutionDevice.Cpu, 0, loggers.CreateLogger("DreamBot.Worker.Diffusion"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ok: {model.Name}: {model.LatentChannels} latent channels, VAE scale {model.VaeScaleFactor}, "
            + $"img2img {(model.VaeEncoder is null ? "no" : "yes")}, safety checker {(model.SafetyChecker is null ? "no" : "yes")}"));
        return 0;
    }

    /// <summary>"complete", or why a worker could not load the folder.</summary>
    public static string Completeness(string directory)
    {
        if (directory.TrimEnd(Path.DirectorySeparatorChar).EndsWith(ModelDownloader.PartialSuffix, StringComparison.Ordinal))
            return "partial download (run models pull again to resume)";
        if (Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*" + ModelDownloader.IncompleteSuffix, SearchOption.AllDirectories).Any())
            return "has unfinished .incomplete files";
        try
        {
            ModelFolder.Open(directory);
            return "complete";
        }
        catch (ModelFolderException e)
        {
            return "incomplete: " + e.Message;
        }
    }

    private string ModelsRoot(CliArguments parsed)
    {
        if (parsed.String("root") is { } root)
            return Path.GetFullPath(root);
        var configured = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .Build()[ModelOptions.Section + ":Root"];
        return Path.GetFullPath(environment("Model__Root") is { Length: > 0 } fromEnvironment ? fromEnvironment : configured is { Length: > 0 } ? configured : "models");
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z0-9][\w.-]*/[\w.-]+$")]
    private static partial Regex RepoId();
}
