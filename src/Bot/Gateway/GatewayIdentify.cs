namespace DreamBot.Bot.Gateway;

/// <summary>op 2. DreamBot needs no intents: interactions are delivered to every bot regardless.</summary>
public sealed record GatewayIdentify(string Token, int Intents, GatewayIdentifyProperties Properties);
