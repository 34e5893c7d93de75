using DreamBot.Worker.Diffusion.Pipeline;
namespace DreamBot.Worker.Diffusion.Loading;

public static class DiffusionServices
{
    /// <summary>
    /// The worker's models (their ONNX sessions) and one pipeline each, created on first use and disposed by the
    /// container when the host stops, and the gate through which they (and the upscalers) take turns on the device.
    /// </summary>
    public static IServiceCollection AddStableDiffusion(this IServiceCollection services)
    {
        services.AddSingleton<DeviceGate>();
        services.AddSingleton<ModelCatalog>();
        return services;
    }
}
