namespace DreamBot.Bot.Gateway;

/// <summary>op 6: continue a session; Discord replays the dispatches after <see cref="Seq"/>.</summary>
public sealed record GatewayResume(string Token, string SessionId, long? Seq);
