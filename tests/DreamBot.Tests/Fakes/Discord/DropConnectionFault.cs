namespace DreamBot.Tests.Fakes.Discord;

public sealed record DropConnectionFault : FakeFault;
