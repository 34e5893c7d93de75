namespace DreamBot.Shared.Discord;

/// <summary>Interaction tokens (and so the webhook routes behind them) expire 15 minutes after the interaction.</summary>
public static class InteractionToken
{
    private static readonly DateTimeOffset DiscordEpoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(15);

    /// <summary>A safety margin covering a slow upload that starts just before expiry.</summary>
    public static TimeSpan DefaultMargin { get; } = TimeSpan.FromMinutes(1);

    /// <summary>True while a request started now would still reach Discord before the token expires.</summary>
    public static bool IsUsable(DateTimeOffset interactionCreatedAt, DateTimeOffset now, TimeSpan? margin = null) =>
        now < interactionCreatedAt + Lifetime - (margin ?? DefaultMargin);

    /// <summary>When the interaction was created, read from its snowflake id (ms since 2015-01-01 in the top bits).</summary>
    public static DateTimeOffset CreatedAt(long interactionId) =>
        DiscordEpoch.AddMilliseconds(interactionId >> 22);
}
