using System.Text;
using System.Text.Json;
using DreamBot.Bot.Interactions;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Interactions;

public sealed class InteractionJsonTests
{
    [Fact]
    public void TryParse_ReadsDiscordsDocumentedShape()
    {
        var payload = InteractionPayloads.DreamWithImage(1234, "image/png");

        var interaction = InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload))!;

        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal(InteractionPayloads.ApplicationId, interaction.ApplicationId);
        Assert.Equal(InteractionPayloads.GuildId, interaction.GuildId);
        Assert.Equal(InteractionPayloads.ChannelId, interaction.Channel!.Id);
        Assert.Equal("2248473465835073", interaction.Member!.Permissions);
        Assert.Equal([1100000000000000009L], interaction.Member.Roles);
        Assert.Equal(InteractionPayloads.UserId, interaction.Invoker!.Id);
        Assert.Equal(26_214_400, interaction.AttachmentSizeLimit);
        Assert.Equal("dream", interaction.Data!.Name);
        var attachment = Assert.Single(interaction.Data.Resolved!.Attachments!).Value;
        Assert.Equal((1400000000000000001L, 1234L, "image/png", 512), (attachment.Id, attachment.Size, attachment.ContentType, attachment.Width!.Value));
    }

    [Fact]
    public void TryParse_ReadsNestedSubCommandOptions()
    {
        var json = """
            {"id":"5","application_id":"6","type":2,"token":"t","version":1,
             "data":{"name":"admin","options":[{"name":"quota","type":2,"options":[{"name":"set","type":1,"options":[{"name":"limit","type":4,"value":7}]}]}]}}
            """;

        var interaction = InteractionJson.TryParse(Encoding.UTF8.GetBytes(json))!;
        var options = new DreamBot.Bot.Interactions.CommandOptions(interaction.Data!);

        Assert.Equal(["quota", "set"], options.SubCommandPath);
        Assert.Equal(7, options.Integer("limit"));
    }

    [Fact]
    public void TryParse_ReadsButtonPresses()
    {
        var json = """{"id":"5","application_id":"6","type":3,"token":"t","version":1,"data":{"custom_id":"reroll:42","component_type":2}}""";

        var interaction = InteractionJson.TryParse(Encoding.UTF8.GetBytes(json))!;

        Assert.Equal((InteractionType.MessageComponent, "reroll:42", 2), (interaction.Type, interaction.Data!.CustomId, interaction.Data.ComponentType!.Value));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":2}")]
    [InlineData("{\"id\":\"5\",\"type\":2,\"token\":\"\"}")]
    [InlineData("{\"id\":\"5\",\"type\":99,\"token\":\"t\"}")]
    [InlineData("[1,2]")]
    public void TryParse_ReturnsNull_ForMalformedInteractions(string json) =>
        Assert.Null(InteractionJson.TryParse(Encoding.UTF8.GetBytes(json)));
}
