namespace DreamBot.Shared.Configuration;

/// <summary>One super-resolution graph a worker serves (an entry of <c>Upscalers</c>), offered as Upscale under results.</summary>
public sealed class UpscalerOptions
{
    public const string Section = "Upscalers";

    /// <summary>What the Upscale buttons name it by; the same rule as model names.</summary>
    public string Name { get; set; } = "";

    /// <summary>An ONNX graph with Real-ESRGAN's export conventions (one image in 0..1, ×2 or ×4 out).</summary>
    public string Path { get; set; } = "";
}
