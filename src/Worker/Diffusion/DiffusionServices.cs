using DreamBot.Shared.Configuration;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Diffusion;

public static class DiffusionServices
{
    /// <summary>
    /// One <see cref="StableDiffusionModel"/> (its ONNX sessions) and one pipeline per process, created on first use
    /// and disposed by the container when the host stops.
    /// </summary>
    public static IServiceCollection AddStableDiffusion(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Path))
                throw new ModelFolderException("Model:Path", "not configured (set Model__Path to a diffusers ONNX model folder)");
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<StableDiffusionModel>();
            return StableDiffusionModel.Load(options.Path, options.Device, options.DeviceId, logger);
        });
        services.AddSingleton(sp => new StableDiffusionPipeline(sp.GetRequiredService<StableDiffusionModel>(), ImageLimits.Default));
        return services;
    }
}
