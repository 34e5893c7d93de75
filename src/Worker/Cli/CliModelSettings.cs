using DreamBot.Shared.Configuration;

namespace DreamBot.Worker.Cli;

/// <summary>The model folder and device a CLI verb uses: its options first, then configuration (appsettings.json, Model__Path).</summary>
public sealed record CliModelSettings(string Path, ExecutionDevice Device, int DeviceId, IReadOnlyDictionary<string, string> CudaOptions)
{
    /// <param name="fallbackPath">The model folder when neither <c>--model</c> nor <c>Model:Path</c> names one.</param>
    public static CliModelSettings From(CliArguments args, string? fallbackPath = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Configured();
        var path = args.String("model") ?? (string.IsNullOrWhiteSpace(options.Path) ? fallbackPath : options.Path);
        if (string.IsNullOrWhiteSpace(path))
            throw new CliUsageException("--model is required (or set Model:Path / Model__Path)");
        return new CliModelSettings(path, DeviceOf(args, options), options.DeviceId, options.CudaProviderOptions);
    }

    /// <summary>The device alone, for verbs that load a single graph rather than a model folder.</summary>
    public static (ExecutionDevice Device, int DeviceId, IReadOnlyDictionary<string, string> CudaOptions) DeviceFrom(CliArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Configured();
        return (DeviceOf(args, options), options.DeviceId, options.CudaProviderOptions);
    }

    private static ModelOptions Configured()
    {
        var options = new ModelOptions();
        CliConfiguration.Read().GetSection(ModelOptions.Section).Bind(options);
        return options;
    }

    private static ExecutionDevice DeviceOf(CliArguments args, ModelOptions options) =>
        args.String("device") is { } text
            ? Enum.TryParse<ExecutionDevice>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new CliUsageException($"--device must be auto, cpu or cuda, not '{text}'")
            : options.Device;
}
