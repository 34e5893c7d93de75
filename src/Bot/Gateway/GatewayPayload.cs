using System.Text.Json;

namespace DreamBot.Bot.Gateway;

/// <summary>A gateway message: op code, data, and for dispatches the sequence number and event name.</summary>
public sealed record GatewayPayload(GatewayOpCode Op, JsonElement? D = null, long? S = null, string? T = null);
