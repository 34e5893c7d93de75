namespace DreamBot.Worker.Diffusion;

public static class DiffusionServices
{
    /// <summary>
    /// The worker's models (their ONNX sessions) and one pipeline each, created on first use and disposed by the
    /// container when the host stops.
    /// </summary>
    public static IServiceCollection AddStableDiffusion(this IServiceCollection services)
    {
        services.AddSingleton<ModelCatalog>();
        return services;
    }
}
