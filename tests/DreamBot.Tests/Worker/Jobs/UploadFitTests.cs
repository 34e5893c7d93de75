using DreamBot.Worker.Delivery;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace DreamBot.Tests.Worker.Jobs;

public sealed class UploadFitTests
{
    [Fact]
    public void APngOverTheLimit_IsPostedAsAQuality92Jpeg_WithANote_AndTheEmbedFollowsIt()
    {
        var png = TestImages.Noise(96, 64, seed: 5);
        var payload = new MessagePayload { Content = "", Embeds = [new Embed { Image = EmbedImage.FromAttachment("dream-7-100.png") }] };

        var (fitted, files) = UploadFit.Apply(payload, [new FileUpload("dream-7-100.png", png) { Description = "a fox" }], limitBytes: 1000);

        var file = Assert.Single(files);
        Assert.Equal(("dream-7-100.jpg", "image/jpeg", "a fox"), (file.FileName, file.ContentType, file.Description));
        var format = Image.DetectFormat(file.Content.Span);
        Assert.IsType<JpegFormat>(format);
        using var image = Image.Load(file.Content.Span);
        Assert.Equal((96, 64), (image.Width, image.Height));
        Assert.Equal(UploadFit.JpegQuality, image.Metadata.GetJpegMetadata().Quality);
        Assert.Equal(UploadFit.JpegNote, fitted.Content);
        Assert.Equal("attachment://dream-7-100.jpg", fitted.Embeds!.Single().Image!.Url);
    }

    [Fact]
    public void FilesWithinTheLimit_AreLeftAsTheyAre()
    {
        var payload = new MessagePayload { Content = "" };
        IReadOnlyList<FileUpload> files = [new FileUpload("dream-7-100.png", TestImages.Noise(8, 8, seed: 5))];

        var (fitted, same) = UploadFit.Apply(payload, files, DiscordLimits.DefaultUploadBytes);

        Assert.Same(payload, fitted);
        Assert.Same(files, same);
    }
}
