using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;

namespace DreamBot.Tests.Bot.Harness;

/// <summary>/block: a badly written command that blocks its thread before answering.</summary>
public sealed class BlockingCommand : ISlashCommand
{
    public static readonly TimeSpan BlockFor = TimeSpan.FromSeconds(3.5);

    public ApplicationCommand Definition { get; } = new("block", "Blocks its thread");

    public Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        Thread.Sleep(BlockFor);
        return Task.FromResult(CommandReply.Public("finally"));
    }
}
