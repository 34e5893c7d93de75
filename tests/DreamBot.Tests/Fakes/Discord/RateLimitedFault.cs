namespace DreamBot.Tests.Fakes.Discord;

public sealed record RateLimitedFault(TimeSpan RetryAfter, bool Global) : FakeFault;
