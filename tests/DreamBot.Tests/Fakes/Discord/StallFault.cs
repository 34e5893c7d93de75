namespace DreamBot.Tests.Fakes.Discord;

/// <summary>The request is held this long before it is handled normally (unless the client gives up first).</summary>
public sealed record StallFault(TimeSpan Duration) : FakeFault;
