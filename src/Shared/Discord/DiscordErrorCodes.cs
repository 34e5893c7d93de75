namespace DreamBot.Shared.Discord;

/// <summary>The JSON error codes DreamBot reacts to (from Discord's error code reference).</summary>
public static class DiscordErrorCodes
{
    public const int UnknownChannel = 10003;
    public const int UnknownMessage = 10008;
    public const int UnknownWebhook = 10015;
    public const int UnknownInteraction = 10062;
    public const int MissingAccess = 50001;
    public const int MissingPermissions = 50013;
    public const int InvalidFormBody = 50035;
    public const int InvalidWebhookToken = 50027;
    public const int CannotSendEmptyMessage = 50006;
    public const int InteractionAlreadyAcknowledged = 40060;
}
