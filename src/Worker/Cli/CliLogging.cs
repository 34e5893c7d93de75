using Microsoft.Extensions.Logging.Console;

namespace DreamBot.Worker.Cli;

/// <summary>Console logging for CLI verbs: warnings and worse, one line each.</summary>
public static class CliLogging
{
    public static ILoggerFactory Create() =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            }));
}
