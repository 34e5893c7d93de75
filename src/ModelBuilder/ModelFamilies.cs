namespace DreamBot.ModelBuilder;

/// <summary>Family facts shared by the generator's parts.</summary>
internal static class ModelFamilies
{
    public static bool IsXl(this ModelFamily family) => family is ModelFamily.Sdxl or ModelFamily.SdxlTurbo;

    /// <summary>The UNet's sample channels: an inpainting UNet's latents, mask and masked-image latents.</summary>
    public static int UNetInChannels(this ModelFamily family, int latentChannels) =>
        family == ModelFamily.Inpaint ? (2 * latentChannels) + 1 : latentChannels;
}
