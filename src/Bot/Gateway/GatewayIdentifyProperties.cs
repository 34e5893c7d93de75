namespace DreamBot.Bot.Gateway;

public sealed record GatewayIdentifyProperties(string Os, string Browser, string Device)
{
    public static GatewayIdentifyProperties Current { get; } = new(
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux", "dreambot", "dreambot");
}
