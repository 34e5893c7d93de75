using DreamBot.Shared.Configuration;
using Microsoft.Extensions.Configuration;
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
        // Bound here rather than through IOptions<ShutdownOptions>: the host reads HostOptions even while it reports
        // a validation failure, and must not throw a second time doing so.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            var shutdown = new ShutdownOptions();
            configuration.GetSection(ShutdownOptions.Section).Bind(shutdown);
            host.ShutdownTimeout = shutdown.GracePeriod;
        });
        return options;
    }
}
