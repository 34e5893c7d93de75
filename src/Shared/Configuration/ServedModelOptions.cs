namespace DreamBot.Shared.Configuration;

/// <summary>One model a worker serves (an entry of <c>Model:Models</c>), with the /dream defaults that suit it.</summary>
public sealed class ServedModelOptions
{
    /// <summary>What users pick in <c>/dream model:</c>; also names the model's job queue.</summary>
    public string Name { get; set; } = "";

    /// <summary>Folder in the diffusers/Optimum ONNX layout.</summary>
    public string Path { get; set; } = "";

    /// <summary>Steps when the user gives none (few-step models such as SD-Turbo: 1 to 4).</summary>
    public int? DefaultSteps { get; set; }

    /// <summary>The most steps the model is meant for; more is refused.</summary>
    public int? MaxSteps { get; set; }

    /// <summary>Guidance when the user gives none (SD-Turbo is distilled to run without guidance: 0).</summary>
    public double? DefaultGuidance { get; set; }

    /// <summary>
    /// Width and height when the user gives none; by default the side the model was trained at (unet/config.json's
    /// sample_size times the VAE factor), needed only for exports that wrote no UNet config.
    /// </summary>
    public int? DefaultSide { get; set; }

    /// <summary>The largest side the model is meant for (an SD 1.x model repeats its subject at 1024); larger is refused.</summary>
    public int? MaxSide { get; set; }

    /// <summary>
    /// CLIP skip as the webui counts it: 1 (the default) reads the text encoder's last layer, 2 the penultimate (what
    /// "Clip skip 2" means for anime-style SD 1.x models); diffusers' <c>clip_skip</c> is this minus one. Needs an export
    /// with the encoder's hidden_states outputs; the model refuses to load otherwise.
    /// </summary>
    public int ClipSkip { get; set; } = 1;
}
