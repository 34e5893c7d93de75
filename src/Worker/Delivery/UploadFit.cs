using DreamBot.Shared.Discord.Messages;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace DreamBot.Worker.Delivery;

/// <summary>
/// Keeps a result within Discord's upload limit: a PNG over it (a large upscale) is posted as a high-quality JPEG
/// instead, with a note, so the result is never lost to a refused upload.
/// </summary>
public static class UploadFit
{
    public const int JpegQuality = 92;

    public const string JpegNote = "The PNG was larger than Discord accepts, so this is a high-quality JPEG.";

    public static (MessagePayload Payload, IReadOnlyList<FileUpload> Files) Apply(MessagePayload payload, IReadOnlyList<FileUpload> files, long limitBytes)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(files);
        if (files.All(f => f.Content.Length <= limitBytes))
            return (payload, files);

        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var fitted = files.Select(file =>
        {
            if (file.Content.Length <= limitBytes || file.ContentType != "image/png")
                return file;
            var name = Path.ChangeExtension(file.FileName, ".jpg");
            renamed["attachment://" + file.FileName] = "attachment://" + name;
            return new FileUpload(name, Jpeg(file.Content), "image/jpeg") { Description = file.Description };
        }).ToList();
        var embeds = payload.Embeds?.Select(e => e.Image is { } image && renamed.TryGetValue(image.Url, out var url) ? e with { Image = new EmbedImage(url) } : e).ToList();
        var content = string.IsNullOrEmpty(payload.Content) ? JpegNote : payload.Content + "\n" + JpegNote;
        return (payload with { Content = content, Embeds = embeds }, fitted);
    }

    private static byte[] Jpeg(ReadOnlyMemory<byte> png)
    {
        using var image = Image.Load(png.Span);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = JpegQuality });
        return output.ToArray();
    }
}
