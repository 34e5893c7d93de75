using System.Text.Json;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;

namespace DreamBot.Tests.Bot.Moderation;

/// <summary>Builds guild interactions as Discord would deliver them, with the member's permissions and roles.</summary>
public static class ModInteractions
{
    public const long Guild = 700;
    public const string ManageGuild = "32";
    public const string Administrator = "8";
    public const string SendMessagesOnly = "2048";
    private static long _nextId = 50_000;

    /// <param name="path">"quota set", "ban" ...: sub-command group and sub-command.</param>
    public static Interaction Command(string name, string path, long userId, string permissions, IReadOnlyList<long>? roles = null,
        params (string Name, ApplicationCommandOptionType Type, object Value)[] options)
    {
        IReadOnlyList<InteractionOption> leaf = [.. options.Select(o => new InteractionOption
        {
            Name = o.Name,
            Type = o.Type,
            Value = JsonSerializer.SerializeToElement(o.Value),
        })];
        var names = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            var type = i == names.Length - 1 ? ApplicationCommandOptionType.SubCommand : ApplicationCommandOptionType.SubCommandGroup;
            leaf = [new InteractionOption { Name = names[i], Type = type, Options = leaf }];
        }
        return new Interaction
        {
            Id = Interlocked.Increment(ref _nextId),
            ApplicationId = 1,
            Type = InteractionType.ApplicationCommand,
            GuildId = Guild,
            ChannelId = 800,
            Token = $"token-{_nextId}",
            Data = new InteractionData { Name = name, Type = 1, Options = leaf },
            Member = new InteractionMember
            {
                User = new InteractionUser { Id = userId, Username = $"user{userId}" },
                Roles = roles ?? [],
                Permissions = permissions,
            },
        };
    }

    public static (string, ApplicationCommandOptionType, object) User(long id) => ("user", ApplicationCommandOptionType.User, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static (string, ApplicationCommandOptionType, object) Role(long id) => ("role", ApplicationCommandOptionType.Role, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static (string, ApplicationCommandOptionType, object) Text(string name, string value) => (name, ApplicationCommandOptionType.String, value);

    public static (string, ApplicationCommandOptionType, object) Integer(string name, long value) => (name, ApplicationCommandOptionType.Integer, value);

    public static (string, ApplicationCommandOptionType, object) Number(string name, double value) => (name, ApplicationCommandOptionType.Number, value);

    public static (string, ApplicationCommandOptionType, object) Flag(string name, bool value) => (name, ApplicationCommandOptionType.Boolean, value);
}
