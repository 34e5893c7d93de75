namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>Wall time per pipeline stage. <see cref="UNet"/> is time inside ONNX Runtime during the loop.</summary>
public sealed class GenerationTimings
{
    public TimeSpan Tokenize { get; set; }
    public TimeSpan TextEncode { get; set; }
    public TimeSpan PrepareLatents { get; set; }
    public TimeSpan Denoise { get; set; }
    public TimeSpan UNet { get; set; }
    public TimeSpan Scheduler { get; set; }
    public TimeSpan VaeDecode { get; set; }
    public TimeSpan SafetyCheck { get; set; }
    public TimeSpan PngEncode { get; set; }
    public int Steps { get; set; }

    /// <summary>The share of the denoising loop spent outside ONNX Runtime calls (guidance, scheduler, copies).</summary>
    public double OutsideOrtShare => Denoise > TimeSpan.Zero ? (Denoise - UNet) / Denoise : 0;
}
