namespace DreamBot.Worker.ModelBuilder;

/// <summary>Which kind of Stable Diffusion pipeline a random-weight folder imitates.</summary>
public enum ModelFamily
{
    /// <summary>Stable Diffusion 1.x: one CLIP text encoder, PNDM.</summary>
    Sd,

    /// <summary>SDXL base: two text encoders, the UNet's text_embeds and time_ids, Euler with leading spacing.</summary>
    Sdxl,

    /// <summary>SDXL-Turbo: SDXL's parts with Euler ancestral and trailing spacing, for 1–4 steps without guidance.</summary>
    SdxlTurbo,
}
