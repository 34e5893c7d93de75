using DreamBot.Shared.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Hosting;

public static class GracefulShutdown
{
    /// <summary>Shutdown:GracePeriod becomes the host's shutdown timeout: how long SIGTERM waits for work to drain.</summary>
    public static OptionsBuilder<ShutdownOptions> AddGracefulShutdown(this IServiceCollection services)
    {
        var options = services.AddValidatedOptions<ShutdownOptions>(ShutdownOptions.Section);
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.GracePeriod);
        return options;
    }
}
