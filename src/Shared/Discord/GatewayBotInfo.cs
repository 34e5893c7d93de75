namespace DreamBot.Shared.Discord;

/// <summary>GET /gateway/bot: where to connect, the recommended shard count and the identify budget.</summary>
public sealed record GatewayBotInfo(string Url, int Shards, SessionStartLimit SessionStartLimit);
