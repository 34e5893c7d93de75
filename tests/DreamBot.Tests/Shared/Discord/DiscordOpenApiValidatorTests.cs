using System.Text.Json;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordOpenApiValidatorTests
{
    [Fact]
    public void Validate_AcceptsAMessageWithAnEmbedAndButtons()
    {
        var body = JsonDocument.Parse("""
            {"content":"hi","allowed_mentions":{"parse":[]},"embeds":[{"title":"t","image":{"url":"attachment://a.png"}}],
             "components":[{"type":1,"components":[{"type":2,"style":1,"label":"Again","custom_id":"x"}]}]}
            """).RootElement;
        Assert.Empty(DiscordOpenApiValidator.Instance.Validate("POST", "/webhooks/{webhook_id}/{webhook_token}", body));
    }

    [Fact]
    public void Validate_RejectsAButtonLabelLongerThanEightyCharacters()
    {
        var body = JsonDocument.Parse($$"""
            {"components":[{"type":1,"components":[{"type":2,"style":1,"label":"{{new string('x', 200)}}","custom_id":"x"}]}]}
            """).RootElement;
        var errors = DiscordOpenApiValidator.Instance.Validate("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", body);
        Assert.NotEmpty(errors);
    }
}
