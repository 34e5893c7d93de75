using DreamBot.Worker.Diffusion.Text;
using System.Diagnostics;
using DreamBot.Worker.Diffusion.Tokenization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>What the prepare stage hands to the denoise stage: requests that share one loop, and their encoded prompts.</summary>
internal sealed record PreparedPrompts(
    PipelineRequest[] Requests, (PromptChunks Prompt, PromptChunks? Negative)[] Chunks, TextEmbeddings Embeddings, GenerationTimings Timings) : IDisposable
{
    public void Dispose() => Embeddings.Dispose();
}

/// <summary>What the denoise stage hands to the finish stage: a request's decoded images, still to be encoded.</summary>
internal sealed record Rendered(PipelineRequest Request, List<DecodedImage> Pixels, bool[]? Flags, int StepsRun, GenerationTimings Timings, string? DroppedText);

internal sealed record DecodedImage(Image<Rgb24> Image, float[]? UnitPixels);

internal readonly record struct LatentShape(int Count, int Channels, int Height, int Width)
{
    public int PerImage => Channels * Height * Width;
    public int Total => Count * PerImage;
}

internal static class Laps
{
    /// <summary>The time since <paramref name="clock"/>, which moves on to now.</summary>
    public static TimeSpan Lap(ref long clock)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(clock, now);
        clock = now;
        return elapsed;
    }
}
