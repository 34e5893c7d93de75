using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;

namespace DreamBot.Worker.Imaging;

/// <summary>PNG output carrying the generation parameters, the way Stable Diffusion tools expect to find them.</summary>
public static class PngEncoding
{
    public const string ParametersKeyword = "parameters";

    // Never compress the text: tools read a plain tEXt chunk (iTXt when the prompt is not Latin-1).
    private static readonly PngEncoder Encoder = new()
    {
        TextCompressionThreshold = int.MaxValue,
        // Generated images compress poorly either way; a fast level saves tens of ms per image for a few percent in size.
        CompressionLevel = PngCompressionLevel.Level2,
    };

    public static byte[] Encode(Image image, string? parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        var png = image.Metadata.GetPngMetadata();
        png.TextData.Clear();
        if (parameters is not null)
            png.TextData.Add(new PngTextData(ParametersKeyword, parameters, "", ""));
        using var stream = new MemoryStream();
        image.Save(stream, Encoder);
        return stream.ToArray();
    }

    /// <summary>The <c>parameters</c> text of a PNG, or null when it has none.</summary>
    public static string? ReadParameters(byte[] png)
    {
        using var image = Image.Load(png);
        return image.Metadata.GetPngMetadata().TextData.FirstOrDefault(t => t.Keyword == ParametersKeyword).Value;
    }
}
