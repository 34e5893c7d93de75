namespace DreamBot.Tests.Fakes.Discord;

/// <summary>A failure the fake answers instead of handling a request.</summary>
public abstract record FakeFault
{
    /// <summary>429 with Discord's body <c>{message, retry_after, global}</c> and the Retry-After header.</summary>
    public static FakeFault RateLimited(TimeSpan retryAfter, bool global = false) => new RateLimitedFault(retryAfter, global);

    public static FakeFault ServerError(int status = 500) => new StatusFault(status, null, "Internal Server Error");

    public static FakeFault BadGateway { get; } = new StatusFault(502, null, "Bad Gateway");

    /// <summary>A Discord JSON error, e.g. 403 / 50013 "Missing Permissions".</summary>
    public static FakeFault Error(int status, int code, string message, string? errorsJson = null) =>
        new StatusFault(status, code, message, errorsJson);

    /// <summary>The answer comes only after <paramref name="duration"/>, as from an overloaded Discord.</summary>
    public static FakeFault Stall(TimeSpan duration) => new StallFault(duration);

    /// <summary>The connection is aborted without a response.</summary>
    public static FakeFault DropConnection { get; } = new DropConnectionFault();
}
