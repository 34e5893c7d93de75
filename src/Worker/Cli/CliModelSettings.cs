using DreamBot.Shared.Configuration;

namespace DreamBot.Worker.Cli;

/// <summary>The model folder and device a CLI verb uses: its options first, then configuration (appsettings.json, Model__Path).</summary>
public sealed record CliModelSettings(string Path, ExecutionDevice Device, int DeviceId, IReadOnlyDictionary<string, string> CudaOptions)
{
    /// <param name="fallbackPath">The model folder when neither <c>--model</c> nor <c>Model:Path</c> names one.</param>
    public static CliModelSettings From(CliArguments args, string? fallbackPath = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new ModelOptions();
        configuration.GetSection(ModelOptions.Section).Bind(options);

        var path = args.String("model") ?? (string.IsNullOrWhiteSpace(options.Path) ? fallbackPath : options.Path);
        if (string.IsNullOrWhiteSpace(path))
            throw new CliUsageException("--model is required (or set Model:Path / Model__Path)");
        var device = args.String("device") is { } text
            ? Enum.TryParse<ExecutionDevice>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new CliUsageException($"--device must be auto, cpu or cuda, not '{text}'")
            : options.Device;
        return new CliModelSettings(path, device, options.DeviceId, options.CudaProviderOptions);
    }
}
