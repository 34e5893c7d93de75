namespace DreamBot.Shared.Discord.Messages;

[Flags]
// Discord's own name for the field.
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
    SuppressNotifications = 1 << 12,
}
