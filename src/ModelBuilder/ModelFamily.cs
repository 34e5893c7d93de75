namespace DreamBot.ModelBuilder;

/// <summary>Which kind of Stable Diffusion model a random-weight folder imitates: its configs, tokenizer and extra inputs.</summary>
public enum ModelFamily
{
    /// <summary>Stable Diffusion 1.x: epsilon prediction, pads with &lt;|endoftext|&gt;.</summary>
    Sd,

    /// <summary>Stable Diffusion 2.x (768-v): v-prediction DDIM config, pads with "!", a wider text encoder, 768 px.</summary>
    Sd2,

    /// <summary>A latent consistency (LCM-distilled) SD 1.x model: the UNet takes timestep_cond, LCMScheduler config.</summary>
    Lcm,

    /// <summary>
    /// Stable Diffusion 1.x inpainting: the UNet's sample takes 9 channels (latents, mask, masked-image latents) and
    /// predicts 4; model_index names an inpaint pipeline; the VAE encoder is required.
    /// </summary>
    Inpaint,

    /// <summary>SDXL base: two text encoders, the UNet's text_embeds and time_ids, Euler with leading spacing.</summary>
    Sdxl,

    /// <summary>SDXL-Turbo: SDXL's parts with Euler ancestral and trailing spacing, for 1–4 steps without guidance.</summary>
    SdxlTurbo,
}
