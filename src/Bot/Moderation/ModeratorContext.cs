using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;

namespace DreamBot.Bot.Moderation;

/// <summary>
/// A moderator acting in a guild. It can only be made by <see cref="TryCreateAsync"/>, which checks the member's
/// permissions, so every /mod and /stats handler that takes one has had its caller checked.
/// </summary>
public sealed class ModeratorContext
{
    private ModeratorContext(DreamBotDb db, long guildId, long actorId, bool managesServer, CommandOptions options, DateTimeOffset now)
    {
        Db = db;
        ManagesServer = managesServer;
        GuildId = guildId;
        ActorId = actorId;
        Options = options;
        Now = now;
    }

    public DreamBotDb Db { get; }
    public long GuildId { get; }
    public long ActorId { get; }

    /// <summary>The member holds Administrator or Manage Server, not only the server's delegated moderator role.</summary>
    public bool ManagesServer { get; }
    public CommandOptions Options { get; }
    public DateTimeOffset Now { get; }

    public const string NotAllowed = "Only this server's moderators can use this command.";

    /// <summary>Null when the interaction did not come from a guild member with Administrator, Manage Server or the moderator role.</summary>
    public static async Task<ModeratorContext?> TryCreateAsync(DreamBotDb db, Interaction interaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.GuildId is not { } guildId || interaction.Member?.User?.Id is not { } actorId || interaction.Data is not { } data)
            return null;
        var settings = await db.GuildSettings.FindAsync([guildId], cancellationToken);
        if (!ModeratorCheck.IsModerator(interaction.Member, settings?.ModeratorRoleId))
            return null;
        return new ModeratorContext(db, guildId, actorId, ModeratorCheck.HasModeratorPermissions(interaction.Member), new CommandOptions(data), now);
    }

    /// <summary>Adds the audit entry; it is saved with the change it describes.</summary>
    public void Audit(string action, long? targetUserId, string details, string? reason) =>
        Db.AuditLog.Add(new AuditEntry
        {
            GuildId = GuildId,
            ActorId = ActorId,
            Action = action,
            TargetUserId = targetUserId,
            Details = details,
            Reason = reason ?? "",
            At = Now,
        });
}
