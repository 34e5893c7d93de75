using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Bot.Models;

public sealed class ModelAvailabilityTests
{
    private static readonly ServedModel TextOnly = new() { Name = "textonly", SupportsImageToImage = false };
    private static readonly ServedModel Full = new() { Name = "full" };

    [Fact]
    public void ImageToImageProblem_NamesAModelThatCan_WhenTheRequestedOneCannot()
    {
        var problem = ModelAvailability.ImageToImageProblem(FromImage("textonly"), [Full, TextOnly], ["full"]);

        Assert.Equal("The model `textonly` can't start from an image (it has no VAE encoder). Leave out `image`, or choose a model that can: `full`.", problem);
    }

    [Fact]
    public void ImageToImageProblem_AcceptsTheDefaultModel_WhenAnyLiveWorkersFirstModelCan()
    {
        Assert.Null(ModelAvailability.ImageToImageProblem(FromImage(""), [Full, TextOnly], ["full", "textonly"]));
        Assert.NotNull(ModelAvailability.ImageToImageProblem(FromImage(""), [Full, TextOnly], ["textonly"]));
    }

    [Fact]
    public void ImageToImageProblem_IsNone_ForTextToImage_OrAModelNotPublishedYet()
    {
        Assert.Null(ModelAvailability.ImageToImageProblem(new DreamParameters { Prompt = "p", Model = "textonly" }, [TextOnly], ["textonly"]));
        Assert.Null(ModelAvailability.ImageToImageProblem(FromImage("fresh"), [TextOnly], ["textonly"]));
    }

    private static DreamParameters FromImage(string model) =>
        new() { Prompt = "p", InitImage = "https://cdn.discordapp.com/attachments/1/2/a.png", Strength = 0.5, Model = model };
}
