using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Delivery;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

/// <summary>Whatever a payload holds, what is sent fits Discord's limits and shows where it was cut.</summary>
public sealed class MessageFitterTests
{
    private const string EditOriginal = "/webhooks/{webhook_id}/{webhook_token}/messages/@original";

    [Fact]
    public void Sent_CutsContentAtTheLimit_EndingInAnEllipsis()
    {
        var sent = DiscordPayloads.Sent(new MessagePayload { Content = new string('x', 5000) }, "PATCH", EditOriginal);

        var content = sent.GetProperty("content").GetString()!;
        Assert.Equal(DiscordLimits.Content, content.Length);
        Assert.EndsWith("x…", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Sent_KeepsEveryEmbedPartAndTheTotalWithinLimits_WhenEachIsFarOver()
    {
        var embed = new Embed
        {
            Title = new string('t', 1000),
            Description = new string('d', 5000),
            Fields = [.. Enumerable.Range(0, 40).Select(i => new EmbedField(new string('n', 300), new string('v', 2000)))],
            Footer = new EmbedFooter(new string('f', 3000)),
        };
        var rows = Enumerable.Range(0, 7).Select(_ => ActionRow.Of([.. Enumerable.Range(0, 7).Select(i => new Button { Label = new string('b', 100), CustomId = $"b{i}" })]));

        var sent = DiscordPayloads.Sent(new MessagePayload { Embeds = [embed, embed], Components = [.. rows] }, "PATCH", EditOriginal);

        Assert.InRange(DiscordPayloads.EmbedText(sent), 5900, DiscordLimits.EmbedTotal);
        var first = sent.GetProperty("embeds")[0];
        Assert.Equal((DiscordLimits.EmbedTitle, DiscordLimits.EmbedDescription), (first.GetProperty("title").GetString()!.Length, first.GetProperty("description").GetString()!.Length));
        Assert.EndsWith("…", first.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.All(first.GetProperty("fields").EnumerateArray(), f => Assert.InRange(f.GetProperty("value").GetString()!.Length, 1, DiscordLimits.FieldValue));
        Assert.Equal(DiscordLimits.ActionRows, sent.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public void Sent_CutsAutocompleteToTwentyFiveChoicesOfAtMostAHundredCharacters()
    {
        var response = new InteractionResponse(InteractionCallbackType.ApplicationCommandAutocompleteResult)
        {
            Choices = [.. Enumerable.Range(0, 30).Select(i => ApplicationCommandOptionChoice.Of(new string('c', 150), $"v{i}"))],
        };

        var sent = DiscordPayloads.Sent(response, "POST", "/interactions/{interaction_id}/{interaction_token}/callback");

        var choices = sent.GetProperty("data").GetProperty("choices");
        Assert.Equal(DiscordLimits.Choices, choices.GetArrayLength());
        Assert.All(choices.EnumerateArray(), c => Assert.Equal(DiscordLimits.ChoiceName, c.GetProperty("name").GetString()!.Length));
    }

    [Fact]
    public void ResultMessage_WithTheLongestPromptAndNegativePrompt_IsAcceptedAndWithinTheEmbedTotal()
    {
        var generation = new Generation
        {
            Id = long.MaxValue, UserName = new string('u', 32), ParentGenerationId = long.MaxValue - 1,
            Parameters = new DreamParameters
            {
                Prompt = new string('p', DreamLimits.MaxPromptLength), NegativePrompt = new string('n', DreamLimits.MaxPromptLength),
                Sampler = "dpmpp_2m_karras", Steps = 150, Guidance = 7.25, Width = 2048, Height = 2048, Count = 4, Seed = long.MaxValue, Model = new string('m', 100),
            },
        };
        var result = new GenerationResult([new GeneratedImage(TestImages.Noise(64, 64, seed: 1, alpha: true), long.MaxValue, Flagged: false)], long.MaxValue, 150, new GenerationTimings());

        var (payload, _) = ResultMessage.Build(generation, new string('m', 100), result, new GuildSettings(), TimeSpan.FromDays(3), TimeSpan.FromHours(5));
        var sent = DiscordPayloads.Sent(payload, "PATCH", EditOriginal);

        Assert.InRange(DiscordPayloads.EmbedText(sent), 1, DiscordLimits.EmbedTotal);
        Assert.EndsWith("…", sent.GetProperty("embeds")[0].GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
