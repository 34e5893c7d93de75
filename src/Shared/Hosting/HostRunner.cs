using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Hosting;

public static class HostRunner
{
    public const int ConfigurationError = 2;

    /// <summary>Runs the host; a configuration mistake ends the process with one line per bad key, not a stack trace.</summary>
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        try
        {
            // Validate before starting so a bad key is reported alone, not inside the host's start-up failure log.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(cancellationToken);
            // A component that stopped the application on a fatal error (e.g. Discord rejected the token) sets the code.
            return Environment.ExitCode;
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            return ConfigurationError;
        }
    }

    /// <summary>Every options validation failure inside <paramref name="exception"/> (start-up reports several options at once as an AggregateException).</summary>
    public static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}
