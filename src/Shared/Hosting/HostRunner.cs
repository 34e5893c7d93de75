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
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            return ConfigurationError;
        }
    }
}
