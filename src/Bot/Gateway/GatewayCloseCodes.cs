namespace DreamBot.Bot.Gateway;

/// <summary>Discord's gateway close codes and what each means for the next connection.</summary>
public static class GatewayCloseCodes
{
    /// <summary>Sent by DreamBot when it abandons a connection; any code other than 1000/1001 keeps the session resumable.</summary>
    public const int Reconnecting = 4900;

    public static GatewayCloseAction Classify(int? closeCode) => closeCode switch
    {
        // Authentication failed, invalid shard, sharding required, invalid API version, invalid or disallowed intents:
        // reconnecting cannot fix any of these.
        4004 or (>= 4010 and <= 4014) => GatewayCloseAction.Fatal,
        // Invalid sequence on resume, or the session timed out: only a fresh identify works.
        4007 or 4009 => GatewayCloseAction.Reidentify,
        _ => GatewayCloseAction.Resume,
    };

    public static string Describe(int closeCode) => closeCode switch
    {
        4004 => "authentication failed: check Discord:BotToken",
        4010 => "invalid shard",
        4011 => "sharding required",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents: enable them in the developer portal or stop requesting them",
        _ => "closed by Discord",
    };
}
