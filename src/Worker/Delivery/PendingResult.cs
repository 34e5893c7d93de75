using DreamBot.Shared.Data;

namespace DreamBot.Worker.Delivery;

/// <summary>A generation on its way out: its guild's settings and the reporter that shows its progress meanwhile.</summary>
public sealed record PendingResult(Generation Generation, GuildSettings Settings, ProgressReporter Progress);
