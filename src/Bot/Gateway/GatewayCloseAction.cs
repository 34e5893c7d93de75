namespace DreamBot.Bot.Gateway;

/// <summary>What to do after a connection ends.</summary>
public enum GatewayCloseAction
{
    Resume,
    Reidentify,
    Fatal,
    Stopping,
}
