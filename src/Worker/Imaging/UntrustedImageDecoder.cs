using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Worker.Imaging;

/// <summary>
/// Decodes user-supplied images defensively: size and pixel count are checked from the header (Image.Identify) before
/// any pixel is decoded, only PNG, JPEG, WebP and GIF (first frame) are known, and every decoder failure becomes an
/// <see cref="InvalidImageException"/>. An EXIF orientation is applied on decoding and reflected in the identified size,
/// as diffusers' <c>load_image</c> does (phone photos are stored sideways with an Orientation tag).
/// </summary>
public static class UntrustedImageDecoder
{
    private static readonly Configuration Formats = CreateConfiguration();

    public static Image<Rgb24> Decode(byte[] data, ImageLimits limits)
    {
        Identify(data, limits);
        try
        {
            var image = Image.Load<Rgb24>(Formats, data);
            // Animated GIFs: only the first frame is wanted (the decoder was told so); drop any others defensively.
            while (image.Frames.Count > 1)
                image.Frames.RemoveFrame(1);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidImageException("The image could not be decoded: it is damaged or of an unsupported kind.", e);
        }
    }

    /// <summary>The image's size from its header, after the byte, format and pixel-count checks.</summary>
    public static (int Width, int Height) Identify(byte[] data, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(limits);
        if (data.Length == 0)
            throw new InvalidImageException("The image is empty.");
        if (data.Length > limits.MaxBytes)
            throw new InvalidImageException($"The image is {data.Length / 1024} KiB; the limit is {limits.MaxBytes / 1024} KiB.");
        try
        {
            var info = Image.Identify(Formats, data, out _)
                ?? throw new InvalidImageException("The file is not a PNG, JPEG, WebP or GIF image.");
            if (info.Width <= 0 || info.Height <= 0)
                throw new InvalidImageException("The image has no pixels.");
            if ((long)info.Width * info.Height > limits.MaxPixels)
                throw new InvalidImageException($"The image is {info.Width}x{info.Height}; at most {limits.MaxPixels} pixels are accepted.");
            return SwapsSides(info.Metadata.ExifProfile) ? (info.Height, info.Width) : (info.Width, info.Height);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidImageException("The image could not be read: it is damaged or of an unsupported kind.", e);
        }
    }

    // Orientations 5 to 8 include a quarter turn (EXIF 2.32, tag 0x0112), so the upright image's sides are swapped.
    private static bool SwapsSides(ExifProfile? exif) =>
        exif?.GetValue(ExifTag.Orientation)?.Value is >= 5 and <= 8;

    private static bool IsDecoderFailure(Exception e) =>
        e is ImageFormatException or NotSupportedException or InvalidDataException or IOException
            or ArgumentException or IndexOutOfRangeException or OverflowException;

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(
            new PngConfigurationModule(), new JpegConfigurationModule(), new GifConfigurationModule(), new WebpConfigurationModule());
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
