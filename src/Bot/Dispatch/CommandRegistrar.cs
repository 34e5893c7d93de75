using System.Globalization;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using Microsoft.Extensions.Options;


namespace DreamBot.Bot.Dispatch;

/// <summary>
/// Tells Discord which commands exist, replacing whatever was registered before. With Discord:DevGuildId set they
/// are registered to that guild only, where changes show at once; global commands can take a while to appear.
/// </summary>
public sealed partial class CommandRegistrar(
    CommandRegistry registry, DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger)
    : BackgroundService
{
    private readonly long? _devGuildId = options.Value.DevGuildId is { Length: > 0 } guild
        ? long.Parse(guild, CultureInfo.InvariantCulture)
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var commands = registry.Definitions;
        try
        {
            if (_devGuildId is { } guildId)
                await rest.BulkOverwriteGuildCommandsAsync(guildId, commands, stoppingToken);
            else
                await rest.BulkOverwriteGlobalCommandsAsync(commands, stoppingToken);
            LogRegistered(logger, commands.Count, _devGuildId is null ? "globally" : "in the development guild");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException or TimeoutException or TaskCanceledException)
        {
            // The previously registered commands keep working; the bot still answers them.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} commands {Scope}")]
    private static partial void LogRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not register commands with Discord")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
