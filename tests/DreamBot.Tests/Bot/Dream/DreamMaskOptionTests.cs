using System.Text.Json;
using System.Text.Json.Nodes;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Dream;

/// <summary>/dream image:… mask:…: inpainting with a served inpainting model.</summary>
public sealed class DreamMaskOptionTests
{
    private const string MaskUrl = "https://cdn.discordapp.com/ephemeral-attachments/1/3/mask.png";
    private static readonly ServedModel Sd15 = new() { Name = "sd15" };
    private static readonly ServedModel Inpainting = new() { Name = "sd-inpaint", SupportsInpainting = true };

    [Fact]
    public void AMask_WithAnImage_RunsOnTheServedInpaintingModel_AtFullStrength()
    {
        var request = Parse(WithMask(InteractionPayloads.DreamWithImage(1000, "image/png")), Sd15, Inpainting).Request!;

        Assert.Equal(("sd-inpaint", MaskUrl, 1.0, true), (request.Parameters.Model, request.Parameters.Mask, request.Parameters.Strength, request.Parameters.IsInpaint));
    }

    [Fact]
    public void AMask_WithoutAnImage_IsRefused() =>
        Assert.Equal(["A `mask` needs the `image` it masks: attach both."], Parse(WithMask(InteractionPayloads.Dream("a fox")), Inpainting).Problems);

    [Fact]
    public void AMask_WhenNoInpaintingModelIsServed_IsRefused_ListingWhatIsServed() =>
        Assert.Equal(["No worker serves an inpainting model right now, so parts of images can't be repainted. Served: `sd15`, none of which inpaints."],
            Parse(WithMask(InteractionPayloads.DreamWithImage(1000, "image/png")), Sd15).Problems);

    [Fact]
    public void AMask_WithAModelThatDoesNotInpaint_IsRefused_NamingOneThatDoes() =>
        Assert.Equal(["The model `sd15` doesn't inpaint; choose one that does: `sd-inpaint`."],
            Parse(WithMask(InteractionPayloads.DreamWithImage(1000, "image/png", more: [("model", 3, "sd15")])), Sd15, Inpainting).Problems);

    [Fact]
    public void AMaskThatIsNotAPicture_IsRefused() =>
        Assert.Equal(["The attached `mask` is application/pdf, not a picture: attach a PNG, JPEG or WebP image."],
            Parse(WithMask(InteractionPayloads.DreamWithImage(1000, "image/png"), "application/pdf"), Inpainting).Problems);

    private static DreamParseResult Parse(JsonObject payload, params ServedModel[] models) =>
        DreamOptionsParser.Parse(
            InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload))!,
            new DreamDefaults(DreamLimits.Standard, null) { Models = models },
            new Random(7));

    /// <summary>Adds a mask attachment to a /dream payload, as Discord resolves it.</summary>
    private static JsonObject WithMask(JsonObject payload, string contentType = "image/png")
    {
        const string id = "1400000000000000002";
        var data = payload["data"]!.AsObject();
        data["options"]!.AsArray().Add(new JsonObject { ["name"] = "mask", ["type"] = 11, ["value"] = id });
        if (data["resolved"] is null)
            data["resolved"] = new JsonObject { ["attachments"] = new JsonObject() };
        data["resolved"]!["attachments"]![id] = new JsonObject
        {
            ["id"] = id,
            ["filename"] = "mask.png",
            ["size"] = 1000,
            ["url"] = MaskUrl,
            ["proxy_url"] = MaskUrl,
            ["content_type"] = contentType,
            ["width"] = 512,
            ["height"] = 512,
            ["ephemeral"] = true,
        };
        return payload;
    }
}
