namespace DreamBot.Shared.Data;

/// <summary>
/// A model some worker has served, with the /dream defaults it wants. Workers write it when they start; whether a
/// worker serves it right now is read from the live Hangfire servers' queues (see LiveModels).
/// </summary>
public sealed class ServedModel
{
    public string Name { get; set; } = "";

    public int? DefaultSteps { get; set; }

    public int? MaxSteps { get; set; }

    public double? DefaultGuidance { get; set; }

    /// <summary>The width the model was trained at (768 for SD 2.x-v, 1024 for SDXL); null: the server's default.</summary>
    public int? DefaultWidth { get; set; }

    public int? DefaultHeight { get; set; }

    /// <summary>The largest side the model is meant for; larger is refused. Null: only the server's cap applies.</summary>
    public int? MaxSide { get; set; }

    /// <summary>Whether the model has a VAE encoder, without which it cannot start from an image.</summary>
    public bool SupportsImageToImage { get; set; } = true;

    /// <summary>Whether the model's UNet inpaints (latents, mask and masked-image latents in): what Zoom out, Pan and masks need.</summary>
    public bool SupportsInpainting { get; set; }

    /// <summary>The upscalers the workers serving this model run, as "name:scale"; an upscale waits on the model's queue.</summary>
    public List<string> Upscalers { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}
