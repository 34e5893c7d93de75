namespace DreamBot.Worker.Imaging;

/// <summary>Bounds on an untrusted input image, checked before its pixels are decoded.</summary>
public sealed record ImageLimits(long MaxBytes, long MaxPixels)
{
    /// <summary>Discord's upload ceiling, and a pixel budget (about 64 MiB as RGBA) that keeps decoding cheap.</summary>
    public static ImageLimits Default { get; } = new(25L * 1024 * 1024, 4096L * 4096);
}
