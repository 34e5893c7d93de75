using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// A component inside an <see cref="ActionRow"/>: a button or a string select. Discord tells them apart by their
/// "type", which is written and read here as the discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Button), 2)]
[JsonDerivedType(typeof(StringSelect), 3)]
public abstract record MessageComponent
{
    public string? CustomId { get; init; }
}
