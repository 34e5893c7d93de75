namespace DreamBot.Worker.ModelBuilder;

/// <summary>Family facts shared by the generator's parts.</summary>
internal static class ModelFamilies
{
    public static bool IsXl(this ModelFamily family) => family is ModelFamily.Sdxl or ModelFamily.SdxlTurbo;
}
