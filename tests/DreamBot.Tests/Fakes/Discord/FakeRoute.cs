namespace DreamBot.Tests.Fakes.Discord;

/// <summary>Endpoint metadata: the route as Discord's OpenAPI document names it, and how it authenticates.</summary>
public sealed record FakeRoute(string Method, string Template, bool BotAuthenticated, params string[] MajorParameters)
{
    public string Key => Method + " " + Template;
}
