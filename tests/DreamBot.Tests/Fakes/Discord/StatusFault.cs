namespace DreamBot.Tests.Fakes.Discord;

public sealed record StatusFault(int Status, int? Code, string Message, string? ErrorsJson = null) : FakeFault;
